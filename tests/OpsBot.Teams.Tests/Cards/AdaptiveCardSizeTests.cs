using OpsBot.Core.Notifications.Cards;
using OpsBot.Teams.Cards;
using static OpsBot.Teams.Tests.Cards.CardJson;

namespace OpsBot.Teams.Tests.Cards;

/// <summary>No card passes Teams' ~28 KB: huge inputs are cut with "…and N more" and "…", and the activity around stays within it too.</summary>
public sealed class AdaptiveCardSizeTests
{
    [Fact]
    public async Task Every_card_and_its_activity_stay_under_the_budget_even_with_500_refresh_users()
    {
        var context = TeamsSamples.Context with { RefreshUserIds = [.. Enumerable.Range(0, 500).Select(i => "29:" + new string('u', 120) + i)] };
        foreach (var (name, card) in await TeamsSamples.AllAsync())
        {
            var json = AdaptiveCardRenderer.Render(card, context);
            var activity = TeamsActivities.Card(card, context);

            Assert.True(AdaptiveCardLimits.SizeOf(json) <= AdaptiveCardLimits.MaxCardBytes, $"{name}: {AdaptiveCardLimits.SizeOf(json)} bytes");
            Assert.True(AdaptiveCardLimits.SizeOf(activity) <= AdaptiveCardLimits.MaxMessageBytes, $"{name}: activity {AdaptiveCardLimits.SizeOf(activity)} bytes");
            Assert.True(AdaptiveCardLimits.SizeOf(AdaptiveCardRenderer.RenderConfirm(card, new CardButton("X", new string('l', 5000), false, true, null, "v"), context)) <= AdaptiveCardLimits.MaxCardBytes, name);
        }
    }

    [Fact]
    public void A_huge_deployment_keeps_its_title_buttons_and_says_how_much_more_there_is()
    {
        var card = TeamsSamples.LargestDeployment();

        var json = AdaptiveCardRenderer.Render(card, TeamsSamples.Context);

        var texts = Texts(json);
        Assert.Contains(texts, t => t.StartsWith("…and ", StringComparison.Ordinal) && t.EndsWith(" more steps", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("…and ", StringComparison.Ordinal) && t.EndsWith(" more checks", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("…and ", StringComparison.Ordinal) && t.EndsWith(" more notes", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("Approvers: ", StringComparison.Ordinal) && t.EndsWith(" more", StringComparison.Ordinal));
        Assert.EndsWith("…", json["body"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(AdaptiveCardLimits.Actions, json["actions"]!.AsArray().Count);
        Assert.All(json["msteams"]!["entities"]!.AsArray(), m => Assert.Contains(m!["text"]!.GetValue<string>(), json.ToJsonString(AdaptiveCardLimits.JsonOptions), StringComparison.Ordinal));
    }

    [Fact]
    public void A_huge_incident_keeps_a_usable_flag_select()
    {
        var json = AdaptiveCardRenderer.Render(TeamsSamples.LargestIncident(), TeamsSamples.Context);

        var choices = Assert.Single(OfType(json, "Input.ChoiceSet"))["choices"]!.AsArray();
        Assert.InRange(choices.Count, 1, AdaptiveCardLimits.Choices);
        Assert.All(choices, c => Assert.NotNull(IncidentCard.ParseFlagChoice(c!["value"]!.GetValue<string>())));
    }

    [Fact]
    public async Task A_huge_flag_change_keeps_its_buttons_and_counts_the_flags_left_out()
    {
        var basis = (await TeamsSamples.FlagsAsync())[0].Card;

        var json = AdaptiveCardRenderer.Render(TeamsSamples.LargestFlags(basis), TeamsSamples.Context);

        Assert.Contains(Texts(json), t => t.StartsWith("…and ", StringComparison.Ordinal) && t.EndsWith(" more flags", StringComparison.Ordinal));
        Assert.Equal(basis.Buttons.Select(b => b.Value), json["actions"]!.AsArray().Select(a => a!["data"]!["opsbot"]!.GetValue<string>()));
    }

    [Fact]
    public void A_huge_health_card_names_the_functions_it_leaves_out()
    {
        var json = AdaptiveCardRenderer.Render(TeamsSamples.LargestHealth(), TeamsSamples.Context);

        Assert.Contains(Texts(json), t => t.StartsWith("…and ", StringComparison.Ordinal) && t.Contains(" more: fn", StringComparison.Ordinal));
    }
}
