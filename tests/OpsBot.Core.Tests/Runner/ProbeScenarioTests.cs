using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Commands;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Notifications;
using OpsBot.Core.Ports;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.Runner;

/// <summary>Metric probes (a DLQ's depth) as rollback triggers, and the top errors added to the thread of a rollback caused by errors.</summary>
public sealed class ProbeScenarioTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    private static void WithDlq(OpsBotOptions o)
    {
        foreach (var env in o.Environments.Values)
        {
            env.Probes["dlq"] = new ProbeOptions
            {
                Type = ProbeOptions.MetricType, Namespace = "AWS/SQS", MetricName = "ApproximateNumberOfMessagesVisible", Statistic = "Maximum",
                Dimensions = { ["QueueName"] = "{function}-dlq" }, Threshold = 0, RelativeToStart = true, Unit = "messages",
            };
            env.Functions["influxdb_loader"].Probes.Add("dlq");
        }
    }

    private static async Task<string> StartAsync(OpsBotHarness h, string function)
    {
        var result = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand(function) { Version = "5", Environment = "dev" }, ct));
        Assert.True(result.IsDone, result.Message);
        return result.Deployment!.Id;
    }

    [Fact]
    public async Task A_dead_letter_queue_that_grows_during_the_deployment_rolls_it_back_after_the_consecutive_periods()
    {
        await using var h = Create(WithDlq);
        h.Metrics.SetCheck("ApproximateNumberOfMessagesVisible", 3); // the queue already held 3 messages
        var id = await StartAsync(h, "influxdb_loader");
        await h.PollAsync(Period);
        await h.PollAsync(Period);
        Assert.Equal(DeploymentState.Baking, (await h.GetAsync(id)).State);
        Assert.Contains((await h.GetAsync(id)).Health.Last!.Checks, c => c.Name == "dlq" && c.Text == "dlq 3 messages (+0 messages since the start) ≤ 0 messages since the start");

        h.Metrics.SetCheck("ApproximateNumberOfMessagesVisible", 8);
        await h.PollAsync(Period);
        await h.PollAsync(Period);
        var d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.RolledBack, d.State);
        Assert.Equal("dlq 8 messages (+5 messages since the start) > 0 messages since the start for 2 periods of 60s", d.Reason);
    }

    [Fact]
    public async Task The_metric_probe_rides_in_the_same_metrics_call_as_the_lambda_queries()
    {
        await using var h = Create(WithDlq);
        var id = await StartAsync(h, "influxdb_loader");
        var calls = h.Metrics.Calls;
        await h.PollAsync(Period);
        Assert.Equal(calls + 1, h.Metrics.Calls);
        Assert.Equal(1, h.Metrics.LastCheckCount);
        Assert.Equal(2, h.Metrics.LastQueryCount);
        Assert.Equal(DeploymentState.Baking, (await h.GetAsync(id)).State);
    }

    [Fact]
    public async Task A_rollback_caused_by_errors_adds_the_new_versions_top_three_errors_to_its_thread()
    {
        await using var h = Create();
        var start = h.Time.GetUtcNow();
        foreach (var (message, times) in new[] { ("KeyError: 'user_id'", 4), ("InfluxDBWriteError: timeout", 3), ("ValueError: bad date", 2), ("ZeroDivisionError", 1) })
        {
            for (var i = 0; i < times; i++)
                h.Logs.Add("lambda_router", "5", start.AddSeconds(10 + i), $"[ERROR] 2026-11-27T08:00:1{i}.000Z {Guid.NewGuid()} {message}");
        }
        h.Logs.Add("lambda_router", "4", start.AddSeconds(5), "[ERROR] the stable version's own error");
        h.Metrics.Set("lambda_router", "5", errorRate: 0.2);
        var id = await StartAsync(h, "lambda_router");
        await h.PollAsync(Period);
        await h.PollAsync(Period);
        await h.PollAsync(Period);
        Assert.Equal(DeploymentState.RolledBack, (await h.GetAsync(id)).State);
        await h.Services.GetRequiredService<OutboxDispatcher>().DispatchAsync(default);

        var line = Assert.Single(h.Chat.Thread(id), l => l.StartsWith("Top errors", StringComparison.Ordinal));
        Assert.Equal("Top errors of version 5 from its logs (10 error lines since the deployment began):\n" +
                     "• 4× KeyError: 'user_id'\n• 3× InfluxDBWriteError: timeout\n• 2× ValueError: bad date", line);
        Assert.Equal("5", Assert.Single(h.Logs.Queries).Version);
    }

    [Fact]
    public async Task Logs_that_cannot_be_read_are_said_once_in_the_thread_and_do_not_hold_up_the_card()
    {
        await using var h = Create();
        h.Logs.Outage = "StartQuery: AccessDeniedException";
        h.Metrics.Set("lambda_router", "5", errorRate: 0.2);
        var id = await StartAsync(h, "lambda_router");
        for (var i = 0; i < 4; i++)
            await h.PollAsync(Period);
        await h.Services.GetRequiredService<OutboxDispatcher>().DispatchAsync(default);

        Assert.Equal(DeploymentState.RolledBack, (await h.GetAsync(id)).State);
        Assert.Equal(DeploymentState.RolledBack, h.Chat.Cards[id].State);
        Assert.Single(h.Chat.Thread(id), l => l == "The logs of version 5 could not be read for its top errors: StartQuery: AccessDeniedException. Try /logs lambda_router 5.");
        Assert.Single(h.Logs.Queries);
    }

    [Fact]
    public async Task A_rollback_for_another_cause_reads_no_logs()
    {
        await using var h = Create();
        var id = await StartAsync(h, "influxdb_loader");
        h.Influx.Healthy = false;
        await h.PollAsync(TimeSpan.FromSeconds(30));
        await h.PollAsync(TimeSpan.FromSeconds(30));
        await h.PollAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(DeploymentState.RolledBack, (await h.GetAsync(id)).State);
        await h.Services.GetRequiredService<OutboxDispatcher>().DispatchAsync(default);
        Assert.Empty(h.Logs.Queries);
    }
}
