namespace OpsBot.Core.Commands;

// /health and /logs: read-only looks at the functions, their dependencies and their logs.
public static partial class CommandGrammar
{
    /// <summary>The most functions one /health names.</summary>
    public const int MaxHealthFunctions = 20;

    private static readonly Dictionary<string, Kind> HealthOptions = new(StringComparer.Ordinal)
    {
        ["env"] = Kind.Value,
        ["window"] = Kind.Value,
        ["chart"] = Kind.Flag,
        ["errors"] = Kind.Flag,
    };

    private static readonly Dictionary<string, Kind> LogsOptions = new(StringComparer.Ordinal)
    {
        ["env"] = Kind.Value,
        ["since"] = Kind.Value,
    };

    private static ChatCommand Health(IReadOnlyList<string> words)
    {
        if (words.Count > 0 && words[0].Equals("help", StringComparison.OrdinalIgnoreCase))
            return new HelpCommand("/health");
        var (args, options) = Arguments(words, HealthOptions, maxPositional: MaxHealthFunctions, "health");
        var functions = args.Distinct(StringComparer.Ordinal).ToList();
        var errors = options.ContainsKey("errors");
        if (errors && functions.Count != 1)
            throw new CommandSyntaxException("--errors reads one function's logs: /health <function> --errors (or /logs <function>).");
        return new HealthCommand(functions.Count == 0 ? [] : functions)
        {
            Environment = options.GetValueOrDefault("env"),
            Window = options.TryGetValue("window", out var w) ? Window("window", w) : HealthWindows.Default,
            Chart = options.ContainsKey("chart"),
            Errors = errors,
        };
    }

    private static ChatCommand Logs(IReadOnlyList<string> words)
    {
        if (words.Count > 0 && words[0].Equals("help", StringComparison.OrdinalIgnoreCase))
            return new HelpCommand("/logs");
        var (args, options) = Arguments(words, LogsOptions, maxPositional: 2, "logs");
        if (args.Count == 0)
            throw new CommandSyntaxException("Say whose logs: /logs <function> [version] [--since 15m].");
        var version = args.ElementAtOrDefault(1);
        if (version is not null && version != "$LATEST" && !version.All(char.IsAsciiDigit))
            throw new CommandSyntaxException($"{Printable(version)} is not a version: a number such as 5, or $LATEST.");
        return new LogsCommand(args[0])
        {
            Version = version,
            Environment = options.GetValueOrDefault("env"),
            Since = options.TryGetValue("since", out var s) ? Window("since", s) : HealthWindows.Default,
        };
    }

    private static TimeSpan Window(string option, string value) =>
        HealthWindows.Parse(value) ?? throw new CommandSyntaxException(
            $"--{option} is a span such as 15m, 2h or 1d (at most 24 hours), not {Printable(value)}.");
}
