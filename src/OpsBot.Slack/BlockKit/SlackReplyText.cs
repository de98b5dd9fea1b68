using OpsBot.Core.Commands;

namespace OpsBot.Slack.BlockKit;

/// <summary>
/// The mrkdwn text of an answer to one person (an ephemeral message): what happened, or for an error what was wrong,
/// followed by the command's usage in a code block.
/// </summary>
internal static class SlackReplyText
{
    /// <summary>Core's grammar errors carry the usage after this marker; it is drawn as a code block instead.</summary>
    private const string UsageMarker = "\n\nUsage:\n";

    /// <param name="reply">The handler's answer.</param>
    /// <param name="usage">The usage to show with an error (null for a click, which has none).</param>
    public static string Render(ChatReply reply, string? usage)
    {
        if (!reply.IsError)
            return SlackText.Mrkdwn(reply.Text, BlockKitLimits.MessageText);
        var text = reply.Text ?? "";
        var marker = text.IndexOf(UsageMarker, StringComparison.Ordinal);
        if (marker >= 0)
        {
            usage ??= text[(marker + UsageMarker.Length)..];
            text = text[..marker];
        }
        return Error(text, usage);
    }

    /// <summary>":warning: what was wrong", and the usage in a code block when there is one.</summary>
    public static string Error(string message, string? usage)
    {
        var code = string.IsNullOrWhiteSpace(usage) ? "" : "\n*Usage*\n```" + SlackText.Escape(usage.Trim('\n')) + "```";
        var head = ":warning: " + SlackText.Mrkdwn(message, Math.Max(200, BlockKitLimits.MessageText - code.Length - 12));
        return head + code;
    }
}
