using OpsBot.Slack.Inbound;

namespace OpsBot.Slack.Work;

/// <summary>Something Slack asked for, acknowledged and waiting to be worked on.</summary>
internal abstract record SlackWork;

/// <summary>Run a slash command and answer the person who typed it.</summary>
internal sealed record CommandWork(SlashCommand Command) : SlackWork;

/// <summary>Apply a button click; answer the clicker only when it was refused.</summary>
internal sealed record ClickWork(ButtonClick Click) : SlackWork;

/// <summary>Answer a mention in its thread (once per event_id).</summary>
internal sealed record MentionWork(AppMention Mention) : SlackWork;
