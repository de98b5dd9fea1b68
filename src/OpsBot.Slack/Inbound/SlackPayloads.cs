using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;

namespace OpsBot.Slack.Inbound;

/// <summary>A slash command as Slack posts it (the fields OpsBot uses).</summary>
internal sealed record SlashCommand(
    string Command,
    string Text,
    string UserId,
    string? UserName,
    string ChannelId,
    string? TeamId,
    string TriggerId,
    string? ResponseUrl);

/// <summary>
/// A click on one of OpsBot's buttons (a <c>block_actions</c> payload whose value is one of ours), read as the command
/// it runs: a card's button as an <see cref="ActCommand"/> carrying the card's state version, a confirmation's as the
/// command it confirms. <paramref name="OnPrompt"/>: the button was on an answer to one person (a confirmation), which
/// the outcome replaces, so it cannot be clicked again.
/// </summary>
internal sealed record ButtonClick(
    string UserId,
    string? UserName,
    string ChannelId,
    string TriggerId,
    string? ResponseUrl,
    ChatCommand Command,
    bool OnPrompt)
{
    /// <summary>What the click asked for, for a person ("promote dep-…", "stop flg-…", "roll back lambda_router to version 3").</summary>
    public string Describe() => Command switch
    {
        ActCommand act => $"{act.Action.Verb()} {act.DeploymentId}",
        FlagsActCommand flags => $"{flags.Action.ToString().ToLowerInvariant()} {flags.ChangeId}",
        RollbackCommand rollback => $"roll back {rollback.Function} to version {rollback.TargetVersion}",
        _ => Command.GetType().Name,
    };
}

/// <summary>An <c>app_mention</c> event: where it was said, so the answer goes to its thread.</summary>
internal sealed record AppMention(string EventId, string ChannelId, string Ts, string? ThreadTs, string? UserId);
