using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpsBot.Core.Configuration;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.UseCases;
using OpsBot.Testing;

namespace OpsBot.Bench;

/// <summary>
/// Starts N canaries at once on N functions, polls them to completion with a restart of the bot in the middle, and
/// prints per poll: wall and CPU time, metrics-port calls and queries, alarm calls, alias reads; then peak memory
/// and how long the restarted runner took to resume every deployment.
/// </summary>
internal static class EngineLoad
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(int canaries, TextWriter output)
    {
        await using var h = OpsBotHarness.Create(o => Configure(o, canaries), LogLevel.Error);
        var actor = new Actor("slack:U0BENCH", null, "bench");
        var process = Process.GetCurrentProcess();

        var clock = Stopwatch.StartNew();
        var started = await Task.WhenAll(Enumerable.Range(0, canaries).Select(i => Task.Run(() =>
            h.Commands.StartAsync(new RequestContext(actor), new StartCommand(Function(i)) { Version = "5" }, CancellationToken.None))));
        var startWall = clock.Elapsed;
        var refused = started.Where(r => !r.IsDone).ToList();
        if (refused.Count > 0)
        {
            output.WriteLine($"{refused.Count} starts refused, first: {refused[0].Message}");
            return 1;
        }
        clock.Restart();
        await h.Runner.AdvanceAsync([.. started.Select(r => r.Deployment!.Id)], CancellationToken.None);
        var shiftWall = clock.Elapsed;

        output.WriteLine($"OpsBot engine load: {canaries} concurrent canaries (10% for 5 min, then 100%), poll {Poll.TotalSeconds:0} s, metric period 60 s, SQLite WAL");
        output.WriteLine($"  {canaries} starts: {startWall.TotalMilliseconds:0} ms; first shift of all: {shiftWall.TotalMilliseconds:0} ms");
        output.WriteLine();
        output.WriteLine("  poll  wall ms  cpu ms  metrics calls  metric queries  alarm calls  alias reads  active");

        var resumeWall = TimeSpan.Zero;
        for (var poll = 1; poll <= 14; poll++)
        {
            if (poll == 6)
            {
                // The bot dies mid-bake; a new one on the same database resumes all of them in its first poll.
                await h.RestartAsync();
            }
            var (metrics, alarms, reads) = (h.Metrics.Calls, h.Alarms.Calls, h.Lambda.Reads);
            var cpu = process.TotalProcessorTime;
            h.Time.Advance(Poll);
            clock.Restart();
            await h.Runner.RunCycleAsync(CancellationToken.None);
            var wall = clock.Elapsed;
            process.Refresh();
            if (poll == 6)
                resumeWall = wall;
            var active = (await h.Store.ListActiveAsync(CancellationToken.None)).Count;
            output.WriteLine($"  {poll,4}{(poll == 6 ? "*" : " ")} {wall.TotalMilliseconds,7:0} {(process.TotalProcessorTime - cpu).TotalMilliseconds,7:0} {h.Metrics.Calls - metrics,14} {(h.Metrics.Calls > metrics ? h.Metrics.LastQueryCount : 0),15} {h.Alarms.Calls - alarms,12} {h.Lambda.Reads - reads,12} {active,7}");
            if (active == 0)
                break;
        }

        var finished = await h.Store.ListAsync(new Core.Ports.DeploymentQuery("bench", null, canaries * 2), CancellationToken.None);
        process.Refresh();
        output.WriteLine("  * first poll after the restart: the new runner resumed every deployment from the store and the alias");
        output.WriteLine();
        output.WriteLine($"  outcome: {string.Join(", ", finished.GroupBy(d => d.State).Select(g => $"{g.Count()} {g.Key}"))}");
        output.WriteLine($"  restart resume of {canaries}: {resumeWall.TotalMilliseconds:0} ms (goal <= 5000 ms)");
        output.WriteLine($"  peak working set: {process.PeakWorkingSet64 / 1024 / 1024} MB (goal <= 300 MB); managed heap now {GC.GetTotalMemory(false) / 1024 / 1024} MB");
        return finished.All(d => d.State == DeploymentState.Succeeded) ? 0 : 1;
    }

    private static string Function(int i) => $"fn_{i:D4}";

    private static void Configure(OpsBotOptions o, int canaries)
    {
        o.Channels.Clear();
        o.Environments.Clear();
        var env = new EnvironmentOptions
        {
            Region = "us-east-1",
            Roles = new RoleOptions { Deployer = ["slack:*"] },
        };
        for (var i = 0; i < canaries; i++)
            env.Functions[Function(i)] = new FunctionOptions { Plan = DeploymentPlan.Canary, Alarms = [$"{Function(i)}-error-rate"] };
        o.Environments["bench"] = env;
    }
}
