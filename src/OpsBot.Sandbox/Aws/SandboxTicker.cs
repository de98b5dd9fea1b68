using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpsBot.Sandbox.Aws;

/// <summary>Something in the simulated world that moves with time (traffic, CodeDeploy and AppConfig deployments, alarms).</summary>
internal interface ISandboxTicker
{
    /// <summary>Brings this part of the world up to <paramref name="now"/>; called about once a second, in registration order.</summary>
    void Tick(DateTimeOffset now);
}

/// <summary>Moves the simulated world on once a second (on the TimeProvider, so tests can drive it).</summary>
internal sealed class SandboxClockwork(IEnumerable<ISandboxTicker> tickers, TimeProvider time, ILogger<SandboxClockwork> logger) : BackgroundService
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    /// <summary>Runs every ticker once, now (tests call it after moving a fake clock).</summary>
    public void TickAll()
    {
        var now = time.GetUtcNow();
        foreach (var ticker in tickers)
        {
            try
            {
                ticker.Tick(now);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Sandbox ticker {Ticker} failed", ticker.GetType().Name);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Step, time);
        TickAll();
        while (await timer.WaitForNextTickAsync(stoppingToken))
            TickAll();
    }
}

/// <summary>Where each function's alias sends its traffic now: read by the traffic simulation, written by Lambda and CodeDeploy.</summary>
internal interface ITrafficRoutes
{
    /// <summary>Every alias with the share (0..1) of its traffic each version gets.</summary>
    IReadOnlyList<AliasRoute> Routes();
}

/// <summary>One alias's split: versions and the share of traffic (0..1) each gets, summing to 1.</summary>
internal sealed record AliasRoute(string Function, string Alias, IReadOnlyList<(string Version, double Share)> Versions);
