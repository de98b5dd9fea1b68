using OpsBot.Core.Commands;

namespace OpsBot.Teams.Inbound;

/// <summary>
/// What a message to the bot asks for: its first word names the command (<c>deploy</c>, <c>rollback</c>, <c>flags</c>,
/// <c>health</c>, <c>logs</c>, <c>incident</c>; a leading '/' is allowed), the rest is read by Core's grammar exactly
/// as a Slack slash command's text. Anything else is answered with what OpsBot understands.
/// </summary>
internal static class TeamsCommandText
{
    /// <summary>Every command's usage, for help and for a message OpsBot did not understand.</summary>
    public static string AllUsage => string.Join("\n", CommandGrammar.Commands.Select(CommandUsage.For));

    /// <summary>The parsed command, or the answer to give instead (help, or what could not be read and how to write it).</summary>
    public static (ChatCommand? Command, CommandResult? Answer) Read(string text)
    {
        var words = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0 || words[0].TrimStart('/').Equals("help", StringComparison.OrdinalIgnoreCase))
            return (null, CommandResult.Done("I answer these commands (type them to me here, or mention me in a channel: @OpsBot deploy lambda_router 5):") with { Usage = AllUsage });
        var root = "/" + words[0].TrimStart('/').ToLowerInvariant();
        if (!CommandGrammar.Commands.Contains(root))
            return (null, CommandResult.Invalid($"I do not know the command '{CommandText.Echo(words[0])}'.", AllUsage));
        var (parsed, error) = CommandGrammar.Parse(root, words.Length > 1 ? words[1] : "");
        return parsed is null ? (null, CommandResult.Invalid(error ?? "That command could not be read.", CommandUsage.For(root))) : (parsed, null);
    }
}
