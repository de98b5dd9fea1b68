using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Flags;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.Runner;
using OpsBot.Core.UseCases;
using OpsBot.Slack.Inbound;
using OpsBot.Slack.Tests.Support;
using OpsBot.Testing;

namespace OpsBot.Slack.Tests.Inbound;

public sealed class SlackInteractionEndpointTests
{
    /// <summary>alice's canary of lambda_router in prod, advanced to its first bake.</summary>
    private static async Task<Deployment> BakingAsync(SlackTestHost host)
    {
        var commands = host.App.Services.GetRequiredService<DeploymentCommands>();
        var started = await commands.StartAsync(new RequestContext(OpsBotHarness.Alice), new StartCommand("lambda_router") { Version = "5" }, CancellationToken.None);
        Assert.True(started.IsDone, started.Message);
        await host.App.Services.GetRequiredService<DeploymentRunner>().AdvanceAsync([started.Deployment!.Id], CancellationToken.None);
        var d = (await host.Store.GetAsync(started.Deployment.Id, CancellationToken.None))!;
        Assert.Equal(DeploymentState.Baking, d.State);
        return d;
    }

    [Fact]
    public async Task A_click_on_a_stale_card_gets_an_ephemeral_refusal_and_changes_nothing()
    {
        await using var host = await SlackTestHost.StartAsync();
        var d = await BakingAsync(host);
        var stale = DeploymentCard.ButtonValue(d.Id, d.StateVersion - 1, DeploymentAction.Pause);

        var response = await host.PostSignedAsync("/slack/interactions",
            SlackTestHost.InteractionForm(SlackTestHost.Click(stale, user: "U0ALICE", trigger: host.NextTrigger(), action: "Pause")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refusal = await host.Slack.WaitForAsync(c => c.Target == "hooks.slack.com" && c.Uri.AbsolutePath.StartsWith("/actions/", StringComparison.Ordinal));
        Assert.Equal("ephemeral", refusal.Json["response_type"]!.GetValue<string>());
        Assert.False(refusal.Json["replace_original"]!.GetValue<bool>());
        Assert.Contains("That card was out of date", refusal.Json["text"]!.GetValue<string>());
        Assert.DoesNotContain("Usage", refusal.Json["text"]!.GetValue<string>());
        var after = (await host.Store.GetAsync(d.Id, CancellationToken.None))!;
        Assert.Equal(DeploymentState.Baking, after.State);
        Assert.Equal(d.StateVersion, after.StateVersion);
    }

    [Fact]
    public async Task A_click_on_a_current_card_applies_and_answers_nothing()
    {
        await using var host = await SlackTestHost.StartAsync();
        var d = await BakingAsync(host);

        await host.PostSignedAsync("/slack/interactions", SlackTestHost.InteractionForm(
            SlackTestHost.Click(DeploymentCard.ButtonValue(d.Id, d.StateVersion, DeploymentAction.Pause), user: "U0ALICE", trigger: host.NextTrigger(), action: "Pause")));
        await host.SettleAsync(1);

        Assert.Equal(DeploymentState.Paused, (await host.Store.GetAsync(d.Id, CancellationToken.None))!.State);
        Assert.DoesNotContain(host.Slack.Calls, c => c.Uri.AbsolutePath.StartsWith("/actions/", StringComparison.Ordinal));
        Assert.Empty(host.Slack.CallsTo("chat.postEphemeral"));
    }

    [Fact]
    public async Task A_double_click_has_one_effect()
    {
        await using var host = await SlackTestHost.StartAsync();
        var d = await BakingAsync(host);
        var value = DeploymentCard.ButtonValue(d.Id, d.StateVersion, DeploymentAction.Pause);

        await host.PostSignedAsync("/slack/interactions", SlackTestHost.InteractionForm(SlackTestHost.Click(value, "U0ALICE", trigger: host.NextTrigger())));
        await host.PostSignedAsync("/slack/interactions", SlackTestHost.InteractionForm(SlackTestHost.Click(value, "U0ALICE", trigger: host.NextTrigger())));
        await host.SettleAsync(2);

        var after = (await host.Store.GetAsync(d.Id, CancellationToken.None))!;
        Assert.Equal(DeploymentState.Paused, after.State);
        Assert.Equal(d.StateVersion + 1, after.StateVersion);
    }

    [Fact]
    public async Task A_click_without_the_role_is_refused_to_the_clicker_only()
    {
        await using var host = await SlackTestHost.StartAsync();
        var d = await BakingAsync(host);

        await host.PostSignedAsync("/slack/interactions", SlackTestHost.InteractionForm(
            SlackTestHost.Click(DeploymentCard.ButtonValue(d.Id, d.StateVersion, DeploymentAction.Rollback), user: "U0CAROL", trigger: host.NextTrigger())));

        var refusal = await host.Slack.WaitForAsync(c => c.Uri.AbsolutePath.StartsWith("/actions/", StringComparison.Ordinal));
        Assert.Contains("needs the deployer role", refusal.Json["text"]!.GetValue<string>());
        Assert.Equal(DeploymentState.Baking, (await host.Store.GetAsync(d.Id, CancellationToken.None))!.State);
    }

    [Theory]
    [InlineData("not ours")]
    [InlineData("dep-abc|x|Pause")]
    [InlineData("dep-abc|3|Explode")]
    [InlineData("")]
    public async Task A_button_that_is_not_ours_is_acknowledged_and_ignored(string value)
    {
        await using var host = await SlackTestHost.StartAsync();

        var response = await host.PostSignedAsync("/slack/interactions", SlackTestHost.InteractionForm(SlackTestHost.Click(value)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, host.Queue.Completed);
    }

    [Theory]
    [InlineData("shortcut")]
    [InlineData("view_submission")]
    [InlineData("message_action")]
    public async Task Another_payload_type_is_acknowledged_and_ignored(string type)
    {
        await using var host = await SlackTestHost.StartAsync();
        var payload = SlackTestHost.Click("dep-abc|3|Pause");
        payload["type"] = type;

        var response = await host.PostSignedAsync("/slack/interactions", SlackTestHost.InteractionForm(payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, host.Queue.Completed);
    }

    [Theory]
    [InlineData("payload=%7Bnot+json")]
    [InlineData("payload=%5B1%2C2%5D")]
    [InlineData("nopayload=1")]
    [InlineData("payload=1&payload=2")]
    public async Task A_payload_that_cannot_be_read_gets_400(string body)
    {
        await using var host = await SlackTestHost.StartAsync();

        var response = await host.PostSignedAsync("/slack/interactions", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_unsigned_click_gets_401_and_changes_nothing()
    {
        await using var host = await SlackTestHost.StartAsync();
        var d = await BakingAsync(host);
        var body = SlackTestHost.InteractionForm(SlackTestHost.Click(DeploymentCard.ButtonValue(d.Id, d.StateVersion, DeploymentAction.Rollback), "U0ALICE"));

        var response = await host.PostSignedAsync("/slack/interactions", body, secret: "guessed");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(DeploymentState.Baking, (await host.Store.GetAsync(d.Id, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task A_click_from_a_payload_without_a_user_gets_400()
    {
        await using var host = await SlackTestHost.StartAsync();
        var payload = SlackTestHost.Click("dep-abc|3|Pause");
        payload.Remove("user");

        var response = await host.PostSignedAsync("/slack/interactions", SlackTestHost.InteractionForm(payload));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("user.id", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_channel_comes_from_the_container_when_the_payload_has_no_channel()
    {
        await using var host = await SlackTestHost.StartAsync();
        var payload = SlackTestHost.Click("dep-none|1|Pause", user: "U0ALICE", trigger: host.NextTrigger());
        payload.Remove("channel");

        await host.PostSignedAsync("/slack/interactions", SlackTestHost.InteractionForm(payload));

        var refusal = await host.Slack.WaitForAsync(c => c.Uri.AbsolutePath.StartsWith("/actions/", StringComparison.Ordinal));
        Assert.Contains("There is no deployment dep-none", refusal.Json["text"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(FlagAction.Approve)]
    [InlineData(FlagAction.Reject)]
    [InlineData(FlagAction.Stop)]
    [InlineData(FlagAction.Revert)]
    public void A_flag_card_button_runs_that_action_on_that_change_at_the_state_version_the_card_showed(FlagAction action)
    {
        var (command, onPrompt) = OpsBot.Core.UseCases.CardClicks.Command(FlagCard.ButtonValue("flg-abc123", 3, action))!.Value;

        Assert.Equal(new FlagsActCommand(action, "flg-abc123") { ExpectedVersion = 3, Root = "/flags" }, command);
        Assert.False(onPrompt);
        var click = new ButtonClick("U0BOB", "bob", "C0DEPLOYS", "1.2.3", null, command, onPrompt);
        Assert.Equal($"{action.ToString().ToLowerInvariant()} flg-abc123", click.Describe());
    }

    [Theory]
    [InlineData("flags|flg-abc|x|Stop")]
    [InlineData("flags|flg-abc|3|Explode")]
    [InlineData("flags||3|Stop")]
    [InlineData("flags|flg-abc|3")]
    [InlineData("flag|flg-abc|3|Stop")]
    public void A_malformed_flag_button_is_not_ours(string value) =>
        Assert.Null(OpsBot.Core.UseCases.CardClicks.Command(value));

    [Fact]
    public async Task A_flag_card_click_is_queued_and_worked_on()
    {
        await using var host = await SlackTestHost.StartAsync();

        var response = await host.PostSignedAsync("/slack/interactions", SlackTestHost.InteractionForm(
            SlackTestHost.Click(FlagCard.ButtonValue("flg-abc123", 3, FlagAction.Stop), user: "U0ALICE", trigger: host.NextTrigger(), action: "Stop")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        await host.SettleAsync(1);
    }
}
