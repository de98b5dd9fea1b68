using System.Text.Json.Nodes;
using OpsBot.Core.Commands;
using OpsBot.Core.Incidents;
using OpsBot.Slack.BlockKit;
using OpsBot.Slack.Inbound;

namespace OpsBot.Slack.Tests.BlockKit;

public sealed class IncidentCardRendererTests
{
    public static TheoryData<string> Names => new(SampleIncidentCards.All().Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_limit_holds(string name)
    {
        var blocks = BlockKitRenderer.Render(SampleIncidentCards.All().Single(c => c.Name == name).Card);
        var problems = BlockKitLimitChecker.Problems(blocks);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void An_opened_incident_reads_its_alarm_facts_suspect_and_three_buttons()
    {
        var blocks = BlockKitRenderer.Render(SampleIncidentCards.Opened());
        Assert.Equal(["title", "headline", "facts", "actions", "context"], blocks.Select(b => b!["block_id"]!.GetValue<string>()));
        Assert.Equal("lambda_router-error-rate in ALARM (prod)", blocks[0]!["text"]!["text"]!.GetValue<string>());
        var facts = blocks[2]!["text"]!["text"]!.GetValue<string>();
        Assert.Contains("*Suspect* version 5 went live 25m ago by <@U0ALICE> (dep-abc123) — a likely suspect", facts, StringComparison.Ordinal);
        Assert.Contains("*Metric* AWS/Lambda Errors (Sum) &gt; 5 over 60 s, FunctionName=lambda_router", facts, StringComparison.Ordinal);
        var elements = blocks[3]!["elements"]!.AsArray();
        Assert.Equal(["Acknowledge", "Roll back lambda_router to 4", "Resolve", "Turn off a flag…"],
            elements.Select(e => (e!["text"] ?? e["placeholder"])!["text"]!.GetValue<string>()));
        var options = elements[3]!["options"]!.AsArray();
        Assert.Equal(["enable_new_api_endpoint", "enable_advanced_monitoring"], options.Select(o => o!["text"]!["text"]!.GetValue<string>()));
    }

    [Fact]
    public void A_click_on_an_incident_button_is_the_incident_command_with_the_cards_state_version()
    {
        var card = SampleIncidentCards.Opened();
        var (command, onPrompt) = OpsBot.Core.UseCases.CardClicks.Command(card.Buttons[1].Value)!.Value;
        var act = Assert.IsType<IncidentActCommand>(command);
        Assert.Equal((IncidentAction.RollBack, card.IncidentId, card.Version, false), (act.Action, act.IncidentId, act.ExpectedVersion!.Value, onPrompt));
        Assert.True(act.MakesSafer);
        Assert.Null(OpsBot.Core.UseCases.CardClicks.Command("incident|inc-1|x|Acknowledge"));
        var (flagCommand, _) = OpsBot.Core.UseCases.CardClicks.Command(card.FlagChoices[0].Value)!.Value;
        var flags = Assert.IsType<RollbackFlagsCommand>(flagCommand);
        Assert.Equal(["enable_new_api_endpoint"], flags.Flags);
        Assert.Equal(("prod", $"incident {card.IncidentId}"), (flags.Environment, flags.Reason));
        Assert.Null(OpsBot.Core.UseCases.CardClicks.Command("incident|inc-1|1|Explode"));
    }
}
