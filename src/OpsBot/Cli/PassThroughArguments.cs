using OpsBot.Core.Commands;

namespace OpsBot.Cli;

/// <summary>
/// The arguments a command hands on to the host's configuration: ASP.NET Core's own switches (<c>--urls …</c>,
/// <c>--environment Development</c>) and keys (<c>Key=Value</c>, <c>--Key=Value</c>, <c>--Key Value</c>,
/// <c>/Key=Value</c>). A bare word outside a switch's value is not configuration: where a command goes it is a
/// mistyped command, and is refused rather than silently ignored.
/// </summary>
internal static class PassThroughArguments
{
    /// <summary>The first bare word among <paramref name="tokens"/>, or null when every token is configuration.</summary>
    public static string? FirstBareWord(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Contains('=', StringComparison.Ordinal))
                continue;
            if (token.StartsWith('-') || token.StartsWith('/'))
            {
                // "--key value": the next token is this key's value, whatever it looks like.
                i++;
                continue;
            }
            return token;
        }
        return null;
    }

    /// <summary>The message for a bare word where a command goes: a suggestion when one is close, else the list.</summary>
    public static string UnknownCommand(string word, IReadOnlyList<string> commands)
    {
        var closest = commands
            .Select(c => (Command: c, Distance: Spelling.Distance(word.ToLowerInvariant(), c)))
            .Where(c => c.Distance <= Math.Max(2, c.Command.Length / 3))
            .OrderBy(c => c.Distance)
            .Select(c => c.Command)
            .FirstOrDefault();
        var known = string.Join(", ", commands);
        return closest is null
            ? $"'{word}' is not an opsbot command (commands: {known}; configuration is passed as Key=Value or --Key=Value). See opsbot --help."
            : $"'{word}' is not an opsbot command; did you mean {closest}? (commands: {known}; configuration is passed as Key=Value or --Key=Value). See opsbot --help.";
    }

    /// <summary>The message for a bare word after a command, which takes no positional arguments.</summary>
    public static string UnexpectedArgument(string command, string word) =>
        $"opsbot {command} takes no argument '{word}' (configuration is passed as Key=Value or --Key=Value). See opsbot {command} --help.";
}
