using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Flags;
using OpsBot.Core.Incidents;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.UseCases;
using OpsBot.Teams.Cards;
using OpsBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace OpsBot.Teams.Tests.Cards;

/// <summary>
/// Cards to draw for Teams: real ones from Core's builders (a deployment through its lifecycle, a flag change awaiting
/// approval and deploying, an opened incident, a health answer), the largest and most hostile ones, and the context
/// that names two Teams people (Erin, Frank) and refreshes for two users.
/// </summary>
internal static class TeamsSamples
{
    public const string ErinAad = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
    public const string FrankAad = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    public const string Erin = "teams:" + ErinAad;
    public const string Frank = "teams:" + FrankAad;

    /// <summary>Markup and mentions everywhere user text can reach: markdown, an &lt;at&gt; forgery, templating, control characters.</summary>
    public const string Hostile = "**bold** _it_ [click](https://evil.example) <at>Erin</at> `code` ~~x~~\n- list\n# heading\n1. one {{DATE(2017-02-14T06:08:39Z, SHORT)}} \u0000\u0007\r\n🚀 ü \\";

    private static readonly DateTimeOffset At = new(2026, 12, 3, 10, 14, 0, TimeSpan.Zero);

    public static TeamsCardContext Context { get; } = new(
        identity => identity switch { Erin => "Erin Example", Frank => "Frank *Markdown* <b>", _ => null },
        ["29:1erinmri", "29:1frankmri"],
        [new Uri("https://opsbot.example/charts/abc.png")]);

    public static string Long(string seed, int length) => string.Concat(Enumerable.Repeat(seed, length / seed.Length + 1))[..length];

    /// <summary>Core's deployment cards for a 20-step plan: started, baking, paused (by a Teams person, approved by two), rolled back.</summary>
    public static async Task<IReadOnlyList<(string Name, DeploymentCard Card)>> DeploymentsAsync()
    {
        await using var harness = OpsBotHarness.Create(o =>
            o.Plans["staircase"] = [.. Enumerable.Range(1, 20).Select(i => new Core.Configuration.PlanStepOptions { Weight = i * 5, Bake = TimeSpan.FromMinutes(i), Gate = i % 10 == 0 })]);
        var started = await harness.DoAsync((c, ct) => c.StartAsync(new RequestContext(OpsBotHarness.Alice), new StartCommand("structured_data_processor")
        {
            Version = "5",
            Strategy = "staircase",
        }, ct));
        Assert.True(started.IsDone, started.Message);
        var id = started.Deployment!.Id;
        var cards = new List<(string, DeploymentCard)> { ("started", DeploymentCardBuilder.From(await harness.GetAsync(id))) };
        await harness.PollForAsync(TimeSpan.FromMinutes(3));
        cards.Add(("baking", DeploymentCardBuilder.From(await harness.GetAsync(id)) with
        {
            RequestedBy = Erin,
            ApprovalApplies = true,
            Approvers = [Frank, "slack:U0BOB"],
            Notes = [$"Frozen by {Core.Identity.ChatRefs.Person(Frank)} in {Core.Identity.ChatRefs.Channel("teams", "19:abc@thread.tacv2")}"],
        }));
        await harness.DoAsync((c, ct) => c.ActAsync(new RequestContext(OpsBotHarness.Alice), new ActCommand(DeploymentAction.Pause, id) { Reason = "checking <dashboards> & *logs*" }, ct));
        cards.Add(("paused", DeploymentCardBuilder.From(await harness.GetAsync(id))));
        await harness.DoAsync((c, ct) => c.ActAsync(new RequestContext(OpsBotHarness.Alice), new ActCommand(DeploymentAction.Rollback, id) { Reason = "bad" }, ct));
        await harness.PollForAsync(TimeSpan.FromMinutes(1));
        cards.Add(("rolled back", DeploymentCardBuilder.From(await harness.GetAsync(id))));
        return cards;
    }

