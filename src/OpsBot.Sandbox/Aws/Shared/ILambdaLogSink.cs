namespace OpsBot.Sandbox.Aws.Shared;

/// <summary>
/// What one version's failed invocations of one second leave in its logs: <paramref name="Errors"/> failed
/// invocations, of which <paramref name="Timeouts"/> ran out of time; <paramref name="Faulty"/> when a fault made them.
/// </summary>
internal readonly record struct LambdaErrorSecond(string Function, string Version, long Second, int Errors, int Timeouts, bool Faulty);

/// <summary>Where the simulated traffic reports its failed invocations: CloudWatch Logs, which writes their error lines.</summary>
internal interface ILambdaLogSink
{
    void Write(LambdaErrorSecond errors);
}
