using System.Text.Json.Nodes;
using OpsBot.Teams.Cards;
using static OpsBot.Teams.Tests.Cards.CardJson;

namespace OpsBot.Teams.Tests.Cards;

/// <summary>The activities and invoke answers as the Bot Connector and Teams expect them, and command answers as text or a small card.</summary>
public sealed class TeamsActivitiesTests
{
    [Fact]
    public void A_card_message_carries_the_card_as_its_one_adaptive_attachment_and_the_summary()
    {
        var card = TeamsSamples.Incident();

        var activity = TeamsActivities.Card(card, TeamsSamples.Context);

        Assert.Equal("message", activity["type"]!.GetValue<string>());
        Assert.Equal(card.Summary, activity["summary"]!.GetValue<string>());
        var attachment = Assert.Single(activity["attachments"]!.AsArray())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        Assert.Equal(AdaptiveCardRenderer.Render(card, TeamsSamples.Context).ToJsonString(), attachment["content"]!.ToJsonString());
    }

    [Fact]
    public void Invoke_answers_are_a_card_a_message_or_an_error()
    {
        var card = AdaptiveCardRenderer.Render(TeamsSamples.Health(), TeamsSamples.Context);

        Assert.Equal($$"""{"statusCode":200,"type":"application/vnd.microsoft.card.adaptive","value":{{card.ToJsonString()}}}""", TeamsActivities.CardResponse(card).ToJsonString());
        Assert.Equal("""{"statusCode":200,"type":"application/vnd.microsoft.activity.message","value":"Promoted."}""", TeamsActivities.MessageResponse("Promoted.").ToJsonString());
        Assert.Equal("""{"statusCode":409,"type":"application/vnd.microsoft.error","value":{"code":"stale","message":"The card changed."}}""",
            TeamsActivities.ErrorResponse(409, "stale", "The card changed.").ToJsonString());
        Assert.Throws<ArgumentOutOfRangeException>(() => TeamsActivities.ErrorResponse(200, "x", "y"));
    }

    [Fact]
    public void A_confirmation_answer_is_a_small_card_whose_button_reads_back_as_the_rollback()
    {
        var result = TeamsSamples.Replies().Single(r => r.Name == "rollback confirmation").Result;

        var activity = TeamsReply.Render(result, TeamsSamples.Context);

        var card = activity["attachments"]![0]!["content"]!;
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        Assert.Contains("<at>Erin Example</at>", card["body"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(TeamsSamples.ErinAad, Assert.Single(card["msteams"]!["entities"]!.AsArray())!["mentioned"]!["id"]!.GetValue<string>());
        var read = AdaptiveCardActions.Read(Invoke(Assert.Single(Executes(card))));
        Assert.Equal(new TeamsCardAction("act", result.Actions[0].Value, false), read);
        Assert.NotNull(Core.Commands.RollbackConfirmation.Parse(read!.Value));
    }

    [Fact]
    public void A_plain_answer_is_markdown_text_with_its_mentions_and_an_error_shows_the_usage_in_a_code_block()
    {
        var done = TeamsReply.Render(TeamsSamples.Replies().Single(r => r.Name == "done").Result, TeamsSamples.Context);
        var invalid = TeamsReply.Render(TeamsSamples.Replies().Single(r => r.Name == "invalid").Result, TeamsSamples.Context);

        Assert.Equal("markdown", done["textFormat"]!.GetValue<string>());
        Assert.Equal("Paused for <at>Frank Markdown b</at> and slack:U0BOB.", done["text"]!.GetValue<string>());
        var mention = Assert.Single(done["entities"]!.AsArray())!;
        Assert.Equal(("mention", TeamsSamples.FrankAad), (mention["type"]!.GetValue<string>(), mention["mentioned"]!["id"]!.GetValue<string>()));
        Assert.Null(invalid["attachments"]);
        Assert.Equal("⚠️ Unknown strategy \\*fast\\*.\n\n**Usage**\n\n```\n/deploy <function> [version] [--strategy canary|linear]\n```", invalid["text"]!.GetValue<string>());
        Assert.Null(invalid["entities"]);
    }

    [Fact]
    public void A_text_message_without_mentions_has_no_entities()
    {
        var activity = TeamsActivities.Text("hello");

        Assert.Equal("""{"type":"message","textFormat":"markdown","text":"hello"}""", activity.ToJsonString());
        Assert.IsType<JsonObject>(TeamsActivities.Text("x", [new JsonObject { ["type"] = "mention" }])["entities"]![0]);
    }
}
