using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.AppConfig;

/// <summary>
/// A CloudWatch alarm an environment watches while a deployment is DEPLOYING or BAKING: in ALARM, it rolls the
/// deployment back. Only alarms of the environment's own world (region) are seen; the role is kept, not checked.
/// </summary>
internal sealed record EnvironmentMonitor(string AlarmArn, string? AlarmRoleArn)
{
    public JsonObject ToJson() => new() { ["AlarmArn"] = AlarmArn, ["AlarmRoleArn"] = AlarmRoleArn };
}
