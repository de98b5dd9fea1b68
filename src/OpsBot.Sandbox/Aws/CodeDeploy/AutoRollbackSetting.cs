namespace OpsBot.Sandbox.Aws.CodeDeploy;

/// <summary>Which events make CodeDeploy roll back by itself (<c>DEPLOYMENT_FAILURE</c>, <c>DEPLOYMENT_STOP_ON_REQUEST</c>, <c>DEPLOYMENT_STOP_ON_ALARM</c>).</summary>
internal sealed record AutoRollbackSetting(bool Enabled, IReadOnlyList<string> Events)
{
    public const string OnFailure = "DEPLOYMENT_FAILURE";
    public const string OnStopRequest = "DEPLOYMENT_STOP_ON_REQUEST";
    public const string OnAlarm = "DEPLOYMENT_STOP_ON_ALARM";

    public bool On(string @event) => Enabled && Events.Contains(@event);
}
