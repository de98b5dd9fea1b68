using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace OpsBot.Slack.Inbound;

/// <summary>An <c>application/x-www-form-urlencoded</c> body, read from the verified raw bytes.</summary>
internal sealed class SlackForm(Dictionary<string, StringValues> fields)
{
    /// <summary>The form, or null when it cannot be read as one.</summary>
    public static SlackForm? Parse(byte[] body)
    {
        try
        {
            using var reader = new FormReader(Encoding.UTF8.GetString(body)) { ValueCountLimit = 64, ValueLengthLimit = SlackInbound.MaxBodyBytes };
            return new SlackForm(reader.ReadForm());
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>A field given once; a repeated field is as good as none.</summary>
    public string? this[string name] => fields.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;
}
