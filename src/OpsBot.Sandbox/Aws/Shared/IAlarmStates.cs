namespace OpsBot.Sandbox.Aws.Shared;

/// <summary>
/// The states of this world's CloudWatch alarms, by ARN: what AppConfig's environment monitors read while a deployment
/// is in progress (CloudWatch's alarms, in the emulator).
/// </summary>
internal interface IAlarmStates
{
    /// <summary>OK, ALARM or INSUFFICIENT_DATA; null for an alarm this world does not have (another region's, say).</summary>
    string? StateOf(string alarmArn);
}
