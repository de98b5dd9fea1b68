using System.Diagnostics;
using OpsBot.Core.Access;
using OpsBot.Core.Configuration;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.UseCases;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.UseCases;

/// <summary>
/// Every path that ends in UpdateAlias or CreateDeployment, tried by every role in every reachable state: start, admin
/// skip, approve, promote, resume, rollback with and without a target. Environment gates × plan shape × engine ×
/// freeze × deployment state × role × action; after each action the runner acts, and the traffic on versions that were
/// never live must be exactly what the rules allow — nothing moves forward past a gate, and what should move does.
/// </summary>
public sealed class ForwardPolicyTableTests
{
    private enum Gates { Open, Promotion, Start }

    private enum Shape { Canary, OneStep, GatedSteps }

    private enum Action { Start, SkipStart, Approve, Promote, Resume, Rollback, RollbackToCanaryVersion, RollbackToNewer }

    private enum At { Nothing, AwaitingApproval, Baking, AwaitingPromotion, Paused }

    private sealed record Setup(Gates Gates, bool Frozen, Shape Shape, DeploymentEngine Engine, At At)
    {
        public string Environment => $"{Gates.ToString().ToLowerInvariant()}{(Frozen ? "-frozen" : "")}";

        public string Strategy => Shape switch { Shape.Canary => "canary", Shape.OneStep => "all-at-once", _ => "gated" };

        /// <summary>The rule the table checks against, written out on its own: the start gate applies to one-step plans and to CodeDeploy.</summary>
        public bool StartGated => Gates == Gates.Start || (Gates == Gates.Promotion && (Shape == Shape.OneStep || Engine == DeploymentEngine.CodeDeploy));

        public bool FourEyes => Gates != Gates.Open;

        public int FirstWeight => Shape == Shape.OneStep ? 100 : 10;

        public int SecondWeight => Shape switch { Shape.Canary => 100, Shape.GatedSteps => 50, _ => 100 };
    }

    private sealed record Case(Setup Setup, Actor Actor, Action Action, string Function);

    // Not in a channel: the table is about traffic, and cards would only slow it down.
    private static readonly Actor[] People = [Carol with { Channel = null }, Alice with { Channel = null }, Bob with { Channel = null }, Dana with { Channel = null }];

