using Microsoft.Extensions.Logging;
using OpsBot.Core.Ports;

namespace OpsBot.Probes;

/// <summary>
/// What every probe does around its own check: one deadline (the probe's <see cref="ProbeOptions.Timeout"/>, on the
/// injected clock) for the whole check, a failure to reach the dependency reported as an unhealthy result rather
/// than thrown, the secrets masked out of whatever is shown, and one log line that carries none of them.
/// </summary>
internal static class ProbeCheck
{
    public static async Task<ProbeResult> RunAsync(
        ProbeRequest request,
        Secrets secrets,
        TimeProvider time,
        ILogger logger,
        Func<CancellationToken, Task<ProbeResult>> check,
        CancellationToken cancellationToken)
    {
        var timeout = request.Options.Timeout;
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        ProbeResult result;
        try
        {
            result = await check(linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            result = Down(request.Name, ProbeText.TimedOut(timeout));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception itself is not logged: a server's error text may quote what it was sent.
            result = Down(request.Name, ProbeText.Unreachable(e, timeout));
            logger.LogDebug("Probe {Probe} in {Environment}: {Error}", request.Name, request.Environment, e.GetType().Name);
        }
        result = secrets.Redact(result);
        logger.LogDebug("Probe {Probe} in {Environment}: {Verdict}: {Detail}", request.Name, request.Environment,
            result.Healthy ? "healthy" : "unhealthy", result.Detail);
        return result;
    }

    /// <summary>An unhealthy result whose measurement is the failure itself ("connection refused").</summary>
    public static ProbeResult Down(string name, string why) => new(name, false, why) { Measured = why };

    /// <summary>
    /// Awaits a call that takes no token (InfluxDB.Client's <c>VersionAsync</c>) until the deadline; an abandoned call
    /// ends on the client's own timeout, and its failure is observed so it is never reported as unobserved.
    /// </summary>
    public static async Task<T> WithinAsync<T>(Task<T> task, CancellationToken cancellationToken)
    {
        try
        {
            return await task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!task.IsCompleted)
        {
            _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
    }
}