    /// <summary>Core's flag cards: a prod enable awaiting approval (Approve / Reject), then deploying at 40% (Stop).</summary>
    public static async Task<IReadOnlyList<(string Name, FlagCard Card)>> FlagsAsync()
    {
        await using var h = OpsBotHarness.Create();
        await h.FlagsAsync(OpsBotHarness.Alice, new FlagsChangeCommand(true, ["enable_new_api_endpoint"]) { Root = "/flags", Reason = "INC-7 fixed" });
        var change = Assert.Single(await h.FlagChanges.ListAsync("prod", 10, default));
        var cards = new List<(string, FlagCard)> { ("flags awaiting approval", FlagCardBuilder.From((await h.FlagChanges.GetAsync(change.Id, default))!)) };
        await h.FlagsAsync(OpsBotHarness.Bob, new FlagsActCommand(FlagAction.Approve, change.Id));
        var deploying = (await h.FlagChanges.GetAsync(change.Id, default))!;
        h.Flags.Progress("prod", deploying.DeploymentNumber!.Value, "DEPLOYING", 40);
        await h.PollAsync(TimeSpan.FromSeconds(30));
        cards.Add(("flags deploying", FlagCardBuilder.From((await h.FlagChanges.GetAsync(change.Id, default))!)));
        return cards;
    }

    /// <summary>Core's card of an opened incident with two flags on (so it offers "Turn off a flag…").</summary>
    public static IncidentCard Incident() => IncidentCardBuilder.From(NewIncident.Open("prod",
        new IncidentAlarm("lambda_router-error-rate", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:lambda_router-error-rate",
            "Threshold Crossed: 1 datapoint [12.0 (03/12/26 10:13:00)] was greater than the threshold (5.0).", At, "AWS/Lambda Errors (Sum) > 5 over 60 s, FunctionName=lambda_router"),
        new IncidentContext("lambda_router", "live", "19:abc@thread.tacv2", "100% on version 5", $"version 5 went live 25m ago by {Core.Identity.ChatRefs.Person(Erin)} (dep-abc123) — a likely suspect", "4", null)
        {
            FlagsOn = ["enable_new_api_endpoint", "enable_advanced_monitoring"],
        },
        new FakeTimeProvider(At)).Incident);

    public static HealthCard Health() => SampleHealthCards.Ordinary() with
    {
        At = At,
        Errors = [new ErrorGroup("Task timed out after 3.00 seconds", 21, At)],
        ErrorsNote = "rag_query_processor version 7, last 15 min: 37 lines",
        WindowStart = At.AddMinutes(-15),
        WindowEnd = At,
    };

    /// <summary>A deployment card past every budget: 100 steps, 60 long checks, 5,000-character reasons, a dozen approvers, every button.</summary>
    public static DeploymentCard LargestDeployment()
    {
        var id = "dep-" + Long("z9", 60);
        return new DeploymentCard
        {
            DeploymentId = id,
            Version = long.MaxValue,
            State = DeploymentState.AwaitingPromotion,
            Title = Long("structured_data_processor_with_a_very_long_name_", 2000),
            Headline = Long("Awaiting promotion at 10% (step 1 of 100) ", 5000),
            Tone = CardTone.Waiting,
            Versions = Long("123456789 → ", 3000),
            Strategy = "staircase (" + string.Join(" → ", Enumerable.Range(1, 100).Select(i => $"{i}%")) + ")",
            Engine = "CodeDeploy " + Long("d-ABCDEFGHI", 2500),
            Weight = 10,
            Steps = [.. Enumerable.Range(1, 100).Select(i => new CardStep(i, Long($"{i}d{i % 24}h ", 300), i < 10 ? StepStatus.Done : i == 10 ? StepStatus.Current : StepStatus.Pending, Gate: i % 3 == 0))],
            Checks = [.. Enumerable.Range(1, 60).Select(i => new CardCheck(Long("latency_p99 ", 300), (CheckStatus)(i % 4), Long("12.3% ", 400), Long("> 5% ", 400), Long($"Error rate was high & rising <{i}> ", 1500)))],
            RequestedBy = Erin,
            Approvers = [.. Enumerable.Range(1, 200).Select(i => i % 2 == 0 ? Frank : Long($"Approver {i} & <tag> ", 300))],
            Reason = Long("Paused by ⟦@" + Erin + "⟧: investigating <alarm> & *spikes*. ", 5000),
            RequestReason = Long("INC-42 <hotfix> ", 5000),
            Notes = [.. Enumerable.Range(1, 50).Select(i => Long($"❄️ Frozen by ⟦@{Erin}⟧: 🚀 quarter close & <audit>. ", 2000))],
            Buttons = [.. Enum.GetValues<DeploymentAction>().Select(a => new CardButton(a.ToString(), Long($"{a} this deployment now please ", 200),
                Primary: a is DeploymentAction.Approve or DeploymentAction.Promote, Danger: a is DeploymentAction.Reject or DeploymentAction.Rollback,
                a is DeploymentAction.Rollback ? new CardConfirm(Long("Really roll back? ", 300), Long("All traffic goes back. ", 1000), "Yes, roll back", "No") : null,
                DeploymentCard.ButtonValue(id, long.MaxValue, a)))],
            Summary = Long("structured_data_processor:live (prod) 4 → 5 ", 50_000),
        };
    }

