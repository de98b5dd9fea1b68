using OpsBot.Core.Flags;

namespace OpsBot.Core.Notifications.Cards;

/// <summary>One flag a change sets: "enable_new_api_endpoint off → on".</summary>
public sealed record FlagCardLine(string Flag, bool From, bool To);

/// <summary>
/// The platform-neutral card of one flag change: the flags and their old → new values, the strategy, AppConfig's
/// deployment state and progress, who asked and who approved, and the buttons that fit the state (Approve / Reject
/// while awaiting approval, Stop while deploying, Revert when complete within AppConfig's window), each carrying the
/// change's state version so that a click on a stale card changes nothing.
/// </summary>
public sealed record FlagCard : ChatCard
{
    public required string ChangeId { get; init; }

    /// <summary>The change's state version the card was drawn for (its buttons carry it).</summary>
    public required long Version { get; init; }

    public required FlagChangeState State { get; init; }

    /// <summary>"Feature flags (prod)".</summary>
    public required string Title { get; init; }

    /// <summary>"Deploying: 40%", "Awaiting approval", "Completed", "Rolled back by AppConfig".</summary>
    public required string Headline { get; init; }

    public required CardTone Tone { get; init; }

    public required IReadOnlyList<FlagCardLine> Flags { get; init; }

    /// <summary>"AppConfig.Linear20PercentEvery6Minutes".</summary>
    public required string Strategy { get; init; }

    /// <summary>AppConfig's side, once it started: "deployment 12 of version 7: DEPLOYING, 40%"; null before.</summary>
    public string? AppConfig { get; init; }

    /// <summary>AppConfig's percentage complete (0..100) once it started; null before.</summary>
    public double? PercentComplete { get; init; }

    /// <summary>Who asked, as an identity (<c>slack:U0ALICE</c>): each platform renders its own as a mention.</summary>
    public required string RequestedBy { get; init; }

    /// <summary>Whether an approval applies to this change (it turns a flag on where the environment has gates).</summary>
    public bool ApprovalApplies { get; init; }

    /// <summary>Who approved, as identities.</summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];

    /// <summary>Why the person asked for it (<c>--reason</c>), when they said.</summary>
    public string? RequestReason { get; init; }

    /// <summary>Why it stopped, failed, was rolled back or rejected, when it did.</summary>
    public string? Reason { get; init; }

    /// <summary>What an operator must know beside the state (e.g. "clients pick the change up at their next poll, up to 45 s").</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public required IReadOnlyList<CardButton> Buttons { get; init; }

    /// <summary>A one-line notification fallback ("Feature flags (prod): enable_new_api_endpoint on — deploying 40%").</summary>
    public required override string Summary { get; init; }

    private const string Prefix = "flags";

    /// <summary><c>flags|flg-abc123|3|Stop</c>: the change, its state version, the action.</summary>
    public static string ButtonValue(string changeId, long version, FlagAction action) => $"{Prefix}|{changeId}|{version}|{action}";

    /// <summary>Reads a flag card button's value back: (change id, state version, action), or null when it is not one.</summary>
    public static (string ChangeId, long Version, FlagAction Action)? ParseButton(string? value)
    {
        var parts = value?.Split('|');
        if (parts is not { Length: 4 } || parts[0] != Prefix || parts[1].Length is 0 or > 64 ||
            !long.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) ||
            !Enum.TryParse<FlagAction>(parts[3], ignoreCase: false, out var action) || !Enum.IsDefined(action))
            return null;
        return (parts[1], version, action);
    }
}