    [Fact]
    public async Task No_path_moves_traffic_forward_past_a_gate_and_every_allowed_path_does()
    {
        var setups = Setups().ToList();
        var cases = (from setup in setups
                     from action in Actions(setup.At)
                     from actor in People
                     select (setup, actor, action)).Select((c, i) => new Case(c.setup, c.actor, c.action, $"f{i:D4}")).ToList();
        await using var h = OpsBotHarness.Create(o => Configure(o, cases), LogLevelNone);
        var watch = Stopwatch.StartNew();

        // Every case has a function of its own, so cases run side by side (as requests from many people would).
        var ids = new System.Collections.Concurrent.ConcurrentDictionary<string, string?>();
        await Parallel.ForEachAsync(cases, SideBySide, async (c, _) => ids[c.Function] = await BuildAsync(h, c));
        foreach (var env in cases.Select(c => c.Setup).Where(s => s.Frozen).Select(s => s.Environment).Distinct())
            Assert.True((await h.Commands.FreezeAsync(new RequestContext(Dana), new FreezeCommand(true, env, "table freeze"), default)).IsDone);

        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var reached = 0;
        await Parallel.ForEachAsync(cases, SideBySide, async (c, _) =>
        {
            if (!ids.TryGetValue(c.Function, out var id) || (c.Setup.At != At.Nothing && id is null))
                return; // not reachable for this setup
            Interlocked.Increment(ref reached);
            var before = NeverLive(h, c);
            await ActAsync(h, c, id);
            if (id is not null)
                await h.Runner.AdvanceAsync([id], default);
            if (await h.Store.FindActiveAsync($"{c.Setup.Environment}/{c.Function}:live", default) is { } now)
                await h.Runner.AdvanceAsync([now.Id], default);
            var after = NeverLive(h, c);
            var expected = Expected(c) ? Moved(c) : RolledBack(c) ? 0 : before;
            if (Math.Abs(after - expected) > 0.01)
                failures.Enqueue($"{c.Setup} {c.Actor.Identity} {c.Action}: never-live traffic {before}% → {after}%, expected {expected}%");
        });

        Assert.True(failures.IsEmpty, string.Join("\n", failures.Order()));
        Assert.True(reached > 1500, $"only {reached} cases were reachable");
        Console.WriteLine($"forward policy table: {reached} reachable of {cases.Count} cases in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    private static readonly ParallelOptions SideBySide = new() { MaxDegreeOfParallelism = 1 };

    private const Microsoft.Extensions.Logging.LogLevel LogLevelNone = Microsoft.Extensions.Logging.LogLevel.None;

    /// <summary>The rules, stated independently of the code: who may move traffic forward, from where, and never while frozen.</summary>
    private static bool Expected(Case c)
    {
        var s = c.Setup;
        if (s.Frozen)
            return false;
        var role = c.Actor.Identity == Dana.Identity ? Role.Admin : c.Actor.Identity == Bob.Identity ? Role.Approver : c.Actor.Identity == Alice.Identity ? Role.Deployer : Role.Viewer;
        var requester = c.Actor.Identity == Alice.Identity;
        return c.Action switch
        {
            Action.Start => s.At == At.Nothing && role >= Role.Deployer && !s.StartGated,
            Action.SkipStart => s.At == At.Nothing && role == Role.Admin,
            Action.Approve => s.At == At.AwaitingApproval && role >= Role.Approver && !(s.FourEyes && requester),
            // Promote moves on to the next step; at the last step (all at once) there is nothing further to move.
            Action.Promote => s.At == At.AwaitingPromotion && s.Shape != Shape.OneStep && role >= Role.Approver && !(s.FourEyes && requester),
            // Resume re-applies the paused weight; rollbacks never move forward.
            _ => false,
        };
    }

    /// <summary>A deployer's plain rollback of a deployment in flight takes every never-live version off the alias, frozen or not.</summary>
    private static bool RolledBack(Case c) =>
        c.Action == Action.Rollback && c.Setup.At != At.Nothing && c.Actor.Identity != Carol.Identity;

    /// <summary>Never-live traffic after an allowed forward move.</summary>
    private static double Moved(Case c) => c.Action == Action.Promote ? c.Setup.SecondWeight : c.Setup.FirstWeight;

    private static IEnumerable<Setup> Setups()
    {
        foreach (var frozen in new[] { false, true })
        foreach (var gates in Enum.GetValues<Gates>())
        foreach (var shape in Enum.GetValues<Shape>())
        foreach (var engine in new[] { DeploymentEngine.Alias, DeploymentEngine.CodeDeploy })
        {
            if (engine == DeploymentEngine.CodeDeploy && shape == Shape.GatedSteps)
                continue; // refused at the start: CodeDeploy cannot pause for a person
            // CodeDeploy runs on its own once started: its person-driven states are before the start only.
            var states = engine == DeploymentEngine.CodeDeploy
                ? new[] { At.Nothing, At.AwaitingApproval }
                : Enum.GetValues<At>();
            foreach (var at in states)
                yield return new Setup(gates, frozen, shape, engine, at);
        }
    }

    private static IEnumerable<Action> Actions(At at) => at == At.Nothing
        ? [Action.Start, Action.SkipStart, Action.Rollback, Action.RollbackToCanaryVersion, Action.RollbackToNewer]
        : [Action.Approve, Action.Promote, Action.Resume, Action.Rollback, Action.RollbackToCanaryVersion, Action.RollbackToNewer];

    private static void Configure(OpsBotOptions o, IReadOnlyList<Case> cases)
    {
        o.Channels.Clear();
        o.Environments.Clear();
        o.Plans["gated"] = [new() { Weight = 10, Bake = TimeSpan.FromMinutes(5), Gate = true }, new() { Weight = 50, Bake = TimeSpan.FromMinutes(5) }, new() { Weight = 100 }];
        foreach (var group in cases.GroupBy(c => c.Setup.Environment))
        {
            var gates = group.First().Setup.Gates;
            var env = new EnvironmentOptions
            {
                Region = "us-east-1",
                Gates = new GateOptions
                {
                    StartApproval = gates == Gates.Start,
                    PromotionApproval = gates != Gates.Open,
                    FourEyes = gates != Gates.Open,
                },
                Roles = new RoleOptions { Viewer = ["slack:*"], Deployer = [Alice.Identity], Approver = [Bob.Identity], Admin = [Dana.Identity] },
            };
            foreach (var c in group)
            {
                env.Functions[c.Function] = new FunctionOptions
                {
                    CodeDeploy = new CodeDeployOptions { Application = "app", DeploymentGroup = $"{c.Function}-group" },
                };
            }
            o.Environments[group.Key] = env;
        }
    }

    /// <summary>Brings the case's function to its setup's state through the same commands and intents as in production; null when it cannot be reached.</summary>
    private static async Task<string?> BuildAsync(OpsBotHarness h, Case c)
    {
        var s = c.Setup;
        await h.Lambda.PublishAsync(new FunctionTarget { Environment = s.Environment, Function = c.Function, Alias = "live" }, "never live", default);
        if (s.At == At.Nothing)
            return null;
        var started = await h.StartAsync(People[1], c.Function, strategy: s.Strategy, engine: s.Engine, environment: s.Environment);
        Assert.True(started.IsDone, $"{s}: {started.Message}");
        var id = started.Deployment!.Id;
        if (s.At == At.AwaitingApproval)
            return (await h.GetAsync(id)).State == DeploymentState.AwaitingApproval ? id : null;
        if ((await h.GetAsync(id)).State == DeploymentState.AwaitingApproval)
            Assert.True((await h.ActAsync(People[2], DeploymentAction.Approve, id)).IsDone);
        if ((await h.GetAsync(id)).State != DeploymentState.Baking)
            return null;
        switch (s.At)
        {
            case At.Baking:
                return id;
            case At.Paused:
                Assert.True((await h.ActAsync(People[1], DeploymentAction.Pause, id)).IsDone);
                return id;
            default:
                var d = await h.GetAsync(id);
                var workflow = new DeploymentWorkflow(d, h.Time);
                workflow.CompleteBake("baked (table)");
                if (d.State != DeploymentState.AwaitingPromotion)
                    return null;
                await h.Store.SaveAsync(d, workflow.Changes, default);
                return id;
        }
    }

    private static Task<CommandResult> ActAsync(OpsBotHarness h, Case c, string? id) => c.Action switch
    {
        Action.Start => h.StartAsync(c.Actor, c.Function, strategy: c.Setup.Strategy, engine: c.Setup.Engine, environment: c.Setup.Environment),
        Action.SkipStart => h.StartAsync(c.Actor, c.Function, strategy: c.Setup.Strategy, engine: c.Setup.Engine, environment: c.Setup.Environment,
            skipApproval: true, reason: "table"),
        Action.Rollback => h.RollbackAsync(c.Actor, c.Function, environment: c.Setup.Environment),
        Action.RollbackToCanaryVersion => h.RollbackAsync(c.Actor, c.Function, targetVersion: "5", environment: c.Setup.Environment),
        Action.RollbackToNewer => h.RollbackAsync(c.Actor, c.Function, targetVersion: "6", environment: c.Setup.Environment),
        Action.Approve => h.ActAsync(c.Actor, DeploymentAction.Approve, id!),
        Action.Promote => h.ActAsync(c.Actor, DeploymentAction.Promote, id!),
        Action.Resume => h.ActAsync(c.Actor, DeploymentAction.Resume, id!),
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    /// <summary>Traffic on the versions that were never live on the alias: 5 (the release) and 6 (published, never deployed).</summary>
    private static double NeverLive(OpsBotHarness h, Case c)
    {
        var alias = h.Lambda.Alias(c.Setup.Environment, c.Function);
        return alias.PercentOf("5") + alias.PercentOf("6");
    }
}
