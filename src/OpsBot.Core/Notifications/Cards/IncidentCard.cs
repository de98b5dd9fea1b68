using System.Globalization;
using OpsBot.Core.Incidents;

namespace OpsBot.Core.Notifications.Cards;

/// <summary>
/// The platform-neutral incident card (the root message of its alert thread): the alarm and what it watches, the
/// function, its alias and versions, the likely suspect, the lead, and buttons for what a person can do now, each
/// carrying the incident's state version.
/// </summary>
public sealed record IncidentCard : ChatCard
{
    public required string IncidentId { get; init; }

    public required long Version { get; init; }

    public required IncidentState State { get; init; }

    /// <summary>"lambda_router-error-rate in ALARM (prod)".</summary>
    public required string Title { get; init; }

    /// <summary>"Open: nobody has taken the lead", "Acknowledged: bob leads", "Recovered after 14 min", "Resolved by bob".</summary>
    public required string Headline { get; init; }

    public required CardTone Tone { get; init; }

    /// <summary>(name, value) lines: Alarm, Metric, Function, Versions, Suspect, Lead, Opened.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Facts { get; init; }

    /// <summary>CloudWatch's latest reason.</summary>
    public string? Reason { get; init; }

    public required IReadOnlyList<CardButton> Buttons { get; init; }

    /// <summary>"Turn off a flag…": the environment's flags that were on, each with the value its choice sends; empty when none (or resolved).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> FlagChoices { get; init; } = [];

    public required override string Summary { get; init; }

    private const string Prefix = "incident";

    /// <summary><c>incident|inc-abc123|3|Acknowledge</c>: the incident, its state version, the action.</summary>
    public static string ButtonValue(string incidentId, long version, IncidentAction action) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}|{incidentId}|{version}|{action}");

    private const string FlagPrefix = "incident-flag";

    /// <summary><c>incident-flag|inc-abc123|prod|enable_new_api_endpoint</c>: turn that flag off, for that incident.</summary>
    public static string FlagChoiceValue(string incidentId, string environment, string flag) => $"{FlagPrefix}|{incidentId}|{environment}|{flag}";

    /// <summary>Reads a "Turn off a flag…" choice back, or null when it is not one.</summary>
    public static (string IncidentId, string Environment, string Flag)? ParseFlagChoice(string? value)
    {
        var parts = value?.Split('|');
        return parts is { Length: 4 } && parts[0] == FlagPrefix && parts[1].Length is > 0 and <= 64 && parts[2].Length is > 0 and <= 64 && parts[3].Length is > 0 and <= 64
            ? (parts[1], parts[2], parts[3])
            : null;
    }

    /// <summary>Reads an incident card button's value back, or null when it is not one.</summary>
    public static (string IncidentId, long Version, IncidentAction Action)? ParseButton(string? value)
    {
        var parts = value?.Split('|');
        if (parts is not { Length: 4 } || parts[0] != Prefix || parts[1].Length is 0 or > 64 ||
            !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var version) ||
            !Enum.TryParse<IncidentAction>(parts[3], ignoreCase: false, out var action) || !Enum.IsDefined(action))
            return null;
        return (parts[1], version, action);
    }
}
