using System.Text.Json;

namespace OpsBot.Slack.Inbound;

/// <summary>Reading Slack's JSON defensively: a missing or mistyped member is null, never an exception.</summary>
internal static class SlackJson
{
    public static JsonDocument? Parse(string text)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static JsonDocument? Parse(byte[] utf8)
    {
        try
        {
            return JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static JsonElement? Member(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    public static string? String(this JsonElement element, string name) =>
        element.Member(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static string? String(this JsonElement? element, string name) => element is { } e ? e.String(name) : null;
}
