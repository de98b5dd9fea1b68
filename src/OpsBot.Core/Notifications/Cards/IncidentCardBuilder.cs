using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Incidents;

namespace OpsBot.Core.Notifications.Cards;

/// <summary>Builds an incident's card from the committed incident; the buttons are the actions its workflow allows now.</summary>
public static class IncidentCardBuilder
{
    public static IncidentCard From(Incident i)
    {
        var actions = new IncidentWorkflow(i, TimeProvider.System).AvailableActions;
        var headline = i.State switch
        {
            IncidentState.Open => i.EscalatedAt is null ? "Open: nobody has taken the lead" : "Open and escalated: nobody has taken the lead",
            IncidentState.Acknowledged => $"Acknowledged: {ChatRefs.Person(i.Lead!)} leads",
            IncidentState.Recovered => $"Recovered after {DeploymentWorkflow.Format((i.RecoveredAt ?? i.StateSince) - i.LastAlarmAt)}; not resolved yet",
            _ => $"Resolved by {ChatRefs.Person(i.ResolvedBy ?? Actor.System.Identity)}",
        };
        var tone = i.State switch
        {
            IncidentState.Open => CardTone.Danger,
            IncidentState.Acknowledged => CardTone.Warning,
            IncidentState.Recovered => CardTone.Progress,
            _ => CardTone.Success,
        };
        var facts = new List<KeyValuePair<string, string>> { new("Alarm", i.AlarmName + (i.Alarms > 1 ? $" (in ALARM {i.Alarms} times)" : "")) };
        if (i.Metric is not null)
            facts.Add(new("Metric", i.Metric));
        if (i.Function is not null)
            facts.Add(new("Function", $"{i.Function}:{i.Alias ?? "live"} ({i.Environment})" + (i.Routing is null ? "" : $", {i.Routing}")));
        if (i.Suspect is not null)
            facts.Add(new("Suspect", i.Suspect));
        if (i.DeploymentId is not null)
            facts.Add(new("Deployment in flight", i.DeploymentId));
        if (i.Lead is not null)
            facts.Add(new("Lead", ChatRefs.Person(i.Lead)));
        facts.Add(new("Opened", $"{i.OpenedAt:yyyy-MM-dd HH:mm} UTC"));
        return new IncidentCard
        {
            IncidentId = i.Id,
            Version = i.StateVersion,
            State = i.State,
            Title = $"{i.AlarmName} in ALARM ({i.Environment})",
            Headline = headline,
            Tone = tone,
            Facts = facts,
            Reason = i.Reason,
            Buttons = [.. actions.Select(a => Button(i, a))],
            FlagChoices = i.IsOpen ? [.. i.FlagsOn.Select(f => KeyValuePair.Create(f, IncidentCard.FlagChoiceValue(i.Id, i.Environment, f)))] : [],
            Summary = $"Incident {i.Id}: {i.AlarmName} ({i.Environment}) — {headline}",
        };
    }

    private static CardButton Button(Incident i, IncidentAction action)
    {
        var value = IncidentCard.ButtonValue(i.Id, i.StateVersion, action);
        var name = action.ToString();
        return action switch
        {
            IncidentAction.Acknowledge => new(name, "Acknowledge", Primary: true, Danger: false, null, value),
            IncidentAction.RollBack => new(name, $"Roll back {i.Function} to {i.RollbackVersion}", Primary: false, Danger: true,
                new CardConfirm($"Roll back {i.Function}?", $"All of {i.Function}:{i.Alias ?? "live"} in {i.Environment} goes to version {i.RollbackVersion} at once.",
                    "Roll back", "Cancel"), value),
            _ => new(name, "Resolve", Primary: false, Danger: false,
                new CardConfirm("Resolve this incident?", "Its summary is posted in the thread; a new ALARM opens a new incident.", "Resolve", "Keep open"), value),
        };
    }
}
