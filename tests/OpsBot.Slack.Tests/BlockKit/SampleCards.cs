using OpsBot.Core.Configuration;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.UseCases;
using OpsBot.Testing;

namespace OpsBot.Slack.Tests.BlockKit;

/// <summary>Cards to render: the largest and most hostile ones OpsBot could draw, and real ones from Core through a lifecycle.</summary>
internal static class SampleCards
{
    private const string Hostile = "<!channel> <@U0EVIL> <https://evil.example|click> & *bold* `code` ```block``` _it_ ~strike~ \u0000\u0007\r\n\t 🚀 ✓ ü";

    public static string Long(string seed, int length) => string.Concat(Enumerable.Repeat(seed, length / seed.Length + 1))[..length];

    /// <summary>Every field at or past what Slack allows: 100 steps, 60 long checks, a 5,000-character reason, a dozen approvers, six buttons.</summary>
    public static DeploymentCard Largest()
    {
        var id = "dep-" + Long("z9", 60);
        return new DeploymentCard
        {
            DeploymentId = id,
            Version = long.MaxValue,
            State = DeploymentState.AwaitingPromotion,
            Title = Long("structured_data_processor_with_a_very_long_name_", 200) + ":live (production-eu-west-1)",
            Headline = Long("Awaiting promotion at 10% (step 1 of 100) ", 500),
            Tone = CardTone.Waiting,
            Versions = Long("123456789 → ", 3000),
            Strategy = "staircase (" + string.Join(" → ", Enumerable.Range(1, 100).Select(i => $"{i}%")) + ")",
            Engine = "CodeDeploy " + Long("d-ABCDEFGHI", 2500),
            Weight = 10,
            Steps = [.. Enumerable.Range(1, 100).Select(i => new CardStep(i, $"{i}d{i % 24}h{i % 60}m{i % 60}s", i < 10 ? StepStatus.Done : i == 10 ? StepStatus.Current : StepStatus.Pending, Gate: i % 3 == 0))],
            Checks = [.. Enumerable.Range(1, 60).Select(i => new CardCheck(
                $"check-{i}-" + Long("latency_p99_of_version_", 300),
                (CheckStatus)(i % 4),
                Long("12.3456% ", 400),
                Long("> 5% for 2 periods ", 400),
                Long($"Error rate of version 5 was high & rising <{i}> ", 1500)))],
            RequestedBy = "slack:U0ALICE",
            Approvers = [.. Enumerable.Range(1, 12).Select(i => i % 2 == 0 ? $"slack:U0APPROVER{i}" : Long($"Approver Number {i} With A Long Name & <tag> ", 300))],
            Reason = Long("Paused by alice: investigating <alarm> & latency spikes on the new version. ", 5000),
            RequestReason = Long("INC-42 <hotfix> & a reason as long as a person may type it. ", 5000),
            Notes = [.. Enumerable.Range(1, 8).Select(i => Long($"❄️ Frozen by ⟦@slack:U0ERIN{i}⟧: quarter close & <audit>. ", 900))],
            Buttons = [.. Enum.GetValues<DeploymentAction>().Select(a => new CardButton(a.ToString(), Long($"{a} this deployment now please ", 200),
                Primary: a is DeploymentAction.Approve or DeploymentAction.Promote or DeploymentAction.Resume,
                Danger: a is DeploymentAction.Reject or DeploymentAction.Rollback,
                a is DeploymentAction.Reject or DeploymentAction.Rollback
                    ? new CardConfirm(Long("Really roll back? ", 300), Long("All traffic goes back & nothing stays on the new version. ", 1000), Long("Yes, do it ", 100), Long("No, keep it ", 100))
                    : null,
                DeploymentCard.ButtonValue(id, long.MaxValue, a)))],
            Summary = Long("structured_data_processor:live (prod) 4 → 5: awaiting promotion ", 50_000),
        };
    }

    /// <summary>User text everywhere it can reach: markup, mentions, links, control characters.</summary>
    public static DeploymentCard HostileText() => Largest() with
    {
        Title = Hostile,
        Headline = Hostile,
        Versions = Hostile,
        Strategy = Hostile,
        Engine = Hostile,
        RequestedBy = Hostile,
        Approvers = [Hostile, "slack:U0BOB", "slack:<!here>"],
        Reason = Hostile,
        Notes = [Hostile, "Frozen by ⟦@slack:<!here>⟧ in ⟦#slack:<!channel>⟧"],
        Steps = [new CardStep(10, Hostile, StepStatus.Current, true), new CardStep(100, "", StepStatus.Pending, false)],
        Checks = [new CardCheck(Hostile, CheckStatus.Fail, Hostile, Hostile, Hostile)],
        Buttons = [new CardButton("Rollback", Hostile, false, true, new CardConfirm(Hostile, Hostile, Hostile, Hostile), "dep-abc|1|Rollback")],
    };

    /// <summary>The least a card can hold: nothing optional, empty strings where strings are required.</summary>
    public static DeploymentCard Empty() => new()
    {
        DeploymentId = "dep-abc",
        Version = 0,
        State = DeploymentState.Pending,
        Title = "",
        Headline = "",
        Tone = CardTone.Progress,
        Versions = "",
        Strategy = "",
        Engine = "",
        Weight = 0,
        Steps = [],
        Checks = [],
        RequestedBy = "",
        Approvers = [],
        Buttons = [],
        Summary = "",
    };

    /// <summary>Cards Core draws for a 100-step custom plan in prod: started, baking with health checks, paused, rolled back.</summary>
    public static async Task<IReadOnlyList<(string Name, DeploymentCard Card)>> FromCoreAsync()
    {
        await using var harness = OpsBotHarness.Create(o =>
        {
            o.Plans["staircase"] = [.. Enumerable.Range(1, 100).Select(i => new PlanStepOptions { Weight = i, Bake = TimeSpan.FromMinutes(i), Gate = i % 10 == 0 })];
        });
        var cards = new List<(string, DeploymentCard)>();
        var started = await harness.DoAsync((c, ct) => c.StartAsync(new RequestContext(OpsBotHarness.Alice), new StartCommand("structured_data_processor")
        {
            Version = "5",
            Strategy = "staircase",
        }, ct));
        Assert.True(started.IsDone, started.Message);
        var id = started.Deployment!.Id;
        cards.Add(("started", DeploymentCardBuilder.From(await harness.GetAsync(id))));
        await harness.PollForAsync(TimeSpan.FromMinutes(3));
        cards.Add(("baking", DeploymentCardBuilder.From(await harness.GetAsync(id))));
        await harness.DoAsync((c, ct) => c.ActAsync(new RequestContext(OpsBotHarness.Alice), new ActCommand(DeploymentAction.Pause, id) { Reason = Long("checking <dashboards> & logs ", 2000) }, ct));
        cards.Add(("paused", DeploymentCardBuilder.From(await harness.GetAsync(id))));
        await harness.DoAsync((c, ct) => c.ActAsync(new RequestContext(OpsBotHarness.Alice), new ActCommand(DeploymentAction.Rollback, id) { Reason = "bad" }, ct));
        await harness.PollForAsync(TimeSpan.FromMinutes(1));
        cards.Add(("rolled back", DeploymentCardBuilder.From(await harness.GetAsync(id))));
        return cards;
    }

    public static IReadOnlyList<(string Name, DeploymentCard Card)> Synthetic() =>
        [("largest", Largest()), ("hostile", HostileText()), ("empty", Empty())];
}
