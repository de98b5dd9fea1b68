using OpsBot.Core.Deployments;
using OpsBot.Core.Notifications.Cards;

namespace OpsBot.Core.Commands;

public enum CommandStatus
{
    Done,

    /// <summary>Not allowed, or not possible now; nothing was changed.</summary>
    Refused,

    /// <summary>The same request key was already handled; nothing was done again (the platform may stay silent).</summary>
    Duplicate,

    /// <summary>The command could not be read; the answer shows its usage.</summary>
    Invalid,

    /// <summary>A dependency failed; nothing was changed by this request.</summary>
    Failed,

    /// <summary>Nothing was changed yet: the answer asks the person to confirm with one of its <see cref="CommandResult.Actions"/>.</summary>
    Confirm,
}

/// <summary>A file a result carries (a PNG chart): its name, a title, and its bytes.</summary>
public sealed record ChatFile(string FileName, string Title, byte[] Content);

/// <summary>
/// What a command did, for the person who asked (the card itself reaches the channel through the outbox): the
/// message (people and channels as neutral references), the deployments it concerns, the command's usage when the
/// answer should show it, and buttons the answer offers. Every platform renders it its own way.
/// </summary>
public sealed record CommandResult(CommandStatus Status, string Message, IReadOnlyList<Deployment> Deployments)
{
    /// <summary>The command's usage, shown with the answer (a malformed command, or help); null when it needs none.</summary>
    public string? Usage { get; init; }

    /// <summary>Buttons the answer offers (the same model as a card's), e.g. a confirmation.</summary>
    public IReadOnlyList<CardButton> Actions { get; init; } = [];

    /// <summary>A card to post where the command was typed, for everyone there (<c>/health</c>); null: the message answers the person.</summary>
    public ChatCard? Card { get; init; }

    /// <summary>Files to post under <see cref="Card"/> (a chart).</summary>
    public IReadOnlyList<ChatFile> Files { get; init; } = [];

    public bool IsDone => Status == CommandStatus.Done;

    public bool IsError => Status is CommandStatus.Refused or CommandStatus.Invalid or CommandStatus.Failed;

    public bool IsDuplicate => Status == CommandStatus.Duplicate;

    public Deployment? Deployment => Deployments.Count > 0 ? Deployments[0] : null;

    public static CommandResult Done(string message, params Deployment[] deployments) => new(CommandStatus.Done, message, deployments);

    public static CommandResult Refused(string message) => new(CommandStatus.Refused, message, []);

    public static CommandResult Invalid(string message, string usage) => new(CommandStatus.Invalid, message, []) { Usage = usage };

    public static CommandResult Failed(string message) => new(CommandStatus.Failed, message, []);

    public static CommandResult Confirm(string message, CardButton confirmation) => new(CommandStatus.Confirm, message, []) { Actions = [confirmation] };
}
