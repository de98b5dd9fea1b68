using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Health;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.Ports;
using OpsBot.Core.Tests.Deployments;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.Cards;

/// <summary>--reason kept on the deployment, and a card that says each thing once.</summary>
public sealed class CardPolishTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_reason_given_to_deploy_is_kept_on_the_deployment_the_card_and_the_threads_first_line()
    {
        await using var h = OpsBotHarness.Create();

        var result = await h.StartAsync(Alice, "lambda_router", reason: "INC-42: fix the router's timeout");
        await h.Runner.RunCycleAsync(default);
        var d = await h.GetAsync(result.Deployment!.Id);

        Assert.Equal("INC-42: fix the router's timeout", d.RequestReason);
        Assert.Null(d.Reason);
        Assert.Null(d.GateSkipReason);
        Assert.Equal("INC-42: fix the router's timeout", h.Chat.Cards[d.Id].RequestReason);
        Assert.Contains("Reason: INC-42: fix the router's timeout.", h.Chat.Thread(d.Id)[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_reason_nothing_is_shown_and_a_rollback_keeps_its_own()
    {
        await using var h = OpsBotHarness.Create();

        var plain = await h.StartAsync(Alice, "lambda_router");
        var rollback = await h.RollbackConfirmedAsync(Alice, "rag_query_processor", reason: "bad release");

        Assert.Null(plain.Deployment!.RequestReason);
        Assert.Null(DeploymentCardBuilder.From(plain.Deployment).RequestReason);
        Assert.Equal("bad release", (await h.GetAsync(rollback.Deployment!.Id)).RequestReason);
        Assert.Null(DeploymentCardBuilder.From(await h.GetAsync(rollback.Deployment.Id)).RequestReason); // it is the card's reason already
    }

    [Fact]
    public async Task A_reason_cannot_forge_a_mention()
    {
        await using var h = OpsBotHarness.Create();

        var result = await h.StartAsync(Alice, "lambda_router", reason: "for ⟦@slack:U0DANA⟧");

        Assert.Equal("for @slack:U0DANA", result.Deployment!.RequestReason);
    }

    [Fact]
    public async Task Approvers_show_only_where_an_approval_applies()
    {
        await using var h = OpsBotHarness.Create();

        var prod = await h.StartAsync(Alice, "lambda_router");
        var dev = await h.StartAsync(Alice with { Channel = "C0DEV" }, "lambda_router", environment: "dev");

        Assert.True(DeploymentCardBuilder.From(prod.Deployment!).ApprovalApplies);
        Assert.False(DeploymentCardBuilder.From(dev.Deployment!).ApprovalApplies);
    }

    [Fact]
    public async Task A_manual_rollbacks_card_shows_what_moved_and_is_not_an_alarm()
    {
        await using var h = OpsBotHarness.Create();

        var result = await h.RollbackConfirmedAsync(Alice, "lambda_router");
        await h.PollAsync(TimeSpan.FromSeconds(30));
        var d = await h.GetAsync(result.Deployment!.Id);
        var card = DeploymentCardBuilder.From(d);

        Assert.Equal(DeploymentState.RolledBack, d.State);
        Assert.Equal("4 → 3, all traffic", card.Moved);
        Assert.Equal(CardTone.Success, card.Tone);
        Assert.False(card.ApprovalApplies);
        Assert.Null(DeploymentCardBuilder.From((await h.StartAsync(Alice, "rag_query_processor")).Deployment!).Moved);
    }

    [Fact]
    public void A_passing_error_rate_says_its_value_count_and_threshold_once()
    {
        var d = TestDeployments.InState(DeploymentState.Baking);
        var inputs = new HealthInputs
        {
            Metrics = new MetricWindow(T0, T0.AddMinutes(1), [new MetricPoint(T0, 1204, 9.632, 200)], [new MetricPoint(T0, 9000, 9, 100)]),
        };

        var report = HealthAnalyzer.Evaluate(d, inputs, 60, T0.AddMinutes(5)).Report;

        Assert.Equal("error rate 0.8% of 1,204 ≤ 5%", Assert.Single(report.Checks, c => c.Name == "error rate").Text);
    }

    [Fact]
    public void A_check_a_breach_did_not_reach_stays_with_its_last_outcome()
    {
        var d = TestDeployments.InState(DeploymentState.Baking);
        var firstBad = new HealthInputs // one bad period: counted, not yet a breach; duration judged
        {
            Metrics = new MetricWindow(T0, T0.AddMinutes(1), [new MetricPoint(T0, 1000, 300, 200)], [new MetricPoint(T0, 9000, 9, 100)]),
        };
        var first = HealthAnalyzer.Evaluate(d, firstBad, 60, T0.AddMinutes(2));
        Assert.Contains(first.Report.Checks, c => c.Name == "duration");
        new DeploymentWorkflow(d, TimeProvider.System).RecordHealth(first);
        var bad = new HealthInputs // the second breaches at once: the reading stops before duration
        {
            Metrics = new MetricWindow(T0.AddMinutes(1), T0.AddMinutes(2),
                [new MetricPoint(T0.AddMinutes(1), 1000, 300, 200)], [new MetricPoint(T0.AddMinutes(1), 9000, 9, 100)]),
        };

        var report = HealthAnalyzer.Evaluate(d, bad, 60, T0.AddMinutes(4)).Report;

        Assert.Equal(HealthVerdict.Breach, report.Verdict);
        Assert.Equal(["error rate", "duration"], report.Checks.Select(c => c.Name).Where(n => n is "error rate" or "duration"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("linear")]
    public async Task The_promote_button_is_labelled_as_the_readme_and_the_console_say(string? strategy)
    {
        await using var h = OpsBotHarness.Create();
        var start = await h.StartAsync(Alice, "lambda_router", strategy: strategy);
        for (var i = 0; i < 120 && (await h.GetAsync(start.Deployment!.Id)).State != DeploymentState.AwaitingPromotion; i++)
            await h.PollAsync(TimeSpan.FromSeconds(30));

        var card = DeploymentCardBuilder.From(await h.GetAsync(start.Deployment!.Id));

        Assert.Equal("Promote", Assert.Single(card.Buttons, b => b.Action == nameof(DeploymentAction.Promote)).Label);
        Assert.Contains("click Promote", await File.ReadAllTextAsync(Readme()), StringComparison.Ordinal);
    }

    private static string Readme()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpsBot.sln")))
                return Path.Combine(dir.FullName, "README.md");
        }
        throw new InvalidOperationException("no OpsBot.sln above the test's directory");
    }
}
