using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>
/// SNS over awsQuery (2010-03-31): <c>Publish</c> to a topic, checked as SNS checks it — a topic that exists (404
/// NotFound), a non-empty message of at most 256 KB, a valid subject, well-formed message attributes — and kept in
/// <see cref="SnsWorld"/>, which delivers it to the topic's confirmed subscriptions. Answers
/// <c>&lt;PublishResponse&gt;&lt;PublishResult&gt;&lt;MessageId&gt;</c>. HTTP/HTTPS subscriptions and topic attributes are
/// in <c>SnsEmulator.Subscriptions.cs</c>.
/// </summary>
internal sealed partial class SnsEmulator(SnsWorld world) : IAwsServiceEmulator
{
    private const int MaxMessageBytes = 262_144;
    private const int MaxSubject = 100;
    private const int MaxAttributes = 10;
    private const string Attribute = "MessageAttributes.entry.";

    public string SigningName => "sns";

    public Task<IResult> HandleAsync(AwsCall call, CancellationToken cancellationToken)
    {
        var form = call.Form();
        try
        {
            var action = form.GetValueOrDefault("Action");
            return Task.FromResult(action switch
            {
                "Publish" => Publish(call, form),
                "Subscribe" => Subscribe(call, form),
                "ConfirmSubscription" => ConfirmSubscription(call, form),
                "ListSubscriptionsByTopic" => ListSubscriptionsByTopic(call, form),
                "Unsubscribe" => Unsubscribe(call, form),
                "GetTopicAttributes" => GetTopicAttributes(call, form),
                "SetTopicAttributes" => SetTopicAttributes(call, form),
                null or "" => throw new SnsFault(HttpStatusCode.BadRequest, "MissingAction", "The request must contain the parameter Action."),
                _ => throw new SnsFault(HttpStatusCode.BadRequest, "InvalidAction", $"Could not find operation {action} for version 2010-03-31"),
            });
        }
        catch (SnsFault fault)
        {
            return Task.FromResult(fault.ToResult(call));
        }
    }

    private IResult Publish(AwsCall call, Dictionary<string, string> form)
    {
        if (form.ContainsKey("PhoneNumber"))
            throw SnsFault.InvalidParameter("PhoneNumber Reason: the sandbox publishes to topics only");
        var topic = form.GetValueOrDefault("TopicArn") ?? form.GetValueOrDefault("TargetArn");
        if (string.IsNullOrEmpty(topic))
            throw SnsFault.InvalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
        if (topic.Split(':') is not ["arn", _, "sns", _, _, { Length: > 0 }])
            throw SnsFault.InvalidParameter("TopicArn");
        if (form.ContainsKey("MessageDeduplicationId"))
            throw SnsFault.InvalidParameter("MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type");

        var message = form.GetValueOrDefault("Message");
        if (string.IsNullOrEmpty(message))
            throw SnsFault.InvalidParameter("Empty message");
        if (Encoding.UTF8.GetByteCount(message) > MaxMessageBytes)
            throw SnsFault.InvalidParameter("Message too long");
        if (form.GetValueOrDefault("MessageStructure") is { } structure)
            message = Structured(structure, message);

        var subject = form.GetValueOrDefault("Subject");
        if (subject is not null && !ValidSubject(subject))
            throw SnsFault.InvalidParameter("Subject");

        var page = world.Publish(topic, subject, message, Attributes(form));
        return AwsResults.QueryResult(call, "Publish", SnsFault.Namespace, $"<MessageId>{AwsResults.Escape(page.MessageId)}</MessageId>");
    }

    /// <summary>SNS: ASCII text that begins with a letter, number or punctuation mark, without line breaks or control characters, at most 100 characters.</summary>
    private static bool ValidSubject(string subject) =>
        subject.Length is > 0 and <= MaxSubject &&
        subject.All(c => c is >= ' ' and <= '~') &&
        (char.IsAsciiLetterOrDigit(subject[0]) || char.IsPunctuation(subject[0]) || char.IsSymbol(subject[0]));

    /// <summary><c>MessageStructure=json</c>: the message is a JSON object of per-protocol messages; what a topic keeps is its <c>default</c>.</summary>
    private static string Structured(string structure, string message)
    {
        if (structure != "json")
            throw SnsFault.InvalidParameter("MessageStructure");
        try
        {
            return JsonNode.Parse(message) is JsonObject json && json["default"] is JsonValue value && value.GetValueKind() == JsonValueKind.String
                ? value.GetValue<string>()
                : throw SnsFault.InvalidParameter("Message Structure - No default entry in JSON message body");
        }
        catch (JsonException)
        {
            throw SnsFault.InvalidParameter("Message Structure - JSON message body failed to parse");
        }
    }

    /// <summary>
    /// <c>MessageAttributes.entry.N.Name</c> and <c>.Value.DataType</c> / <c>.Value.StringValue</c> / <c>.Value.BinaryValue</c>:
    /// at most ten, each with a type SNS knows (String, Number, Binary, optionally with a custom suffix, or String.Array)
    /// and a value of that type.
    /// </summary>
    private static Dictionary<string, (string Type, string Value)> Attributes(Dictionary<string, string> form)
    {
        var entries = form.Keys
            .Where(k => k.StartsWith(Attribute, StringComparison.Ordinal))
            .Select(k => k[Attribute.Length..].Split('.', 2)[0])
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue)
            .ToList();
        if (entries.Count > MaxAttributes)
            throw SnsFault.InvalidValue($"Number of message attributes [{entries.Count}] exceeds the allowed maximum [{MaxAttributes}].");
        var attributes = new Dictionary<string, (string Type, string Value)>(StringComparer.Ordinal);
        foreach (var n in entries)
        {
            var prefix = $"{Attribute}{n}.";
            var name = form.GetValueOrDefault(prefix + "Name");
            if (string.IsNullOrEmpty(name))
                throw SnsFault.InvalidParameter($"MessageAttributes Reason: entry {n} has no Name");
            var type = form.GetValueOrDefault(prefix + "Value.DataType");
            if (string.IsNullOrEmpty(type))
                throw SnsFault.InvalidValue($"The message attribute '{name}' must contain non-empty message attribute type.");
            var baseType = type.Split('.', 2)[0];
            var value = baseType == "Binary" ? form.GetValueOrDefault(prefix + "Value.BinaryValue") : form.GetValueOrDefault(prefix + "Value.StringValue");
            if (baseType is not ("String" or "Number" or "Binary"))
                throw SnsFault.InvalidValue($"The message attribute '{name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.");
            if (string.IsNullOrEmpty(value))
                throw SnsFault.InvalidValue($"The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{type}'.");
            if (baseType == "Number" && !decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                throw SnsFault.InvalidValue($"Could not cast message attribute '{name}' value to number.");
            attributes[name] = (type, value);
        }
        return attributes;
    }
}
