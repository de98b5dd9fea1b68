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

/// <summary>A click on one of the card's buttons (a <c>block_actions</c> payload whose value is one of ours).</summary>
internal sealed record ButtonClick(
    string UserId,
    string? UserName,
    string ChannelId,
    string TriggerId,
    string? ResponseUrl,
    string DeploymentId,
    long StateVersion,
    DeploymentAction Action);

/// <summary>An <c>app_mention</c> event: where it was said, so the answer goes to its thread.</summary>
internal sealed record AppMention(string EventId, string ChannelId, string Ts, string? ThreadTs, string? UserId);
