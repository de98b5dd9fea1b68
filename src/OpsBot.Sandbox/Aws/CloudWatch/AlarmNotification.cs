using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>
/// What CloudWatch publishes to an alarm's SNS actions on a state change: the subject
/// (<c>ALARM: "name" in US East (N. Virginia)</c>) and the message, a JSON document with the documented members in
/// CloudWatch's order — AlarmName, AlarmDescription, AWSAccountId, AlarmConfigurationUpdatedTimestamp, NewStateValue,
/// NewStateReason, StateChangeTime, Region (its display name), AlarmArn, OldStateValue, OKActions, AlarmActions,
/// InsufficientDataActions and Trigger; times as <c>2026-12-03T10:15:02.123+0000</c>.
/// </summary>
internal static class AlarmNotification
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Subject(AlarmChange change) => $"{change.NewState}: \"{change.AlarmName}\" in {RegionDisplayNames.Of(Region(change))}";

    public static string Message(AlarmChange change)
    {
        var message = new JsonObject
        {
            ["AlarmName"] = change.AlarmName,
            ["AlarmDescription"] = change.AlarmDescription,
            ["AWSAccountId"] = ArnPart(change, 4),
            ["AlarmConfigurationUpdatedTimestamp"] = AlarmJudgement.IsoTime(change.ConfigurationUpdatedAt),
            ["NewStateValue"] = change.NewState,
            ["NewStateReason"] = change.Reason,
            ["StateChangeTime"] = AlarmJudgement.IsoTime(change.At),
            ["Region"] = RegionDisplayNames.Of(Region(change)),
            ["AlarmArn"] = change.AlarmArn,
            ["OldStateValue"] = change.OldState,
            ["OKActions"] = Strings(change.OkActions),
            ["AlarmActions"] = Strings(change.AlarmActions),
            ["InsufficientDataActions"] = Strings(change.InsufficientDataActions),
            ["Trigger"] = JsonNode.Parse(change.Trigger),
        };
        return message.ToJsonString(Compact);
    }

    private static string Region(AlarmChange change) => ArnPart(change, 3);

    /// <summary>A part of the alarm's ARN, <c>arn:aws:cloudwatch:{region}:{account}:alarm:{name}</c>.</summary>
    private static string ArnPart(AlarmChange change, int index) => change.AlarmArn.Split(':')[index];

    private static JsonArray Strings(IReadOnlyList<string> values) => [.. values.Select(v => (JsonNode)v)];
}
