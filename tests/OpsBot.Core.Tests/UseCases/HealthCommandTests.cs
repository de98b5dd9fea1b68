using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.Ports;
using OpsBot.Testing;

namespace OpsBot.Core.Tests.UseCases;

public sealed class HealthCommandTests
{
    private static HealthCommand Health(params string[] functions) => new(functions) { Environment = "prod" };

    private static HealthCard CardOf(CommandResult result)
    {
        Assert.Equal(CommandStatus.Done, result.Status);
        return Assert.IsType<HealthCard>(result.Card);
    }

    [Fact]
    public async Task Every_function_of_the_environment_is_listed_with_its_alias_and_figures_and_the_verdict_first()
    {
        await using var h = OpsBotHarness.Create();
        var card = CardOf(await h.SendAsync(OpsBotHarness.Carol, Health()));
        Assert.Equal("Health of prod — last 15 min", card.Title);
        Assert.Equal("5 healthy", card.Verdict);
        Assert.Equal(CardTone.Success, card.Tone);
        Assert.Equal(TestOptions.Functions.Order(StringComparer.Ordinal), card.Functions.Select(f => f.Function));
        var router = card.Functions.Single(f => f.Function == "lambda_router");
        Assert.Equal("100% on version 4", router.Routing);
        var v4 = Assert.Single(router.Versions);
        Assert.Equal("4", v4.Version);
        Assert.Equal(100, v4.Percent);
        Assert.Equal(1000, v4.Invocations); // one period of the whole window, as the scripted metrics answer
        Assert.Null(router.Deployment);
        Assert.Contains(card.Environment, c => c.Name == "influxdb" && c.Status == CheckStatus.Pass);
    }

    [Fact]
    public async Task All_functions_are_read_in_one_metrics_call_of_detailed_queries_over_the_window()
    {
        await using var h = OpsBotHarness.Create();
        var before = h.Metrics.Calls;
        await h.SendAsync(OpsBotHarness.Carol, Health() with { Window = TimeSpan.FromHours(2) });
        Assert.Equal(before + 1, h.Metrics.Calls);
        Assert.Equal(5, h.Metrics.LastQueryCount);
    }

    [Fact]
    public async Task A_function_over_its_error_rate_is_degraded_and_named_in_the_verdict()
    {
        await using var h = OpsBotHarness.Create();
        h.Metrics.Set("rag_query_processor", "4", errorRate: 0.072);
        var card = CardOf(await h.SendAsync(OpsBotHarness.Carol, Health()));
        Assert.Equal("4 healthy, 1 degraded: rag_query_processor error rate 7.2% > 5%", card.Verdict);
        Assert.Equal(CardTone.Danger, card.Tone);
        Assert.Equal("rag_query_processor error rate 7.2% > 5%", card.Functions.Single(f => f.Function == "rag_query_processor").Problem);
    }

    [Fact]
    public async Task A_deployment_in_flight_shows_with_both_versions_and_their_share()
    {
        await using var h = OpsBotHarness.Create();
        var started = await h.StartAsync(OpsBotHarness.Alice, "lambda_router");
        await h.PollAsync(TimeSpan.FromSeconds(30));
        var card = CardOf(await h.SendAsync(OpsBotHarness.Carol, Health("lambda_router")));
        var router = Assert.Single(card.Functions);
        Assert.StartsWith($"{started.Deployment!.Id}: 4 → 5", router.Deployment);
        Assert.Equal(["4", "5"], router.Versions.Select(v => v.Version));
        Assert.Equal([90d, 10d], router.Versions.Select(v => v.Percent));
        Assert.Equal("90% on version 4, 10% on version 5", router.Routing);
    }

