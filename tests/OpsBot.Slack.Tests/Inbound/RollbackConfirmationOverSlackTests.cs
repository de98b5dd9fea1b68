using System.Text.Json.Nodes;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Slack.Tests.BlockKit;
using OpsBot.Slack.Tests.Support;

namespace OpsBot.Slack.Tests.Inbound;

/// <summary>
/// A manual rollback in prod (gated) with nothing in flight, over Slack's wire: the answer is an ephemeral message with
/// a confirmation button; the click on it (a <c>block_actions</c> from an ephemeral message) rolls back and replaces
/// the prompt with the outcome; a second click is refused in the prompt's place and changes nothing.
/// </summary>
public sealed class RollbackConfirmationOverSlackTests
{
    private static bool IsAnswer(SlackCall c, string path) => c.Target == "hooks.slack.com" && c.Uri.AbsolutePath.StartsWith(path, StringComparison.Ordinal);

    private static JsonObject EphemeralClick(string value, string trigger)
    {
        var click = SlackTestHost.Click(value, user: "U0ALICE", trigger: trigger, action: "Rollback");
        click["container"]!["is_ephemeral"] = true;
        click.Remove("message"); // Slack sends no message with a click on an ephemeral one
        return click;
    }

    [Fact]
    public async Task The_prompt_carries_a_button_whose_click_rolls_back_and_replaces_the_prompt()
    {
        await using var host = await SlackTestHost.StartAsync();
        var revision = host.Lambda.Alias("prod", "lambda_router").RevisionId;

        await host.CommandAsync("/rollback", "lambda_router --reason \"p99 doubled\"");
        var prompt = await host.Slack.WaitForAsync(c => IsAnswer(c, "/commands/"));

        Assert.Equal("ephemeral", prompt.Json["response_type"]!.GetValue<string>());
        Assert.StartsWith("Roll back lambda_router:live in prod?", prompt.Json["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var blocks = prompt.Json["blocks"]!.AsArray();
        Assert.Empty(BlockKitLimitChecker.Problems(blocks));
        var button = blocks[1]!["elements"]![0]!;
        Assert.Equal("Roll back to version 3", button["text"]!["text"]!.GetValue<string>());
        Assert.Null(button["confirm"]); // the prompt is the confirmation; no second dialog
        Assert.Equal($"rollback|prod|lambda_router|3|{revision}|p99 doubled", button["value"]!.GetValue<string>());
        Assert.Empty(await host.DeploymentsAsync());

        await host.PostSignedAsync("/slack/interactions", SlackTestHost.InteractionForm(EphemeralClick(button["value"]!.GetValue<string>(), host.NextTrigger())));
        var outcome = await host.Slack.WaitForAsync(c => IsAnswer(c, "/actions/"));

        Assert.True(outcome.Json["replace_original"]!.GetValue<bool>());
        Assert.StartsWith("Rollback dep-", outcome.Json["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(outcome.Json["blocks"]);
        var rollback = Assert.Single(await host.Store.ListAsync(new("prod", "lambda_router"), CancellationToken.None));
        Assert.Equal(DeploymentKind.Rollback, rollback.Kind);
        Assert.Equal("3", rollback.RestoreVersion);
        Assert.Equal("p99 doubled", rollback.RequestReason);
    }

    [Fact]
    public async Task A_second_click_on_the_same_prompt_is_refused_in_its_place_and_changes_nothing()
    {
        await using var host = await SlackTestHost.StartAsync();
        var value = RollbackConfirmation.Value("prod", "lambda_router", "3", host.Lambda.Alias("prod", "lambda_router").RevisionId, null);
        await host.PostSignedAsync("/slack/interactions", SlackTestHost.InteractionForm(EphemeralClick(value, host.NextTrigger())));
        await host.SettleAsync(1);
        host.Lambda.ChangeBehindOpsBotsBack("prod", "lambda_router", primary: "3"); // the rollback landed, or anyone moved the alias
        var moved = host.Lambda.Alias("prod", "lambda_router");

        await host.PostSignedAsync("/slack/interactions", SlackTestHost.InteractionForm(EphemeralClick(value, host.NextTrigger())));
        await host.SettleAsync(2);

        var answers = host.Slack.Calls.Where(c => IsAnswer(c, "/actions/")).ToList();
        Assert.Equal(2, answers.Count);
        Assert.All(answers, a => Assert.True(a.Json["replace_original"]!.GetValue<bool>()));
        Assert.Contains("since that confirmation was offered", answers[1].Json["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(await host.Store.ListAsync(new("prod", "lambda_router"), CancellationToken.None));
        Assert.Equal(moved.PrimaryVersion, host.Lambda.Alias("prod", "lambda_router").PrimaryVersion);
    }
}
