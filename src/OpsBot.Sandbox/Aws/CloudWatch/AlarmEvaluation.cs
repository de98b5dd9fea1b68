namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>Evaluates the alarms every tick (after the traffic, which is registered before).</summary>
internal sealed class AlarmEvaluation(SandboxAlarms alarms) : ISandboxTicker
{
    public void Tick(DateTimeOffset now) => alarms.Evaluate(now);
}
