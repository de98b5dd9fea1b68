using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>
/// The JSON body SNS POSTs to an HTTP/HTTPS endpoint, signed and laid out as SNS lays it out (<c>"Type" : "Notification",</c>
/// one member a line, in SNS's order): a Notification's Type, MessageId, TopicArn, Subject, Message, Timestamp,
/// SignatureVersion, Signature, SigningCertURL, UnsubscribeURL and MessageAttributes; a confirmation's Type, MessageId,
/// Token, TopicArn, Message, SubscribeURL, Timestamp, SignatureVersion, Signature and SigningCertURL.
/// </summary>
internal static class SnsMessageBody
{
    private static readonly JsonSerializerOptions Strings = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Of(SnsMessage message, SnsPublicHost host)
    {
        var members = new List<(string Name, string? Value)>
        {
            ("Type", message.Type),
            ("MessageId", message.MessageId),
        };
        var timestamp = message.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        if (message.Type == SnsMessage.Notification)
        {
            members.AddRange([
                ("TopicArn", message.TopicArn), ("Subject", message.Subject), ("Message", message.Message), ("Timestamp", timestamp)]);
        }
        else
        {
            members.AddRange([
                ("Token", message.Token), ("TopicArn", message.TopicArn), ("Message", message.Message),
                ("SubscribeURL", host.SubscribeUrl(message.TopicArn, message.Token!).ToString()), ("Timestamp", timestamp)]);
        }
        var signature = host.Sign(SnsStringToSign.Of(message.Type, members.ToDictionary(m => m.Name, m => m.Value, StringComparer.Ordinal)), message.SignatureVersion);
        members.AddRange([
            ("SignatureVersion", message.SignatureVersion), ("Signature", signature), ("SigningCertURL", host.SigningCertificateUrl.ToString())]);
        if (message.Type == SnsMessage.Notification)
            members.Add(("UnsubscribeURL", host.UnsubscribeUrl(message.SubscriptionArn).ToString()));

        var lines = members.Where(m => m.Value is not null).Select(m => $"  \"{m.Name}\" : {JsonSerializer.Serialize(m.Value, Strings)}").ToList();
        if (message.Attributes is { Count: > 0 } attributes)
        {
            var entries = attributes.Select(a => $"    {JsonSerializer.Serialize(a.Key, Strings)} : " +
                $"{{\"Type\":{JsonSerializer.Serialize(a.Value.Type, Strings)},\"Value\":{JsonSerializer.Serialize(a.Value.Value, Strings)}}}");
            lines.Add($"  \"MessageAttributes\" : {{\n{string.Join(",\n", entries)}\n  }}");
        }
        return new StringBuilder("{\n").AppendJoin(",\n", lines).Append("\n}").ToString();
    }
}
