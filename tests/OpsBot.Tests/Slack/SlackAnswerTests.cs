using System.Net;

namespace OpsBot.Tests.Slack;

/// <summary>What a person reads over Slack's wire: short refusals with mentions, help with their environment, the reason on the card.</summary>
public sealed class SlackAnswerTests
{
    [Fact]
    public async Task A_role_refusal_is_one_short_line_that_names_the_person_by_mention()
    {
        await using var host = await SlackHost.StartAsync();

        var ack = await host.CommandAsync("U0CAROL", "lambda_router 5");

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        await SlackHost.UntilAsync(() => host.Workspace.Ephemerals("U0CAROL").Count > 0, "carol got no answer");
        var text = host.Workspace.Ephemerals("U0CAROL")[0].Text;
        Assert.Equal(":warning: That needs the deployer role in prod, and <@U0CAROL> has the viewer role.", text);
        Assert.DoesNotContain("slack:U0CAROL", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_says_the_channels_environment_its_gates_and_the_callers_role()
    {
        await using var host = await SlackHost.StartAsync();

        await host.CommandAsync("U0ALICE", "help");

        await SlackHost.UntilAsync(() => host.Workspace.Ephemerals("U0ALICE").Count > 0, "alice got no help");
        var text = host.Workspace.Ephemerals("U0ALICE")[0].Text;
        Assert.StartsWith("This channel works on prod. prod's gates:", text, StringComparison.Ordinal);
        Assert.Contains("<@U0ALICE> has the deployer role in prod.", text, StringComparison.Ordinal);
        Assert.Contains("```/deploy &lt;function&gt; [version]", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reason_given_to_deploy_is_on_the_card_and_in_the_threads_first_line()
    {
        await using var host = await SlackHost.StartAsync();

        await host.CommandAsync("U0ALICE", "lambda_router 5 --reason \"INC-42 <router> timeout\"");

        await SlackHost.UntilAsync(() => host.Cards().Count == 1 && SlackHost.Text(host.Cards()[0]).Contains("Baking", StringComparison.Ordinal), "no card");
        var card = host.Cards()[0];
        Assert.Contains("*Reason*\nINC-42 &lt;router&gt; timeout", SlackHost.Text(card), StringComparison.Ordinal);
        await SlackHost.UntilAsync(() => host.Workspace.Thread(SlackHost.Channel, card.Ts).Any(m => m.Ts != card.Ts), "no thread");
        var first = host.Workspace.Thread(SlackHost.Channel, card.Ts).First(m => m.Ts != card.Ts);
        Assert.Contains("started deploying version 5", first.Text, StringComparison.Ordinal);
        Assert.Contains("Reason: INC-42 &lt;router&gt; timeout.", first.Text, StringComparison.Ordinal);
    }
}
