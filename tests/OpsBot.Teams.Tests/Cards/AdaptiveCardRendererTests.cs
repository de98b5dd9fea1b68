using System.Text.Json.Nodes;
using OpsBot.Core.Deployments;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Teams.Cards;
using static OpsBot.Teams.Tests.Cards.CardJson;

namespace OpsBot.Teams.Tests.Cards;

/// <summary>The shape of each card kind as Teams gets it: envelope, title, coloured headline, facts, lists, mentions, refresh and buttons.</summary>
public sealed class AdaptiveCardRendererTests
{
    private static readonly TeamsCardContext Context = TeamsSamples.Context;

    [Fact]
    public async Task A_baking_deployment_has_the_envelope_facts_progress_steps_mentions_refresh_and_buttons()
    {
        var card = (await TeamsSamples.DeploymentsAsync()).Single(c => c.Name == "baking").Card;

        var json = AdaptiveCardRenderer.Render(card, Context);

        Assert.Equal("AdaptiveCard", json["type"]!.GetValue<string>());
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", json["$schema"]!.GetValue<string>());
        Assert.Equal("1.5", json["version"]!.GetValue<string>());
        Assert.Equal("Full", json["msteams"]!["width"]!.GetValue<string>());
        var body = json["body"]!.AsArray();
        Assert.Equal(card.Title, body[0]!["text"]!.GetValue<string>());
        Assert.Equal("Bolder", body[0]!["weight"]!.GetValue<string>());
        Assert.Equal("Accent", body[1]!["color"]!.GetValue<string>());
        Assert.Contains(card.Headline, body[1]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var facts = Assert.Single(OfType(body, "FactSet"))["facts"]!.AsArray().ToDictionary(f => f!["title"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Equal(card.Versions, facts["Versions"]);
        Assert.Equal(card.Engine, facts["Engine"]);
        Assert.Equal("<at>Erin Example</at>", facts["Requested by"]);
        Assert.Equal("<at>Frank Markdown b</at>, slack:U0BOB", facts["Approvers"]);
        var texts = Texts(json);
        Assert.Contains(texts, t => t.Contains(card.ProgressBar, StringComparison.Ordinal));
        Assert.Equal(card.Steps.Count(s => s.Status == StepStatus.Current), texts.Count(t => t.EndsWith("** ← now", StringComparison.Ordinal)));
        Assert.Equal(20, texts.Count(t => System.Text.RegularExpressions.Regex.IsMatch(t, @"\A(✅|▶️|⚪) (\*\*)?\d+\. \d+%")));
        Assert.Contains(texts, t => t.EndsWith("20. 100% · bake " + card.Steps[19].Bake + " · 🔒 approval gate", StringComparison.Ordinal));
        Assert.Contains(texts, t => t == $"📌 Frozen by <at>Frank Markdown b</at> in #19:abc@thread.tacv2");

        var mentions = json["msteams"]!["entities"]!.AsArray();
        Assert.Equal(2, mentions.Count);
        Assert.All(mentions, m => Assert.Equal("mention", m!["type"]!.GetValue<string>()));
        Assert.Contains(mentions, m => m!["text"]!.GetValue<string>() == "<at>Erin Example</at>" &&
            m["mentioned"]!["id"]!.GetValue<string>() == TeamsSamples.ErinAad && m["mentioned"]!["name"]!.GetValue<string>() == "Erin Example");
        // Frank's name ("Frank *Markdown* <b>") loses its markup, in the tag and in the entity alike.
        Assert.Contains(mentions, m => m!["text"]!.GetValue<string>() == "<at>Frank Markdown b</at>" &&
            m["mentioned"]!["id"]!.GetValue<string>() == TeamsSamples.FrankAad && m["mentioned"]!["name"]!.GetValue<string>() == "Frank Markdown b");

        Assert.Equal("refresh", json["refresh"]!["action"]!["verb"]!.GetValue<string>());
        Assert.Equal($"deployment|{card.DeploymentId}", json["refresh"]!["action"]!["data"]!["opsbot"]!.GetValue<string>());
        Assert.Equal(["29:1erinmri", "29:1frankmri"], json["refresh"]!["userIds"]!.AsArray().Select(u => u!.GetValue<string>()));

        var actions = json["actions"]!.AsArray().Select(a => a!.AsObject()).ToList();
        Assert.Equal(card.Buttons.Select(b => b.Label), actions.Select(a => a["title"]!.GetValue<string>()));
        foreach (var (button, action) in card.Buttons.Zip(actions))
        {
            Assert.Equal("Action.Execute", action["type"]!.GetValue<string>());
            Assert.Equal(button.Confirm is null && !button.Danger ? "act" : "confirm", action["verb"]!.GetValue<string>());
            Assert.Equal(button.Danger ? "destructive" : button.Primary ? "positive" : null, action["style"]?.GetValue<string>());
            Assert.Equal(button.Value, action["data"]!["opsbot"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_rolled_back_deployment_is_red_and_says_why()
    {
        var card = (await TeamsSamples.DeploymentsAsync()).Single(c => c.Name == "rolled back").Card;

        var json = AdaptiveCardRenderer.Render(card, TeamsCardContext.Empty);

        Assert.Equal(CardTone.Danger, card.Tone);
        Assert.Equal("Attention", json["body"]![1]!["color"]!.GetValue<string>());
        Assert.Contains(Texts(json), t => t.Contains("bad", StringComparison.Ordinal));
        Assert.Null(json["refresh"]);
        Assert.Empty(json["msteams"]!["entities"]!.AsArray());
    }

    [Fact]
    public async Task Flag_cards_show_each_flag_the_strategy_and_approve_reject_then_stop()
    {
        var cards = await TeamsSamples.FlagsAsync();

        var waiting = AdaptiveCardRenderer.Render(cards[0].Card, Context);
        var deploying = AdaptiveCardRenderer.Render(cards[1].Card, Context);

        Assert.Contains("enable\\_new\\_api\\_endpoint: off → **on**".Replace("\\_", "_", StringComparison.Ordinal), Texts(waiting));
        Assert.Contains(Texts(waiting), t => t.StartsWith("Strategy: ", StringComparison.Ordinal));
        Assert.Contains(Texts(waiting), t => t == "Reason: INC-7 fixed");
        Assert.Equal([nameof(Core.Flags.FlagAction.Approve), nameof(Core.Flags.FlagAction.Reject)], cards[0].Card.Buttons.Select(b => b.Action));
        Assert.Equal(cards[0].Card.Buttons.Select(b => b.Label), Executes(waiting).Select(a => a["title"]!.GetValue<string>()));
        Assert.Equal($"flags|{cards[0].Card.ChangeId}", waiting["refresh"]!["action"]!["data"]!["opsbot"]!.GetValue<string>());
        Assert.Contains(Texts(deploying), t => t.StartsWith("**AppConfig** ▰▰▰▰▱▱▱▱▱▱ 40%", StringComparison.Ordinal));
        Assert.Equal(cards[1].Card.Buttons.Single().Value, Assert.Single(Executes(deploying))["data"]!["opsbot"]!.GetValue<string>());
    }

    [Fact]
    public void An_incident_offers_its_flags_in_a_compact_choice_set_whose_action_alone_gathers_inputs()
    {
        var card = TeamsSamples.Incident();

        var json = AdaptiveCardRenderer.Render(card, Context);

        var select = Assert.Single(OfType(json, "Input.ChoiceSet"));
        Assert.Equal("compact", select["style"]!.GetValue<string>());
        Assert.Equal(card.FlagChoices.Select(c => c.Value), select["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
        Assert.All(select["choices"]!.AsArray(), c => Assert.NotNull(IncidentCard.ParseFlagChoice(c!["value"]!.GetValue<string>())));
        var turnOff = Assert.Single(Executes(json), a => a["associatedInputs"]!.GetValue<string>() == "auto");
        Assert.Equal("confirm", turnOff["verb"]!.GetValue<string>());
        Assert.All(Executes(json).Where(a => a != turnOff), a => Assert.Equal("none", a["associatedInputs"]!.GetValue<string>()));
        Assert.Contains(Texts(json), t => t.Contains("<at>Erin Example</at>", StringComparison.Ordinal));
        Assert.Contains(Texts(json), t => t.StartsWith("Alarm: lambda_router-error-rate", StringComparison.Ordinal));
        Assert.Equal($"incident|{card.IncidentId}", json["refresh"]!["action"]!["data"]!["opsbot"]!.GetValue<string>());
    }

    [Fact]
    public void A_health_card_shows_functions_probes_errors_and_hosted_charts_only_and_never_refreshes()
    {
        var context = Context with { ImageUrls = [new Uri("https://opsbot.example/c1.png"), new Uri("data:image/png;base64,iVBORw0KGgo="), new Uri("file:///etc/passwd")] };

        var json = AdaptiveCardRenderer.Render(TeamsSamples.Health(), context);

        Assert.Equal("Attention", json["body"]![1]!["color"]!.GetValue<string>());
        Assert.Equal(["https://opsbot.example/c1.png"], OfType(json, "Image").Select(i => i["url"]!.GetValue<string>()));
        var texts = Texts(json);
        Assert.Contains("✅ **lambda_router**:live — 90% on version 4, 10% on version 5", texts);
        Assert.Contains("v4: 1,204 invocations · 12 errors (1%) · avg 120 ms · p99 480 ms · 0 throttles · 90% of traffic", texts);
        Assert.Contains("❌ rag\\_query\\_processor error rate 7.2% > 5%".Replace("\\_", "_", StringComparison.Ordinal), texts);
        Assert.Contains("✅ influxdb: round trip 12 ms (InfluxDB 2.7.4 (2.x), ping 3 ms)", texts);
        Assert.Contains(texts, t => t.StartsWith("**21×** Task timed out", StringComparison.Ordinal));
        Assert.Null(json["refresh"]);
        Assert.Null(json["actions"]);
    }

    [Fact]
    public void Text_from_people_is_escaped_and_only_real_mentions_become_at_tags()
    {
        var card = TeamsSamples.HostileDeployment(TeamsSamples.LargestDeployment());

        var json = AdaptiveCardRenderer.Render(card, Context);

        foreach (var text in Texts(json))
        {
            Assert.DoesNotContain("**bold**", text, StringComparison.Ordinal);
            Assert.DoesNotContain("[click]", text, StringComparison.Ordinal);
            Assert.DoesNotContain("<at>Erin</at>", text, StringComparison.Ordinal);
            Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\n- list", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\n# heading", text, StringComparison.Ordinal);
            Assert.DoesNotContain('\u0000', text);
        }
        Assert.Contains(Texts(json), t => t.Contains("\\*\\*bold\\*\\* \\_it\\_ \\[click\\](https://evil.example) \\<at>Erin\\</at>", StringComparison.Ordinal));
        Assert.All(json["msteams"]!["entities"]!.AsArray(), m => Assert.Contains(m!["mentioned"]!["id"]!.GetValue<string>(), new[] { TeamsSamples.ErinAad, TeamsSamples.FrankAad }));
    }

    [Theory]
    [InlineData("slack:U0BOB", "slack:U0BOB")]
    [InlineData("teams:9f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b", "teams:9f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b")]
    [InlineData("teams:not-a-guid", "teams:not-a-guid")]
    [InlineData(TeamsSamples.Erin, "<at>Erin Example</at>")]
    public void A_person_is_a_mention_only_as_a_teams_user_with_a_known_name(string identity, string expected)
    {
        var card = TeamsSamples.LargestDeployment() with { RequestedBy = identity, Approvers = [], Reason = null, RequestReason = null, Notes = [] };

        var json = AdaptiveCardRenderer.Render(card, Context);

        Assert.Contains($"Requested by: {expected}", Texts(json));
        Assert.Equal(expected.StartsWith("<at>", StringComparison.Ordinal) ? 1 : 0, json["msteams"]!["entities"]!.AsArray().Count);
    }

    [Fact]
    public void A_confirm_card_asks_with_the_originals_title_and_offers_the_action_and_a_cancel_that_refreshes()
    {
        var card = TeamsSamples.LargestDeployment() with { Title = "lambda_router:live (prod)" };
        var rollback = card.Buttons.Single(b => b.Action == nameof(DeploymentAction.Rollback));

        var json = AdaptiveCardRenderer.RenderConfirm(card, rollback, Context);

        Assert.Equal("lambda_router:live (prod)", json["body"]![0]!["text"]!.GetValue<string>());
        Assert.StartsWith("Really roll back?", json["body"]![1]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var actions = Executes(json);
        Assert.Equal(2, actions.Count);
        Assert.Equal(("Yes, roll back", "act", "destructive", rollback.Value),
            (actions[0]["title"]!.GetValue<string>(), actions[0]["verb"]!.GetValue<string>(), actions[0]["style"]!.GetValue<string>(), actions[0]["data"]!["opsbot"]!.GetValue<string>()));
        Assert.Equal(("No", "refresh", $"deployment|{card.DeploymentId}"),
            (actions[1]["title"]!.GetValue<string>(), actions[1]["verb"]!.GetValue<string>(), actions[1]["data"]!["opsbot"]!.GetValue<string>()));
        Assert.Null(json["refresh"]);
    }

    [Fact]
    public void Refresh_names_at_most_60_users()
    {
        var context = Context with { RefreshUserIds = [.. Enumerable.Range(0, 500).Select(i => $"29:user-{i}")] };

        var json = AdaptiveCardRenderer.Render(TeamsSamples.Incident(), context);

        Assert.Equal(AdaptiveCardLimits.RefreshUsers, json["refresh"]!["userIds"]!.AsArray().Count);
    }

    [Fact]
    public void Escaping_keeps_words_readable_and_cuts_never_split_escapes_or_mentions()
    {
        Assert.Equal("lambda_router-error-rate", TeamsText.Escape("lambda_router-error-rate"));
        Assert.Equal("\\_it\\_ 4 → 5 - no", TeamsText.Escape("_it_ 4 → 5 - no"));
        Assert.Equal("\\- a\n1\\. b\n\\# c", TeamsText.Escape("- a\n1. b\n# c"));
        Assert.Equal("ab…", TeamsText.Truncate("ab\\*cdef", 4));
        Assert.Equal("x …", TeamsText.Truncate("x <at>Erin Example</at>", 10));
        Assert.Equal("a…", TeamsText.Truncate("a🚀🚀", 3));
    }
}
