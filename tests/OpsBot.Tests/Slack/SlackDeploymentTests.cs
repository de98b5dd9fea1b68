using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Tests.Slack;

/// <summary>Whole-host scenarios over Slack's wire: signed commands and clicks in, Web API calls out to the fake of Slack.</summary>
public sealed class SlackDeploymentTests
{
    [Fact]
    public async Task A_prod_canary_goes_from_a_signed_deploy_to_a_promoted_card_with_promote_clicked_by_a_second_user()
    {
        await using var host = await SlackHost.StartAsync();

        var ack = await host.CommandAsync("U0ALICE", "lambda_router 5");
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        await SlackHost.UntilAsync(() => host.Cards().Count == 1 && SlackHost.Text(host.Cards()[0]).Contains("Baking at 10%", StringComparison.Ordinal), "no baking card");
        var card = host.Cards()[0];
        Assert.Equal(["Pause", "Rollback"], SlackHost.Buttons(card).Select(b => b["value"]!.GetValue<string>().Split('|')[2]));
        await SlackHost.UntilAsync(() => host.Workspace.Ephemerals("U0ALICE").Any(m => m.Text.Contains("started deploying version 5", StringComparison.Ordinal)), "alice got no reply");

        await host.PollForAsync(TimeSpan.FromMinutes(5));
        card = host.Workspace.Message(SlackHost.Channel, card.Ts)!;
        Assert.Contains("Awaiting promotion at 10%", SlackHost.Text(card), StringComparison.Ordinal);

        var click = await host.ClickAsync("U0BOB", SlackHost.Button(card, "Promote"), card.Ts);
        Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        await SlackHost.UntilAsync(() => SlackHost.Text(host.Workspace.Message(SlackHost.Channel, card.Ts)!).Contains("Succeeded", StringComparison.Ordinal), "the card did not show the promotion");

        card = host.Workspace.Message(SlackHost.Channel, card.Ts)!;
        Assert.Empty(SlackHost.Buttons(card));
        Assert.Equal("5", host.Bot.Lambda.Alias("prod", "lambda_router").PrimaryVersion);
        Assert.Single(host.Cards());
        await SlackHost.UntilAsync(() => host.Workspace.Calls("files.completeUploadExternal").Count == 1, "no chart in the thread");
        var thread = host.Workspace.Thread(SlackHost.Channel, card.Ts);
        Assert.Contains(thread, m => m.Text.Contains("Promoted by <@U0BOB>", StringComparison.Ordinal));
        Assert.Contains(thread, m => m.Files.Count == 1 && m.Files[0].Mimetype == "image/png");

        // Exactly: one card posted, every other card change an in-place update, the timeline as thread replies.
        var posts = host.Workspace.Calls("chat.postMessage");
        Assert.Single(posts, p => p.Arguments["thread_ts"] is null);
        Assert.All(posts.Where(p => p.Arguments["thread_ts"] is not null), p => Assert.Equal(card.Ts, p.Arguments["thread_ts"]!.GetValue<string>()));
        Assert.All(host.Workspace.Calls("chat.update"), u => Assert.Equal(card.Ts, u.Arguments["ts"]!.GetValue<string>()));
        Assert.Single(host.Workspace.Calls("files.getUploadURLExternal"));
    }

    [Fact]
    public async Task A_breach_rolls_back_and_the_card_says_so_with_the_measured_value()
    {
        await using var host = await SlackHost.StartAsync(bot => bot.Metrics.Set("lambda_router", "5", errorRate: 0.3));
        await host.CommandAsync("U0ALICE", "lambda_router 5");
        await SlackHost.UntilAsync(() => host.Cards().Count == 1, "no card");

        await host.PollForAsync(TimeSpan.FromMinutes(2));

        var card = host.Workspace.Message(SlackHost.Channel, host.Cards()[0].Ts)!;
        await SlackHost.UntilAsync(() => SlackHost.Text(host.Workspace.Message(SlackHost.Channel, card.Ts)!).Contains("Rolled back to version 4", StringComparison.Ordinal), "no rolled-back card");
        card = host.Workspace.Message(SlackHost.Channel, card.Ts)!;
        Assert.Contains("error rate 30% &gt; 5% for 2 periods", SlackHost.Text(card), StringComparison.Ordinal); // mrkdwn escapes &, <, >
        Assert.Equal("4", host.Bot.Lambda.Alias("prod", "lambda_router").PrimaryVersion);
        Assert.Contains(host.Bot.Ops.Pages, p => p.Message.Contains("30% > 5%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_double_click_and_a_stale_cards_click_have_one_effect_and_the_others_get_an_ephemeral_answer()
    {
        await using var host = await SlackHost.StartAsync();
        await host.CommandAsync("U0ALICE", "lambda_router 5");
        await SlackHost.UntilAsync(() => host.Cards().Count == 1 && SlackHost.Text(host.Cards()[0]).Contains("Baking", StringComparison.Ordinal), "no card");
        var baking = host.Cards()[0];
        await host.PollForAsync(TimeSpan.FromMinutes(5));
        var waiting = host.Workspace.Message(SlackHost.Channel, baking.Ts)!;
        var promote = SlackHost.Button(waiting, "Promote");

        var clicks = await Task.WhenAll(host.ClickAsync("U0BOB", promote, waiting.Ts), host.ClickAsync("U0BOB", promote, waiting.Ts));
        var stale = await host.ClickAsync("U0ALICE", SlackHost.Button(baking, "Pause"), baking.Ts);

        Assert.All(clicks.Append(stale), c => Assert.Equal(HttpStatusCode.OK, c.StatusCode));
        await SlackHost.UntilAsync(() => host.Workspace.Ephemerals("U0ALICE").Any(m => m.Text.Contains("out of date", StringComparison.Ordinal)), "no refusal for the stale click");
        await SlackHost.UntilAsync(() => host.Workspace.Ephemerals("U0BOB").Count >= 1, "no answer to the second click");
        var store = host.Bot.Services.GetRequiredService<IDeploymentStore>();
        var deployment = Assert.Single(await store.ListAsync(new DeploymentQuery("prod", "lambda_router"), default));
        var events = await store.GetEventsAsync(deployment.Id, default);
        Assert.Single(events, e => e.To == DeploymentState.Promoting);
        Assert.DoesNotContain(events, e => e.To == DeploymentState.Paused);
    }

    [Fact]
    public async Task Forged_or_stale_requests_are_refused_and_change_nothing()
    {
        await using var host = await SlackHost.StartAsync();
        var body = "command=%2Fdeploy&text=lambda_router%205&user_id=U0ALICE&channel_id=C0DEPLOYS&trigger_id=1.2.3&response_url=http%3A%2F%2F127.0.0.1%2Fx";

        var forged = await host.PostAsync("/slack/commands", body, "application/x-www-form-urlencoded", secret: "not-the-secret");
        var stale = await host.PostAsync("/slack/commands", body, "application/x-www-form-urlencoded", at: host.Time.GetUtcNow().AddMinutes(-6));

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        var store = host.Bot.Services.GetRequiredService<IDeploymentStore>();
        Assert.Empty(await store.ListAsync(new DeploymentQuery(), default));
        Assert.Empty(host.Workspace.Calls());
    }
}
