using OpsBot.Core.Commands;

namespace OpsBot.Slack.BlockKit;

/// <summary>
/// The mrkdwn text of an answer to one person (an ephemeral message): what happened, or for an error what was wrong,
/// followed by the command's usage in a code block (Core says when: <see cref="CommandResult.Usage"/>).
/// </summary>
internal static class SlackReplyText
{
    /// <summary>The answer's message (with the usage for help), or for an error what was wrong and the command's usage when Core gave it (a malformed command).</summary>
    public static string Render(CommandResult result) =>
        result.IsError ? Error(result.Message, result.Usage)
        : string.IsNullOrWhiteSpace(result.Usage) ? SlackText.Mrkdwn(result.Message, BlockKitLimits.MessageText)
        : WithUsage(result.Message, result.Usage);

    /// <summary>The message, then the usage in a code block (help).</summary>
    private static string WithUsage(string message, string usage)
    {
        var code = "\n```" + SlackText.Escape(usage.Trim('\n')) + "```";
        return SlackText.Mrkdwn(message, Math.Max(200, BlockKitLimits.MessageText - code.Length)) + code;
    }

    /// <summary>":warning: what was wrong", and the usage in a code block when there is one.</summary>
    public static string Error(string message, string? usage)
    {
        var code = string.IsNullOrWhiteSpace(usage) ? "" : "\n*Usage*\n```" + SlackText.Escape(usage.Trim('\n')) + "```";
        var head = ":warning: " + SlackText.Mrkdwn(message, Math.Max(200, BlockKitLimits.MessageText - code.Length - 12));
        return head + code;
    }
}
