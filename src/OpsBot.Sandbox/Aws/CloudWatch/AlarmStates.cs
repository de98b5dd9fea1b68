namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>The values of an alarm's <c>StateValue</c>.</summary>
internal static class AlarmStates
{
    public const string Ok = "OK";
    public const string Alarm = "ALARM";
    public const string InsufficientData = "INSUFFICIENT_DATA";

    public static readonly IReadOnlyList<string> All = [Ok, Alarm, InsufficientData];
}
