using System.Text.Json;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Teams.Cards;
using static OpsBot.Teams.Tests.Cards.CardJson;

namespace OpsBot.Teams.Tests.Cards;

/// <summary>Clicks read back: every rendered button's invoke gives its value, the flag select gives the chosen flag, garbage gives null.</summary>
public sealed class AdaptiveCardActionsTests
{
    [Fact]
    public async Task Every_button_of_every_card_reads_back_as_its_value_and_the_refresh_as_the_entity_key()
    {
        foreach (var (name, card) in await TeamsSamples.AllAsync())
        {
            var json = AdaptiveCardRenderer.Render(card, TeamsSamples.Context);
            var buttons = card switch
            {
                DeploymentCard d => d.Buttons,
                FlagCard f => f.Buttons,
                IncidentCard i => i.Buttons,
                _ => [],
            };
            var actions = json["actions"]?.AsArray().Select(a => a!.AsObject()).ToList() ?? [];
            Assert.True(actions.Count == Math.Min(buttons.Count(b => b.Value.Length <= AdaptiveCardLimits.ActionValue), AdaptiveCardLimits.Actions), name);
            foreach (var (button, action) in buttons.Zip(actions))
            {
                var read = AdaptiveCardActions.Read(Invoke(action));
                Assert.True(read is not null, name);
                Assert.Equal(button.Value, read.Value);
                Assert.Equal(button.Confirm is null && !button.Danger ? "act" : "confirm", read.Verb);
                Assert.False(read.Automatic);
            }
            if (json["refresh"] is { } refresh)
            {
                var read = AdaptiveCardActions.Read(JsonDocument.Parse($$"""{"action":{{refresh["action"]!.ToJsonString()}},"trigger":"automatic"}""").RootElement);
                Assert.Equal(new TeamsCardAction("refresh", AdaptiveCardActions.EntityKey(card)!, true), read);
                Assert.NotNull(AdaptiveCardActions.ParseEntityKey(read!.Value));
            }
        }
    }

    [Fact]
    public void The_incident_flag_select_reads_back_as_the_chosen_flag_to_confirm()
    {
        var card = TeamsSamples.Incident();
        var json = AdaptiveCardRenderer.Render(card, TeamsSamples.Context);
        var turnOff = Executes(json).Single(a => a["associatedInputs"]!.GetValue<string>() == "auto");
        var chosen = card.FlagChoices[1].Value;

        var read = AdaptiveCardActions.Read(Invoke(turnOff, new Dictionary<string, string> { [IncidentAdaptiveCard.ChoiceId] = chosen }));

        Assert.Equal(new TeamsCardAction("confirm", chosen, false), read);
        Assert.Equal(("prod", "enable_advanced_monitoring"), (IncidentCard.ParseFlagChoice(read!.Value)!.Value.Environment, IncidentCard.ParseFlagChoice(read.Value)!.Value.Flag));
        Assert.Null(AdaptiveCardActions.Read(Invoke(turnOff)));
        var confirm = AdaptiveCardRenderer.RenderConfirm(card, IncidentAdaptiveCard.TurnOffFlagButton(read.Value), TeamsSamples.Context);
        Assert.Equal(new TeamsCardAction("act", chosen, false), AdaptiveCardActions.Read(Invoke(Executes(confirm)[0])));
        Assert.Equal(new TeamsCardAction("refresh", $"incident|{card.IncidentId}", false), AdaptiveCardActions.Read(Invoke(Executes(confirm)[1])));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"act\"")]
    [InlineData("{}")]
    [InlineData("""{"action":null}""")]
    [InlineData("""{"action":{"type":"Action.Execute","verb":"act"}}""")]
    [InlineData("""{"action":{"type":"Action.Execute","verb":"act","data":null}}""")]
    [InlineData("""{"action":{"type":"Action.Execute","verb":"act","data":"dep|1|Promote"}}""")]
    [InlineData("""{"action":{"type":"Action.Execute","verb":"act","data":{}}}""")]
    [InlineData("""{"action":{"type":"Action.Execute","verb":"act","data":{"opsbot":""}}}""")]
    [InlineData("""{"action":{"type":"Action.Execute","verb":"act","data":{"opsbot":42}}}""")]
    [InlineData("""{"action":{"type":"Action.Execute","verb":"act","data":{"opsbot":["dep|1|Promote"]}}}""")]
    [InlineData("""{"action":{"type":"Action.Execute","verb":"approve","data":{"opsbot":"dep|1|Promote"}}}""")]
    [InlineData("""{"action":{"type":"Action.Execute","verb":"ACT","data":{"opsbot":"dep|1|Promote"}}}""")]
    [InlineData("""{"action":{"type":"Action.Execute","verb":null,"data":{"opsbot":"dep|1|Promote"}}}""")]
    [InlineData("""{"action":{"type":"Action.Submit","verb":"act","data":{"opsbot":"dep|1|Promote"}}}""")]
    [InlineData("""{"action":{"verb":"act","data":{"opsbot":"dep|1|Promote"}}}""")]
    [InlineData("""{"verb":"act","data":{"opsbot":"dep|1|Promote"}}""")]
    [InlineData("""{"action":{"type":"Action.Execute","verb":"refresh","data":{"opsbotChoice":"incident-flag|inc|prod|f"}}}""")]
    public void Garbage_reads_as_null(string json) =>
        Assert.Null(AdaptiveCardActions.Read(JsonDocument.Parse(json).RootElement));

    [Fact]
    public void A_value_past_512_characters_reads_as_null_and_512_is_fine()
    {
        static JsonElement With(string value) => JsonDocument.Parse(JsonSerializer.Serialize(new { action = new { type = "Action.Execute", verb = "act", data = new { opsbot = value } } })).RootElement;

        Assert.Null(AdaptiveCardActions.Read(With(new string('x', 513))));
        Assert.Equal(512, AdaptiveCardActions.Read(With(new string('x', 512)))!.Value.Length);
    }

    [Theory]
    [InlineData("deployment|dep-abc", "deployment", "dep-abc")]
    [InlineData("flags|flg-abc", "flags", "flg-abc")]
    [InlineData("incident|inc-abc", "incident", "inc-abc")]
    public void Entity_keys_parse_back(string key, string kind, string id) =>
        Assert.Equal((kind, id), AdaptiveCardActions.ParseEntityKey(key));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("none")]
    [InlineData("health|x")]
    [InlineData("deployment|")]
    [InlineData("deployment|a|b")]
    public void Other_keys_do_not(string? key) => Assert.Null(AdaptiveCardActions.ParseEntityKey(key));

    [Fact]
    public void A_health_card_has_no_entity_key() => Assert.Null(AdaptiveCardActions.EntityKey(TeamsSamples.Health()));
}