    public static FlagCard LargestFlags(FlagCard basis) => basis with
    {
        Title = Long("Feature flags 🚀 ", 3000),
        Flags = [.. Enumerable.Range(1, 500).Select(i => new FlagCardLine($"f{i}_" + Long("enable_something_new_", 200), i % 2 == 0, i % 3 == 0))],
        Strategy = Long("AppConfig.Custom", 3000),
        AppConfig = Long("deployment 12 of version 7: DEPLOYING <x> & ", 5000),
        PercentComplete = 250,
        Approvers = [.. Enumerable.Range(1, 50).Select(i => Long($"Approver {i} ", 300))],
        Reason = Long("Stopped: <alarm> & latency. ", 5000),
        Notes = [.. Enumerable.Range(1, 30).Select(i => Long($"Note {i} by ⟦@{Frank}⟧ ", 2000))],
        Summary = Long("Feature flags (prod) ", 50_000),
    };

    public static IncidentCard LargestIncident()
    {
        var text = Long("ü🚀x", 5000);
        return Incident() with
        {
            Title = text,
            Headline = text,
            Reason = text,
            Facts = [.. Enumerable.Range(0, 40).Select(i => KeyValuePair.Create(text, text))],
            FlagChoices = [.. Enumerable.Range(0, 300).Select(i => KeyValuePair.Create(text, IncidentCard.FlagChoiceValue(Long("inc-x", 64), "prod", $"flag_{i}_" + Long("y", 50))))],
            Buttons = [.. Enum.GetValues<IncidentAction>().Select(a => new CardButton(a.ToString(), text, false, true, new CardConfirm(text, text, text, text), IncidentCard.ButtonValue("inc-x", long.MaxValue, a)))],
            Summary = text,
        };
    }

    public static HealthCard LargestHealth() => SampleHealthCards.Largest(Long("x🚀", 5000)) with { At = At };

    public static DeploymentCard HostileDeployment(DeploymentCard basis) => basis with
    {
        Title = Hostile,
        Headline = Hostile,
        Versions = Hostile,
        RequestedBy = Hostile,
        Approvers = [Hostile, Erin],
        Reason = Hostile,
        RequestReason = Hostile,
        Notes = [Hostile],
        Checks = [new CardCheck(Hostile, CheckStatus.Fail, Hostile, Hostile, Hostile)],
    };

    /// <summary>A confirmation answer (a /rollback to confirm) and an error with usage.</summary>
    public static IReadOnlyList<(string Name, CommandResult Result)> Replies() =>
    [
        ("rollback confirmation", CommandResult.Confirm($"Roll back lambda_router:live in prod to version 3? Asked by {Core.Identity.ChatRefs.Person(Erin)}.",
            RollbackConfirmation.Button("prod", "lambda_router", "3", "a1b2", "INC-7 | p99 doubled"))),
        ("invalid", CommandResult.Invalid("Unknown strategy *fast*.", "/deploy <function> [version] [--strategy canary|linear]")),
        ("done", CommandResult.Done($"Paused for {Core.Identity.ChatRefs.Person(Frank)} and {Core.Identity.ChatRefs.Person("slack:U0BOB")}.")),
    ];

    /// <summary>Every card kind, real and synthetic, with a name for failure messages.</summary>
    public static async Task<IReadOnlyList<(string Name, ChatCard Card)>> AllAsync()
    {
        var deployments = await DeploymentsAsync();
        var flags = await FlagsAsync();
        return
        [
            .. deployments.Select(d => (d.Name, (ChatCard)d.Card)),
            .. flags.Select(f => (f.Name, (ChatCard)f.Card)),
            ("incident", Incident()),
            ("health", Health()),
            ("largest deployment", LargestDeployment()),
            ("hostile deployment", HostileDeployment(deployments[1].Card)),
            ("largest flags", LargestFlags(flags[0].Card)),
            ("largest incident", LargestIncident()),
            ("largest health", LargestHealth()),
        ];
    }
}
