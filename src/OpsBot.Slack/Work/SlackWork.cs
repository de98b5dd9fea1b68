using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Slack.Inbound;

namespace OpsBot.Slack.Work;

/// <summary>Something Slack asked for, acknowledged and waiting to be worked on.</summary>
internal abstract record SlackWork
{
    /// <summary>Rolling back, pausing or rejecting: worked on in the safety lane, which slow starts cannot hold up.</summary>
    public abstract bool MakesSafer { get; }
}

/// <summary>Run a slash command, parsed once at the door (<paramref name="Parsed"/>), and answer the person who typed it.</summary>
internal sealed record CommandWork(SlashCommand Command, ChatCommand Parsed) : SlackWork
{
    public override bool MakesSafer => Parsed.MakesSafer;
}

/// <summary>Apply a button click; answer the clicker only when it was refused.</summary>
internal sealed record ClickWork(ButtonClick Click) : SlackWork
{
    public override bool MakesSafer => Click.Command.MakesSafer;
}

/// <summary>Answer a mention in its thread (once per event_id).</summary>
internal sealed record MentionWork(AppMention Mention) : SlackWork
{
    public override bool MakesSafer => false;
}
