using OpsBot.Core.Deployments;

namespace OpsBot.Core.Notifications.Cards;

/// <summary>How a card should look at a glance.</summary>
public enum CardTone
{
    Waiting,
    Progress,
    Warning,
    Success,
    Danger,
}

public enum StepStatus
{
    Done,
    Current,
    Pending,
}

/// <summary>One step of the plan as the progress bar shows it.</summary>
public sealed record CardStep(int Weight, string Bake, StepStatus Status, bool Gate);

/// <summary>One health check: the measured value beside its threshold.</summary>
public sealed record CardCheck(string Name, CheckStatus Status, string Measured, string Threshold, string Text);

/// <summary>A confirm dialog shown before a button acts.</summary>
public sealed record CardConfirm(string Title, string Text, string Confirm, string Deny);

/// <summary>
/// A button: the action it stands for (its name, e.g. <c>Promote</c>: the platform's action id), its label and look,
/// and its value, which says what a click runs (the entity and state version it was drawn for).
/// </summary>
public sealed record CardButton(string Action, string Label, bool Primary, bool Danger, CardConfirm? Confirm, string Value);

/// <summary>A card a chat platform draws and keeps updated in place: a deployment's, or another entity's.</summary>
public abstract record ChatCard
{
    /// <summary>A one-line notification fallback.</summary>
    public abstract string Summary { get; init; }
}

/// <summary>
/// The platform-neutral deployment card: everything a renderer (Block Kit, Adaptive Cards) draws. Built from the
/// committed deployment; its buttons are the actions the workflow allows now, each carrying the state version so that
/// a click on a stale card changes nothing.
/// </summary>
public sealed record DeploymentCard : ChatCard
{
    public required string DeploymentId { get; init; }

    /// <summary>The deployment's state version the card was drawn for (its buttons carry it).</summary>
    public required long Version { get; init; }

    public required DeploymentState State { get; init; }

    /// <summary>"lambda_router:live (prod)".</summary>
    public required string Title { get; init; }

    /// <summary>"Baking at 10% (step 1 of 2)", "Awaiting promotion", "Rolled back".</summary>
    public required string Headline { get; init; }

    public required CardTone Tone { get; init; }

    /// <summary>"4 → 5" (for a rollback: "5 → 4").</summary>
    public required string Versions { get; init; }

    /// <summary>"canary (10% → 100%)".</summary>
    public required string Strategy { get; init; }

    /// <summary>"alias" or "CodeDeploy d-ABC123".</summary>
    public required string Engine { get; init; }

    public required int Weight { get; init; }

    public required IReadOnlyList<CardStep> Steps { get; init; }

    public required IReadOnlyList<CardCheck> Checks { get; init; }

    public required string RequestedBy { get; init; }

    /// <summary>Whether an approval applies to this deployment (its environment has gates it did not skip); without one the card shows no approvers.</summary>
    public bool ApprovalApplies { get; init; } = true;

    /// <summary>
    /// For a manual rollback: what moved, "4 → 3, all traffic" (drawn instead of a progress bar); null for a release.
    /// </summary>
    public string? Moved { get; init; }

    /// <summary>Why the person asked for it (<c>--reason</c>), when they said and it is not already the <see cref="Reason"/>.</summary>
    public string? RequestReason { get; init; }

    /// <summary>Who approved, as identities (<c>slack:U0BOB</c>), like <see cref="RequestedBy"/>: each platform renders its own as a mention.</summary>
    public required IReadOnlyList<string> Approvers { get; init; }

    /// <summary>Why it is paused, rolling back or ended, when it is.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// What an operator must know beside the state: a freeze holding it, a bake without enough traffic to judge, gates
    /// skipped or limits exceeded by an admin. Core text (with <c>ChatRefs</c> references).
    /// </summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public required IReadOnlyList<CardButton> Buttons { get; init; }

    /// <summary>A one-line notification fallback ("lambda_router:live (prod) 4 → 5: baking at 10%").</summary>
    public required override string Summary { get; init; }

    /// <summary>"▰▰▱▱▱▱▱▱▱▱ 20%".</summary>
    public string ProgressBar => Bar(Weight);

    public static string Bar(int weight)
    {
        var filled = Math.Clamp((int)Math.Round(weight / 10.0), 0, 10);
        return new string('▰', filled) + new string('▱', 10 - filled) + $" {weight}%";
    }

    /// <summary>Reads a button's value back: (deployment id, state version, action), or null when it is not one of ours.</summary>
    public static (string DeploymentId, long Version, DeploymentAction Action)? ParseButton(string? value)
    {
        var parts = value?.Split('|');
        if (parts is not { Length: 3 } || parts[0].Length is 0 or > 64 ||
            !long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) ||
            !Enum.TryParse<DeploymentAction>(parts[2], ignoreCase: false, out var action) || !Enum.IsDefined(action))
            return null;
        return (parts[0], version, action);
    }

    public static string ButtonValue(string deploymentId, long version, DeploymentAction action) => $"{deploymentId}|{version}|{action}";
}
