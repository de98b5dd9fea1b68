using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Notifications;
using OpsBot.Core.Ports;
using OpsBot.Core.UseCases;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.Runner;

public sealed class OutboxDispatcherTests
{
    [Fact]
    public async Task The_card_is_posted_once_and_updated_in_place_with_the_committed_state_and_its_buttons()
    {
        await using var h = OpsBotHarness.Create();
        var started = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "5" }, ct));
        var id = started.Deployment!.Id;

        Assert.Equal(1, h.Chat.Count("post", id));
        var card = h.Chat.Cards[id];
        Assert.Equal(DeploymentState.Baking, card.State);
        Assert.Equal((await h.GetAsync(id)).StateVersion, card.Version);
        Assert.Equal([DeploymentAction.Pause, DeploymentAction.Rollback], card.Buttons.Select(b => Enum.Parse<DeploymentAction>(b.Action)));
    }

    [Fact]
    public async Task Health_only_changes_are_coalesced_and_an_unchanged_card_is_not_sent_again()
    {
        await using var h = OpsBotHarness.Create(o => o.Runner.CardUpdateInterval = TimeSpan.FromMinutes(2));
        var started = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "5" }, ct));
        var id = started.Deployment!.Id;
        var updates = h.Chat.Count("update", id);

        // Each poll judges a new minute with a slightly different error rate; the card would change every poll.
        for (var minute = 1; minute <= 4; minute++)
        {
            h.Metrics.Set("lambda_router", "5", errorRate: minute / 1000.0);
            await h.PollAsync(TimeSpan.FromMinutes(1));
        }

        var healthUpdates = h.Chat.Count("update", id) - updates;
        Assert.InRange(healthUpdates, 1, 2); // at most one per 2 minutes over 4 minutes
        await h.PollAsync(TimeSpan.FromMinutes(1)); // the bake is over: a new state is shown at once, coalescing or not
        Assert.Equal(DeploymentState.AwaitingPromotion, h.Chat.Cards[id].State);
    }

    [Fact]
    public async Task When_a_deployment_ends_a_chart_of_its_samples_goes_into_the_thread()
    {
        await using var h = OpsBotHarness.Create();
        h.Metrics.Set("lambda_router", "5", errorRate: 0.3);
        var started = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "5" }, ct));
        var id = started.Deployment!.Id;
        await h.PollForAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(DeploymentState.RolledBack, (await h.GetAsync(id)).State);

        var (_, samples) = Assert.Single(h.Chart.Drawn);
        Assert.Equal(4, samples); // 2 periods × (stable, new)
        Assert.Single(h.Chat.Calls, c => c.Call == "file" && c.DeploymentId == id);
    }

    [Fact]
    public async Task A_rejected_deployment_moved_no_traffic_and_gets_no_chart()
    {
        await using var h = OpsBotHarness.Create(o => o.Environments["prod"].Gates.StartApproval = true);
        var started = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "5" }, ct));
        await h.DoAsync((c, ct) => c.ActAsync(new RequestContext(Bob), new ActCommand(DeploymentAction.Reject, started.Deployment!.Id), ct));
        Assert.Empty(h.Chart.Drawn);
    }

    [Fact]
    public async Task A_notice_that_runs_out_of_attempts_is_marked_failed_audited_shown_on_status_and_not_tried_again()
    {
        await using var h = OpsBotHarness.Create();
        h.Chat.FailNext = 10_000;
        var id = (await h.StartAsync(Alice, "lambda_router")).Deployment!.Id; // attempt 1 of the first notice in line
        var dispatcher = h.Services.GetRequiredService<OutboxDispatcher>();
        var outbox = h.Services.GetRequiredService<IOutboxStore>();

        for (var attempt = 2; attempt <= OutboxDispatcher.MaxAttempts; attempt++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(5)); // the longest backoff
            await dispatcher.DispatchAsync(default);
        }

        // The first notice in line (the thread's "started deploying" line) is given up; the ones behind it go on trying.
        var failed = await outbox.FailedSinceAsync(h.Time.GetUtcNow().AddDays(-1), ["prod"], null, default);
        Assert.Equal(1, failed.Count);
        Assert.Equal(NoticeKind.Timeline, failed.Last!.Kind);
        Assert.Equal("chat.postMessage: 503 (after 20 attempts)", failed.Last.Error);
        var audited = Assert.Single(await h.Audit.QueryAsync(new AuditQuery(Subject: id), default), a => a.Action == "notice.failed");
        Assert.Equal((AuditOutcome.Failed, "prod", "Timeline notice of " + id + " was not delivered: chat.postMessage: 503 (after 20 attempts)"),
            (audited.Outcome, audited.Environment, audited.Detail));
        var status = await h.Commands.StatusAsync(new RequestContext(Carol), new StatusCommand(null, null), default);
        Assert.Contains($"1 notice could not be delivered in the last 24 h (last: timeline of {id} at ", status.Message, StringComparison.Ordinal);

        // Chat works again: the notices behind it arrive, the given-up one is not tried again.
        h.Chat.FailNext = 0;
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await dispatcher.DispatchAsync(default);
        var thread = h.Chat.Thread(id);
        Assert.Contains(thread, line => line.StartsWith("10% of traffic on version 5", StringComparison.Ordinal));
        Assert.DoesNotContain(thread, line => line.Contains("started deploying", StringComparison.Ordinal));
        Assert.Single(await h.Audit.QueryAsync(new AuditQuery(Subject: id), default), a => a.Action == "notice.failed");
    }

    [Fact]
    public async Task A_permanent_chat_error_fails_the_card_and_its_thread_at_once_while_the_page_of_the_same_deployment_still_goes()
    {
        await using var h = OpsBotHarness.Create();
        h.Chat.FailPermanently = "Slack chat.postMessage failed: channel_not_found";
        h.Metrics.Set("lambda_router", "5", errorRate: 0.3);
        var id = (await h.StartAsync(Alice, "lambda_router")).Deployment!.Id;

        Assert.Equal(1, h.Chat.Failures); // the card, once; its thread lines were given up with it, uncalled
        var outbox = h.Services.GetRequiredService<IOutboxStore>();
        Assert.DoesNotContain(await outbox.PendingAsync(h.Time.GetUtcNow().AddDays(1), 100, default), m => m.Entity == EntityRef.Deployment(id));
        var failed = await outbox.FailedSinceAsync(h.Time.GetUtcNow().AddHours(-1), ["prod"], null, default);
        Assert.True(failed.Count >= 2, $"only {failed.Count} given up");

        await h.PollForAsync(TimeSpan.FromMinutes(2)); // the canary breaches and rolls back, which pages
        Assert.Equal(DeploymentState.RolledBack, (await h.GetAsync(id)).State);
        Assert.Contains(h.Ops.Pages, p => p.DeploymentId == id);
        Assert.Contains(await h.Audit.QueryAsync(new AuditQuery(Subject: id), default),
            a => a.Action == "notice.failed" && a.Detail.Contains("channel_not_found", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_transient_chat_error_is_retried_not_given_up()
    {
        await using var h = OpsBotHarness.Create();
        h.Chat.FailNext = 3;
        var id = (await h.StartAsync(Alice, "lambda_router")).Deployment!.Id;

        await h.PollForAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(1, h.Chat.Count("post", id));
        Assert.DoesNotContain(await h.Audit.QueryAsync(new AuditQuery(Subject: id), default), a => a.Action == "notice.failed");
    }

    [Fact]
    public async Task A_notice_of_an_entity_kind_this_OpsBot_does_not_know_is_given_up_on_record_not_left_pending()
    {
        await using var h = OpsBotHarness.Create();
        await h.Store.ListActiveAsync(default); // the store creates the schema on first use
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={h.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO outbox (entity_kind, entity_id, kind, text, created_at, next_attempt_at)
                VALUES ('pager-rota', 'rota-1', 'Card', 'card', '2026-11-27T08:00:00.0000000Z', '2026-11-27T08:00:00.0000000Z');
                """;
            await insert.ExecuteNonQueryAsync();
        }

        await h.Services.GetRequiredService<OutboxDispatcher>().DispatchAsync(default);

        Assert.Empty(await h.Services.GetRequiredService<IOutboxStore>().PendingAsync(h.Time.GetUtcNow().AddDays(1), 10, default));
        Assert.Contains(await h.Audit.QueryAsync(new(Subject: "rota-1"), default),
            a => a.Action == "notice.failed" && a.Detail.Contains("no deliverer for pager-rota notices", StringComparison.Ordinal));
        Assert.Empty(h.Chat.Calls);
    }
}
