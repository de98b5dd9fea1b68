using OpsBot.Core.Incidents;
using OpsBot.Core.Notifications.Cards;

namespace OpsBot.Slack.Tests.BlockKit;

/// <summary>Incident cards to draw: one built by Core from an opened incident, the largest, and one full of hostile text.</summary>
internal static class SampleIncidentCards
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 10, 14, 0, TimeSpan.Zero);

    public static IncidentCard Opened() => IncidentCardBuilder.From(NewIncident.Open("prod",
        new IncidentAlarm("lambda_router-error-rate", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:lambda_router-error-rate",
            "Threshold Crossed: 1 datapoint [12.0 (03/12/26 10:13:00)] was greater than the threshold (5.0).", At, "AWS/Lambda Errors (Sum) > 5 over 60 s, FunctionName=lambda_router"),
        new IncidentContext("lambda_router", "live", "C0DEPLOYS", "100% on version 5", "version 5 went live 25m ago by ⟦@slack:U0ALICE⟧ (dep-abc123) — a likely suspect", "4", null)
        {
            FlagsOn = ["enable_new_api_endpoint", "enable_advanced_monitoring"],
        },
        new Microsoft.Extensions.Time.Testing.FakeTimeProvider(At)).Incident);

    public static IncidentCard Largest()
    {
        var text = new string('x', 5000);
        return Opened() with
        {
            Title = text,
            Headline = text,
            Reason = text,
            Facts = [.. Enumerable.Range(0, 40).Select(i => KeyValuePair.Create(text, text))],
            FlagChoices = [.. Enumerable.Range(0, 150).Select(i => KeyValuePair.Create(text, IncidentCard.FlagChoiceValue("inc-x", "prod", $"flag_{i}")))],
            Buttons = [.. Enum.GetValues<IncidentAction>().Select(a => new CardButton(a.ToString(), text, false, true, new CardConfirm(text, text, text, text), IncidentCard.ButtonValue("inc-x", long.MaxValue, a)))],
            Summary = text,
        };
    }

    public static IncidentCard Hostile()
    {
        const string evil = "<!channel> *bold* `code` <https://evil.example|click> &amp; \n\n```";
        return Opened() with { Title = evil, Headline = evil, Reason = evil, Facts = [KeyValuePair.Create(evil, evil)], Summary = evil };
    }

    public static IEnumerable<(string Name, IncidentCard Card)> All() =>
        [("opened incident", Opened()), ("largest incident", Largest()), ("hostile incident", Hostile())];
}