    [Fact]
    public async Task A_version_rolled_back_within_the_window_still_shows_what_it_served()
    {
        await using var h = OpsBotHarness.Create();
        h.Metrics.Set("lambda_router", "5", errorRate: 0.3);
        var started = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(OpsBotHarness.Alice), new StartCommand("lambda_router") { Version = "5", Environment = "dev" }, ct));
        for (var i = 0; i < 4; i++)
            await h.PollAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(DeploymentState.RolledBack, (await h.GetAsync(started.Deployment!.Id)).State);

        var card = CardOf(await h.SendAsync(OpsBotHarness.Carol, new HealthCommand(["lambda_router"]) { Environment = "dev", Chart = true }));
        var router = Assert.Single(card.Functions);
        Assert.Equal("100% on version 4", router.Routing);
        // The chart draws the alias's version as the stable one and the rolled-back one as the new one, never mixed.
        var drawn = Assert.Single(h.Chart.Windows).Samples;
        Assert.Equal(["4"], drawn.Where(x => x.Role == SampleRoles.Stable).Select(x => x.Version).Distinct());
        Assert.Equal(["5"], drawn.Where(x => x.Role == SampleRoles.Canary).Select(x => x.Version).Distinct());
        Assert.Equal([("4", 100d), ("5", 0d)], router.Versions.Select(v => (v.Version, v.Percent)));
        Assert.Equal("lambda_router version 5 error rate 30% > 5%", router.Problem);
    }

    [Fact]
    public async Task An_alarm_in_alarm_and_a_failing_probe_degrade_and_the_environment_probe_is_named()
    {
        await using var h = OpsBotHarness.Create();
        h.Alarms.Set("lambda_router-error-rate", AlarmState.Alarm, "Threshold Crossed: 1 datapoint [12.0] > 5.0");
        h.Influx.Healthy = false;
        var card = CardOf(await h.SendAsync(OpsBotHarness.Carol, Health()));
        Assert.Contains("lambda_router alarm lambda_router-error-rate in ALARM: Threshold Crossed", card.Verdict, StringComparison.Ordinal);
        Assert.Contains("influxdb_loader influxdb: connection refused", card.Verdict, StringComparison.Ordinal);
        Assert.Contains("influxdb: connection refused", card.Verdict, StringComparison.Ordinal);
        Assert.StartsWith("3 healthy, 2 degraded", card.Verdict, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Fail, Assert.Single(card.Environment).Status);
    }

    [Fact]
    public async Task Probe_results_the_runner_took_moments_ago_are_shown_without_running_them_again()
    {
        await using var h = OpsBotHarness.Create();
        await h.SendAsync(OpsBotHarness.Carol, Health());
        var checks = h.Influx.Checks;
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.SendAsync(OpsBotHarness.Carol, Health());
        Assert.Equal(checks, h.Influx.Checks);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.SendAsync(OpsBotHarness.Carol, Health());
        Assert.Equal(checks + 1, h.Influx.Checks);
    }

    [Fact]
    public async Task Unreadable_metrics_make_functions_unknown_not_healthy()
    {
        await using var h = OpsBotHarness.Create();
        h.Metrics.Outage = "CloudWatch: 503 Service Unavailable";
        var card = CardOf(await h.SendAsync(OpsBotHarness.Carol, Health("lambda_router")));
        Assert.Equal("0 healthy, 1 unknown: lambda_router metrics unreadable: CloudWatch: 503 Service Unavailable", card.Verdict);
        Assert.Equal(CardTone.Warning, card.Tone);
    }

    [Fact]
    public async Task A_function_not_configured_is_refused_with_the_known_ones_and_nothing_is_read()
    {
        await using var h = OpsBotHarness.Create();
        var before = h.Metrics.Calls;
        var result = await h.SendAsync(OpsBotHarness.Carol, Health("lambda_routr"));
        Assert.Equal(CommandStatus.Refused, result.Status);
        Assert.Equal("lambda_routr is not configured in prod: did you mean lambda_router?", result.Message);
        Assert.Equal(before, h.Metrics.Calls);
    }

    [Fact]
    public async Task Someone_without_a_role_is_refused_and_the_refusal_is_audited()
    {
        await using var h = OpsBotHarness.Create(o => o.Environments["prod"].Roles.Viewer = ["slack:U0ALICE", "slack:U0BOB"]);
        var result = await h.SendAsync(new Actor("slack:U0EVE", "C0DEPLOYS", "eve"), Health());
        Assert.Equal(CommandStatus.Refused, result.Status);
        Assert.Null(result.Card);
    }

    [Fact]
    public async Task With_chart_each_function_gets_a_png_of_its_versions_per_minute()
    {
        await using var h = OpsBotHarness.Create();
        var result = await h.SendAsync(OpsBotHarness.Carol, Health("lambda_router") with { Chart = true });
        var file = Assert.Single(result.Files);
        Assert.Equal("lambda_router-prod-health.png", file.FileName);
        var drawn = Assert.Single(h.Chart.Windows);
        Assert.Equal(15, drawn.Samples.Count); // a point per minute of the 15-minute window
        Assert.Equal(5, drawn.ErrorRatePercent);
    }

    [Fact]
    public async Task Errors_add_the_functions_latest_error_lines_grouped()
    {
        await using var h = OpsBotHarness.Create();
        var now = h.Time.GetUtcNow();
        h.Logs.Add("lambda_router", "4", now.AddMinutes(-3), "[ERROR] 2026-11-27T07:57:00.001Z 8f14e45f-ceea-467f-a0e6-0b3f1c2d4e5a KeyError: 'user_id'");
        h.Logs.Add("lambda_router", "4", now.AddMinutes(-2), "[ERROR] 2026-11-27T07:58:00.002Z 1b2c3d4e-ceea-467f-a0e6-0b3f1c2d4e5a KeyError: 'user_id'");
        h.Logs.Add("lambda_router", "4", now.AddMinutes(-1), "2026-11-27T07:59:00.003Z 0c1d2e3f-ceea-467f-a0e6-0b3f1c2d4e5a Task timed out after 30.00 seconds");
        h.Logs.Add("lambda_router", "4", now.AddMinutes(-20), "[ERROR] too old");
        var card = CardOf(await h.SendAsync(OpsBotHarness.Carol, Health("lambda_router") with { Errors = true }));
        Assert.Equal(["KeyError: 'user_id'", "Task timed out after 30.00 seconds"], card.Errors!.Select(e => e.Message));
        Assert.Equal([2, 1], card.Errors!.Select(e => e.Count));
        Assert.Equal("3 error lines of lambda_router in the last 15 min, 2 distinct:", card.ErrorsNote);
        Assert.Null(Assert.Single(h.Logs.Queries).Version);
    }

    [Fact]
    public async Task Logs_of_one_version_ask_for_that_version_and_say_when_there_are_none()
    {
        await using var h = OpsBotHarness.Create();
        var card = CardOf(await h.SendAsync(OpsBotHarness.Carol, new LogsCommand("lambda_router") { Version = "5", Environment = "prod", Since = TimeSpan.FromHours(1) }));
        Assert.Equal("No errors in lambda_router version 5 in the last 1 h.", card.Verdict);
        var query = Assert.Single(h.Logs.Queries);
        Assert.Equal("5", query.Version);
        Assert.Equal(TimeSpan.FromHours(1), query.End - query.Start);
    }

    [Fact]
    public async Task Unreadable_logs_say_why_and_change_nothing()
    {
        await using var h = OpsBotHarness.Create();
        h.Logs.Outage = "StartQuery: AccessDeniedException";
        var card = CardOf(await h.SendAsync(OpsBotHarness.Carol, new LogsCommand("lambda_router") { Environment = "prod" }));
        Assert.Equal("The logs of lambda_router could not be read: StartQuery: AccessDeniedException", card.Verdict);
        Assert.Equal(CardTone.Warning, card.Tone);
    }
}
