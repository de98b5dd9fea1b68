using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Ports;
using OpsBot.Testing;

namespace OpsBot.Tests.Slack;

/// <summary>What the outbox does with Slack's errors, over the wire to the fake of Slack.</summary>
public sealed class SlackNoticeFailureTests
{
    [Fact]
    public async Task Channel_not_found_fails_the_card_at_once_and_the_page_of_the_same_deployment_still_goes()
    {
        await using var host = await SlackHost.StartAsync(bot =>
        {
            bot.Metrics.Set("lambda_router", "5", errorRate: 0.3);
            bot.Settings["OpsBot:Slack:MaxAttempts"] = "1";
        });
        const string gone = "C0GONE"; // a channel the workspace does not have: chat.postMessage answers channel_not_found

        await host.PostAsync("/slack/commands",
            SlackRequests.SlashCommand("U0ALICE", gone, "/deploy", "lambda_router 5 --env dev", host.Slack.MintResponseUrl(gone, "U0ALICE")),
            SlackRequests.FormContentType);
        var audit = host.Bot.Services.GetRequiredService<IAuditLog>();
        var store = host.Bot.Services.GetRequiredService<IDeploymentStore>();
        await SlackHost.UntilAsync(() => Failed(audit).Count >= 1, "the card was not given up");
        var id = Assert.Single(await store.ListAsync(new DeploymentQuery("dev", "lambda_router"), default)).Id;

        Assert.Single(host.Workspace.Calls("chat.postMessage"), c => c.Error == "channel_not_found"); // tried once, not retried
        Assert.Contains(Failed(audit), a => a.Subject == id && a.Detail.Contains("Slack chat.postMessage failed: channel_not_found", StringComparison.Ordinal));

        await host.PollForAsync(TimeSpan.FromMinutes(3)); // the canary breaches and rolls back, which pages
        await SlackHost.UntilAsync(() => host.Bot.Ops.Pages.Any(p => p.DeploymentId == id), "the page did not go");
        Assert.DoesNotContain(host.Workspace.Calls("chat.postMessage"), c => c.Error is not null && c.Error != "channel_not_found");

        await host.CommandAsync("U0CAROL", "status --env dev");
        await SlackHost.UntilAsync(() => host.Workspace.Ephemerals("U0CAROL").Any(m => m.Text.Contains("could not be delivered", StringComparison.Ordinal)),
            "/deploy status did not report the failed notices");
    }

    [Fact]
    public async Task A_rate_limited_card_is_retried_by_the_outbox_and_arrives()
    {
        await using var host = await SlackHost.StartAsync(bot => bot.Settings["OpsBot:Slack:MaxAttempts"] = "1");
        host.Workspace.RateLimit("chat.postMessage", calls: 2);

        await host.CommandAsync("U0ALICE", "lambda_router 5");
        await SlackHost.UntilAsync(() => host.Workspace.Calls("chat.postMessage").Count >= 1, "no attempt");
        await host.PollForAsync(TimeSpan.FromMinutes(2));

        await SlackHost.UntilAsync(() => host.Cards().Count == 1, "the card never arrived");
        var audit = host.Bot.Services.GetRequiredService<IAuditLog>();
        Assert.Empty(Failed(audit));
        Assert.Equal(2, host.Workspace.Calls("chat.postMessage").Count(c => c.Status == 429));
    }

    private static IReadOnlyList<Core.Identity.AuditEntry> Failed(IAuditLog audit) =>
        [.. audit.QueryAsync(new AuditQuery(), default).GetAwaiter().GetResult().Where(a => a.Action == "notice.failed")];
}
