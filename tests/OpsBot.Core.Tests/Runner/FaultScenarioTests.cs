using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Notifications;
using OpsBot.Core.Ports;
using OpsBot.Core.UseCases;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.Runner;

public sealed class FaultScenarioTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);

    private static async Task<string> StartCanaryAsync(OpsBotHarness h, string function = "lambda_router")
    {
        var result = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand(function) { Version = "5" }, ct));
        Assert.True(result.IsDone, result.Message);
        return result.Deployment!.Id;
    }

    [Fact]
    public async Task Two_consecutive_bad_periods_roll_back_with_the_measured_value_in_the_audit()
    {
        await using var h = OpsBotHarness.Create();
        h.Metrics.Set("lambda_router", "5", errorRate: 0.124);
        var id = await StartCanaryAsync(h);

        await h.PollAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(DeploymentState.Baking, (await h.GetAsync(id)).State);
        await h.PollAsync(TimeSpan.FromMinutes(1));

        var d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.RolledBack, d.State);
        Assert.Equal("error rate 12.4% > 5% for 2 periods of 60s (124 errors in 1000 invocations)", d.Reason);
        var alias = h.Lambda.Alias("prod", "lambda_router");
        Assert.Equal("4", alias.PrimaryVersion);
        Assert.Equal(0, alias.PercentOf("5"));
        var decision = Assert.Single(await h.Audit.QueryAsync(new(Subject: id), default), a => a.Action == "deploy.auto-rollback");
        Assert.Equal("opsbot", decision.Actor);
        Assert.Equal("Fail: 12.4% (124 of 1000) (threshold 5%)", decision.Data!["error rate"]);
        Assert.Contains(h.Ops.Pages, p => p.DeploymentId == id && p.Message.Contains("12.4% > 5%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_alarm_push_rolls_back_without_waiting_for_a_poll()
    {
        await using var h = OpsBotHarness.Create();
        var id = await StartCanaryAsync(h);
        var polls = h.Runner.Cycles;

        var guarded = await h.Runner.PushAlarmAsync(new AlarmStatus("lambda_router-error-rate", AlarmState.Alarm, "Threshold Crossed"), default);

        Assert.Equal(1, guarded);
        Assert.Equal(polls, h.Runner.Cycles);
        var d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.RolledBack, d.State);
        Assert.Equal("alarm lambda_router-error-rate is in ALARM: Threshold Crossed", d.Reason);
        Assert.Equal("4", h.Lambda.Alias("prod", "lambda_router").PrimaryVersion);
    }

    [Fact]
    public async Task An_alarm_that_guards_nothing_changes_nothing()
    {
        await using var h = OpsBotHarness.Create();
        var id = await StartCanaryAsync(h);
        Assert.Equal(0, await h.Runner.PushAlarmAsync(new AlarmStatus("someone-elses-alarm", AlarmState.Alarm), default));
        Assert.Equal(1, await h.Runner.PushAlarmAsync(new AlarmStatus("lambda_router-error-rate", AlarmState.Ok), default));
        Assert.Equal(DeploymentState.Baking, (await h.GetAsync(id)).State);
    }

    [Fact]
    public async Task A_failed_rollback_is_retried_then_holds_the_lock_in_RollbackFailed_and_pages_until_a_person_rolls_back()
    {
        await using var h = OpsBotHarness.Create();
        var id = await StartCanaryAsync(h);
        h.Lambda.FailRoutes = 1000;

        await h.DoAsync((c, ct) => c.ActAsync(new RequestContext(Alice), new ActCommand(DeploymentAction.Rollback, id) { Reason = "bad logs" }, ct));
        Assert.Equal(DeploymentState.RollingBack, (await h.GetAsync(id)).State);
        await h.PollAsync(Poll);
        await h.PollAsync(Poll);

        var failed = await h.GetAsync(id);
        Assert.Equal(DeploymentState.RollbackFailed, failed.State);
        Assert.Equal(3, failed.RollbackAttempts);
        Assert.Equal(3, h.Chat.Thread(id).Count(t => t.Contains("Rollback attempt", StringComparison.Ordinal) || t.Contains("Rollback FAILED", StringComparison.Ordinal)));
        Assert.Contains(h.Ops.Pages, p => p.DeploymentId == id && p.Message.Contains("Rollback FAILED after 3 attempt(s)", StringComparison.Ordinal));

        var blocked = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "3" }, ct));
        Assert.Equal(CommandStatus.Refused, blocked.Status);
        Assert.Contains($"deployment {id} in flight: in a failed rollback", blocked.Message, StringComparison.Ordinal);

        var pages = h.Ops.Pages.Count;
        await h.PollAsync(TimeSpan.FromMinutes(31));
        Assert.Equal(pages + 1, h.Ops.Pages.Count);

        h.Lambda.FailRoutes = 0;
        var retried = await h.DoAsync((c, ct) => c.RollbackAsync(new RequestContext(Alice), new RollbackCommand("lambda_router"), ct));
        Assert.True(retried.IsDone, retried.Message);
        Assert.Equal(DeploymentState.RolledBack, (await h.GetAsync(id)).State);
        Assert.Equal("4", h.Lambda.Alias("prod", "lambda_router").PrimaryVersion);
    }

    [Fact]
    public async Task A_provider_outage_pauses_and_alerts_rather_than_rolling_back()
    {
        await using var h = OpsBotHarness.Create();
        var id = await StartCanaryAsync(h);
        h.Metrics.Outage = "CloudWatch GetMetricData: 503 ServiceUnavailable";

        await h.PollForAsync(TimeSpan.FromMinutes(10));

        var d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.Paused, d.State);
        Assert.Contains("metrics unreadable: CloudWatch GetMetricData: 503 ServiceUnavailable (3 polls in a row)", d.PauseReason, StringComparison.Ordinal);
        Assert.Equal(10, h.Lambda.Alias("prod", "lambda_router").PercentOf("5"));
        Assert.Contains(h.Ops.Pages, p => p.DeploymentId == id && p.Message.Contains("Paused automatically", StringComparison.Ordinal));

        h.Metrics.Outage = null;
        h.Metrics.Set("lambda_router", "5", errorRate: 0.5);
        await h.PollForAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(DeploymentState.RolledBack, (await h.GetAsync(id)).State);
    }

    [Fact]
    public async Task While_checks_cannot_be_read_the_deployment_does_not_advance()
    {
        await using var h = OpsBotHarness.Create(o => o.Runner.MaxProviderErrors = 100);
        var id = await StartCanaryAsync(h);
        h.Alarms.Outage = "DescribeAlarms: Throttling";
        await h.PollForAsync(TimeSpan.FromMinutes(20));
        Assert.Equal(DeploymentState.Baking, (await h.GetAsync(id)).State);
        h.Alarms.Outage = null;
        await h.PollAsync(Poll);
        Assert.Equal(DeploymentState.AwaitingPromotion, (await h.GetAsync(id)).State);
    }

    [Fact]
    public async Task Drift_pauses_and_OpsBot_does_not_write_over_a_persons_change()
    {
        await using var h = OpsBotHarness.Create();
        var id = await StartCanaryAsync(h);
        h.Lambda.ChangeBehindOpsBotsBack("prod", "lambda_router", "4");
        var writes = h.Lambda.Routes;

        await h.PollAsync(Poll);

        var d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.Paused, d.State);
        Assert.Contains("drift: alias live was changed outside OpsBot and now routes 100% on version 4", d.PauseReason, StringComparison.Ordinal);
        await h.PollForAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(writes, h.Lambda.Routes);
        Assert.Equal("4", h.Lambda.Alias("prod", "lambda_router").PrimaryVersion);

        var resumed = await h.DoAsync((c, ct) => c.ActAsync(new RequestContext(Alice), new ActCommand(DeploymentAction.Resume, id), ct));
        Assert.True(resumed.IsDone, resumed.Message);
        Assert.Equal(10, h.Lambda.Alias("prod", "lambda_router").PercentOf("5"));
        Assert.Equal(DeploymentState.Baking, (await h.GetAsync(id)).State);
    }

    [Fact]
    public async Task A_revision_that_changed_without_changing_the_routing_is_adopted()
    {
        await using var h = OpsBotHarness.Create();
        var id = await StartCanaryAsync(h);
        h.Lambda.ChangeBehindOpsBotsBack("prod", "lambda_router", "4", "5", 0.10);
        await h.PollAsync(Poll);
        Assert.Equal(DeploymentState.Baking, (await h.GetAsync(id)).State);
    }

    [Fact]
    public async Task A_promotion_timeout_rolls_back_with_its_reason()
    {
        await using var h = OpsBotHarness.Create();
        var id = await StartCanaryAsync(h);
        await h.PollForAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(DeploymentState.AwaitingPromotion, (await h.GetAsync(id)).State);

        await h.PollAsync(TimeSpan.FromHours(24));

        var d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.RolledBack, d.State);
        Assert.Equal("not promoted within 1d", d.Reason);
    }

    [Fact]
    public async Task A_start_approval_expires_into_rejected_without_moving_traffic()
    {
        await using var h = OpsBotHarness.Create(o => o.Environments["prod"].Gates.StartApproval = true);
        var id = await StartCanaryAsync(h);
        Assert.Equal(DeploymentState.AwaitingApproval, (await h.GetAsync(id)).State);
        await h.PollAsync(TimeSpan.FromHours(4));
        var d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.Rejected, d.State);
        Assert.Equal("approval expired after 4h", d.Reason);
        Assert.Equal(0, h.Lambda.Routes);
    }

    [Fact]
    public async Task A_transient_shift_failure_is_retried_next_poll()
    {
        await using var h = OpsBotHarness.Create();
        h.Lambda.FailRoutes = 1;
        var id = await StartCanaryAsync(h);
        Assert.Equal(DeploymentState.Shifting, (await h.GetAsync(id)).State);
        await h.PollAsync(Poll);
        Assert.Equal(DeploymentState.Baking, (await h.GetAsync(id)).State);
    }

    [Fact]
    public async Task An_unreachable_probe_rolls_back_the_functions_it_guards()
    {
        await using var h = OpsBotHarness.Create();
        var id = await StartCanaryAsync(h, "influxdb_loader");
        h.Influx.Healthy = false;
        await h.PollAsync(Poll);
        Assert.Equal(DeploymentState.Baking, (await h.GetAsync(id)).State);
        await h.PollAsync(Poll);
        var d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.RolledBack, d.State);
        Assert.Equal("influxdb: connection refused for 2 polls", d.Reason);
    }

    [Fact]
    public async Task Notices_wait_in_the_outbox_while_chat_is_down_and_arrive_in_order_afterwards()
    {
        await using var h = OpsBotHarness.Create();
        h.Chat.FailNext = 1;
        var id = await StartCanaryAsync(h);
        Assert.Equal(0, h.Chat.Count("post", id));

        h.Time.Advance(TimeSpan.FromSeconds(2));
        await ((OutboxDispatcher)h.Services.GetService(typeof(OutboxDispatcher))!).DispatchAsync(default);

        var thread = h.Chat.Thread(id);
        Assert.Equal(1, h.Chat.Count("post", id));
        Assert.StartsWith("⟦@slack:U0ALICE⟧ started deploying version 5", thread[0], StringComparison.Ordinal);
        Assert.StartsWith("10% of traffic on version 5", thread[1], StringComparison.Ordinal);
    }
}
