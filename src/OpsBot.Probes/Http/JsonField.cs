using System.Text.Json;

namespace OpsBot.Probes.Http;

/// <summary>Reads one field of a JSON answer by a dotted path (<c>status</c>, <c>checks.db</c>) as text.</summary>
internal static class JsonField
{
    /// <summary>The field's value as text (a string as is, a number or a boolean as written, null as "null"); null when the path is missing.</summary>
    public static string? Read(JsonElement root, string path)
    {
        var at = root;
        foreach (var name in path.Split('.'))
        {
            if (at.ValueKind == JsonValueKind.Object && at.TryGetProperty(name, out var next))
                at = next;
            else if (at.ValueKind == JsonValueKind.Array && int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) && i < at.GetArrayLength())
                at = at[i];
            else
                return null;
        }
        return at.ValueKind switch
        {
            JsonValueKind.String => at.GetString(),
            JsonValueKind.Null => "null",
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => at.GetRawText(),
        };
    }
}
