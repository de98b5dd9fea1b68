using System.Text.Json;

namespace OpsBot.Sns.Inbound;

/// <summary>
/// Reads an SNS delivery's body into an <see cref="SnsEnvelope"/>, or says what is wrong with it. Strict: a JSON object
/// with no repeated member, every field SNS signs or needs present as a string, a known <c>Type</c> and
/// <c>SignatureVersion</c>. A raw delivery (the bare message, no envelope) fails here: it carries no signature.
/// </summary>
internal static class SnsEnvelopeParser
{
    /// <summary>SNS's MessageIds are UUIDs; anything far longer or with odd characters is not one of them.</summary>
    private const int MaxMessageIdLength = 100;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 4, AllowDuplicateProperties = false };

    public static SnsEnvelope? Parse(ReadOnlyMemory<byte> body, out string? error)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException)
        {
            error = "The body is not JSON (or repeats a member).";
            return null;
        }
        using (document)
        {
            return Read(document.RootElement, out error);
        }
    }

    private static SnsEnvelope? Read(JsonElement root, out string? error)
    {
        error = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "The body is not a JSON object.";
            return null;
        }
        var typeName = String(root, "Type", ref error);
        SnsMessageType? type = typeName switch
        {
            "Notification" => SnsMessageType.Notification,
            "SubscriptionConfirmation" => SnsMessageType.SubscriptionConfirmation,
            "UnsubscribeConfirmation" => SnsMessageType.UnsubscribeConfirmation,
            _ => null,
        };
        if (error is null && type is null)
            error = $"Type '{SnsText.Shorten(typeName, 40)}' is not Notification, SubscriptionConfirmation or UnsubscribeConfirmation.";

        var messageId = String(root, "MessageId", ref error);
        var topicArn = String(root, "TopicArn", ref error);
        var message = String(root, "Message", ref error);
        var timestamp = String(root, "Timestamp", ref error);
        var signatureVersion = String(root, "SignatureVersion", ref error);
        var signature = String(root, "Signature", ref error);
        var certUrl = String(root, "SigningCertURL", ref error);
        var subject = OptionalString(root, "Subject", ref error);
        string? subscribeUrl = null, token = null;
        if (type is SnsMessageType.SubscriptionConfirmation or SnsMessageType.UnsubscribeConfirmation)
        {
            subscribeUrl = String(root, "SubscribeURL", ref error);
            token = String(root, "Token", ref error);
        }
        if (error is not null)
            return null;

        if (signatureVersion is not ("1" or "2"))
            error = $"SignatureVersion '{SnsText.Shorten(signatureVersion, 40)}' is not 1 or 2.";
        else if (messageId!.Length is 0 or > MaxMessageIdLength || !messageId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            error = "MessageId is not an SNS message id.";
        return error is null
            ? new SnsEnvelope(type!.Value, messageId!, topicArn!, message!, subject, timestamp!, signatureVersion!, signature!, certUrl!, subscribeUrl, token)
            : null;
    }

    private static string? String(JsonElement root, string name, ref string? error)
    {
        if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
            return value.GetString();
        error ??= $"{name} is missing or not a string.";
        return null;
    }

    /// <summary>Absent or null is absent (null is how SNS's Lambda deliveries say "no subject").</summary>
    private static string? OptionalString(JsonElement root, string name, ref string? error)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.String)
            return value.GetString();
        error ??= $"{name} is not a string.";
        return null;
    }
}
