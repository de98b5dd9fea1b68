using System.Globalization;
using System.Text.Json;
using OpsBot.Core.Alarms;
using OpsBot.Core.Ports;
using OpsBot.Sns.Inbound;

namespace OpsBot.Sns.Alarms;

/// <summary>
/// Reads the <c>Message</c> of a verified notification as CloudWatch's alarm state change (AWS's "Amazon SNS
/// notification examples for CloudWatch alarms") into a Core <see cref="AlarmEvent"/>: AlarmName, NewStateValue,
/// OldStateValue, NewStateReason, StateChangeTime (<c>2026-12-03T10:15:02.123+0000</c>), AlarmArn, AlarmDescription,
/// and the <see cref="CloudWatchAlarmTrigger"/>. A message without an alarm name and a known new state is not an alarm
/// (another publisher on a shared topic, OpsBot's own pages) and gives null with why.
/// </summary>
internal static class CloudWatchAlarmMessage
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    public static AlarmEvent? Parse(SnsEnvelope notification, out string? notAnAlarm)
    {
        notAnAlarm = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(notification.Message, Options);
        }
        catch (JsonException)
        {
            notAnAlarm = "the message is not JSON";
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                notAnAlarm = "the message is not a JSON object";
                return null;
            }
            var name = Json.String(root, "AlarmName");
            var state = State(Json.String(root, "NewStateValue"));
            if (string.IsNullOrEmpty(name) || state is null)
            {
                notAnAlarm = "the message has no AlarmName and NewStateValue of OK, ALARM or INSUFFICIENT_DATA";
                return null;
            }
            return new AlarmEvent
            {
                MessageId = notification.MessageId,
                TopicArn = notification.TopicArn,
                AlarmName = name,
                AlarmArn = Json.String(root, "AlarmArn") is { Length: > 0 } arn ? arn : ArnFromTopic(notification.TopicArn, Json.String(root, "AWSAccountId"), name),
                NewState = state.Value,
                OldState = State(Json.String(root, "OldStateValue")),
                Reason = Json.String(root, "NewStateReason"),
                StateChangeTime = Time(Json.String(root, "StateChangeTime")) ?? Time(notification.Timestamp) ?? default,
                Description = Json.String(root, "AlarmDescription"),
                Trigger = root.TryGetProperty("Trigger", out var trigger) && trigger.ValueKind == JsonValueKind.Object
                    ? CloudWatchAlarmTrigger.Read(trigger)
                    : null,
            };
        }
    }

    private static AlarmState? State(string? value) => value switch
    {
        "OK" => AlarmState.Ok,
        "ALARM" => AlarmState.Alarm,
        "INSUFFICIENT_DATA" => AlarmState.InsufficientData,
        _ => null,
    };

    /// <summary>
    /// CloudWatch's time, <c>2026-12-03T10:15:02.123+0000</c>: an offset without a colon, which the round-trip parse
    /// does not take, so the colon is put in first.
    /// </summary>
    internal static DateTimeOffset? Time(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (value.Length > 5 && value[^5] is '+' or '-' && value[^4..].All(char.IsAsciiDigit))
            value = value[..^2] + ":" + value[^2..];
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
    }

    /// <summary>
    /// Old alarm messages carry no AlarmArn. An alarm notifies a topic of its own region, so the topic's ARN gives the
    /// partition and region, and AWSAccountId (else the topic's account) the account.
    /// </summary>
    private static string ArnFromTopic(string topicArn, string? account, string name)
    {
        var parts = topicArn.Split(':');
        var partition = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : "aws";
        var region = parts.Length > 3 ? parts[3] : "";
        var owner = !string.IsNullOrEmpty(account) ? account : parts.Length > 4 ? parts[4] : "";
        return $"arn:{partition}:cloudwatch:{region}:{owner}:alarm:{name}";
    }
}
