using System.Globalization;
using OpsBot.Core.Deployments;

namespace OpsBot.Core.Commands;

/// <summary>
/// The one grammar of <c>/deploy</c>, <c>/rollback</c>, <c>/flags</c> (in <c>CommandGrammar.Flags.cs</c>), <c>/health</c>
/// and <c>/logs</c> (in <c>CommandGrammar.Health.cs</c>), shared by
/// every chat platform. It checks form only (words,
/// options, numbers); meaning and permission are the use cases' business. Every error says what was wrong.
/// </summary>
public static partial class CommandGrammar
{
    private enum Kind
    {
        Value,
        Flag,

        /// <summary>A value that may be given more than once (kept in order, one per line).</summary>
        Repeated,
    }

    private static readonly Dictionary<string, Kind> StartOptions = new(StringComparer.Ordinal)
    {
        ["strategy"] = Kind.Value,
        ["engine"] = Kind.Value,
        ["canary-percentage"] = Kind.Value,
        ["bake-minutes"] = Kind.Value,
        ["rollback-threshold"] = Kind.Value,
        ["env"] = Kind.Value,
        ["skip-approval"] = Kind.Flag,
        ["reason"] = Kind.Value,
        ["enable-flag"] = Kind.Repeated,
    };

    private static readonly Dictionary<string, Kind> EnvOnly = new(StringComparer.Ordinal) { ["env"] = Kind.Value };
    private static readonly Dictionary<string, Kind> HistoryOptions = new(StringComparer.Ordinal) { ["env"] = Kind.Value, ["limit"] = Kind.Value };
    private static readonly Dictionary<string, Kind> ReasonOnly = new(StringComparer.Ordinal) { ["reason"] = Kind.Value };
    private static readonly Dictionary<string, Kind> RollbackOptions = new(StringComparer.Ordinal)
    {
        ["target-version"] = Kind.Value,
        ["env"] = Kind.Value,
        ["reason"] = Kind.Value,
    };

    private static readonly Dictionary<string, DeploymentAction> Actions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["approve"] = DeploymentAction.Approve,
        ["reject"] = DeploymentAction.Reject,
        ["promote"] = DeploymentAction.Promote,
        ["pause"] = DeploymentAction.Pause,
        ["resume"] = DeploymentAction.Resume,
    };

    /// <summary>The commands OpsBot answers.</summary>
    public static readonly IReadOnlyList<string> Commands = ["/deploy", "/rollback", "/flags", "/health", "/logs", "/incident"];

    /// <summary>Parses <paramref name="text"/> typed after <paramref name="command"/> (one of <see cref="Commands"/>).</summary>
    public static (ChatCommand? Command, string? Error) Parse(string command, string? text)
    {
        var name = "/" + (command ?? "").Trim().TrimStart('/').ToLowerInvariant();
        if (!Commands.Contains(name))
            return (null, $"OpsBot does not know the command {Printable(command)}; it answers {string.Join(", ", Commands.SkipLast(1))} and {Commands[^1]}.");
        var (words, error) = CommandTokenizer.Split(text);
        if (words is null)
            return (null, error);
        try
        {
            var parsed = name switch
            {
                "/deploy" => Deploy(words),
                "/rollback" => Rollback(words),
                "/health" => Health(words),
                "/logs" => Logs(words),
                "/incident" => Incident(words),
                _ => Flags(words),
            };
            return (parsed with { Root = name }, null);
        }
        catch (CommandSyntaxException e)
        {
            return (null, e.Message);
        }
    }

    private static ChatCommand Deploy(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
            throw new CommandSyntaxException("Say what to deploy: /deploy <function> [version].");
        var verb = words[0].ToLowerInvariant();
        var rest = words.Skip(1).ToList();
        switch (verb)
        {
            case "help":
                return new HelpCommand("/deploy");
            case "status":
            {
                var (args, options) = Arguments(rest, EnvOnly, maxPositional: 1, "status");
                return new StatusCommand(args.ElementAtOrDefault(0), options.GetValueOrDefault("env"));
            }
            case "history":
            {
                var (args, options) = Arguments(rest, HistoryOptions, maxPositional: 1, "history");
                var limit = options.TryGetValue("limit", out var l) ? Integer("limit", l, 1, 50) : 10;
                return new HistoryCommand(args.ElementAtOrDefault(0), options.GetValueOrDefault("env"), limit);
            }
            case "stop" or "cancel" or "abort":
                throw new CommandSyntaxException(Misread(verb, rest.FirstOrDefault(w => !w.StartsWith("--", StringComparison.Ordinal))));
            case "flags" or "flag":
                throw new CommandSyntaxException(FlagsPointer(verb, rest));
            case "health" or "logs":
                throw new CommandSyntaxException($"/deploy {verb} is not a command: it has a command of its own. Did you mean /{verb}" +
                                                 (rest.Count == 0 ? "" : " " + CommandText.Echo(string.Join(' ', rest))) + $"? (/{verb} help shows it.)");
            case "freeze" or "unfreeze":
            {
                var (args, options) = Arguments(rest, ReasonOnly, maxPositional: 1, verb);
                if (args.Count == 0)
                    throw new CommandSyntaxException($"Say which environment to {verb}: /deploy {verb} <env> --reason \"...\".");
                return new FreezeCommand(verb == "freeze", args[0], options.GetValueOrDefault("reason"));
            }
        }
        if (Actions.TryGetValue(verb, out var action))
        {
            var (args, options) = Arguments(rest, ReasonOnly, maxPositional: 1, verb);
            if (args.Count == 0)
                throw new CommandSyntaxException($"Say which deployment to {verb}: /deploy {verb} <deployment id>.");
            return new ActCommand(action, args[0], options.GetValueOrDefault("reason"));
        }
        return Start(words);
    }

    /// <summary>"/deploy stop lambda_router is not a command: did you mean /rollback lambda_router …?"</summary>
    private static string Misread(string verb, string? subject)
    {
        var what = subject is null ? "" : " " + CommandText.Echo(subject);
        if (subject is not null && subject.StartsWith("dep-", StringComparison.OrdinalIgnoreCase))
            return $"/deploy {verb} is not a command. Did you mean /rollback deployment{what} (put the previous version back), " +
                   $"or /deploy pause{what} (hold the deployment where it is)?";
        var function = subject is null ? " <function>" : what;
        return $"/deploy {verb} is not a command. Did you mean /rollback{function} (abort its deployment and put the previous version back), " +
               "or /deploy pause <deployment id> (hold a deployment where it is)?";
    }

    private static StartCommand Start(IReadOnlyList<string> words)
    {
        var (args, options) = Arguments(words, StartOptions, maxPositional: 2, "deploy");
        if (args.Count == 0 || args[0].StartsWith('-'))
            throw new CommandSyntaxException("Say what to deploy before the options: /deploy <function> [version] [options].");
        var engine = options.TryGetValue("engine", out var e)
            ? e.ToLowerInvariant() switch
            {
                "alias" => DeploymentEngine.Alias,
                "codedeploy" => DeploymentEngine.CodeDeploy,
                _ => throw new CommandSyntaxException($"--engine is alias or codedeploy, not {Printable(e)}."),
            }
            : (DeploymentEngine?)null;
        return new StartCommand(args[0])
        {
            Version = args.ElementAtOrDefault(1),
            Environment = options.GetValueOrDefault("env"),
            Strategy = options.GetValueOrDefault("strategy")?.ToLowerInvariant(),
            Engine = engine,
            CanaryPercentage = options.TryGetValue("canary-percentage", out var pct) ? Integer("canary-percentage", pct, 1, 99) : null,
            BakeMinutes = options.TryGetValue("bake-minutes", out var bake) ? Integer("bake-minutes", bake, 0, 1440) : null,
            RollbackThreshold = options.TryGetValue("rollback-threshold", out var threshold) ? Percent("rollback-threshold", threshold) : null,
            SkipApproval = options.ContainsKey("skip-approval"),
            Reason = options.GetValueOrDefault("reason"),
            EnableFlags = options.TryGetValue("enable-flag", out var flags) ? (IReadOnlyList<string>)FlagNames(flags.Split('\n')) : [],
        };
    }

    private static ChatCommand Rollback(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
            throw new CommandSyntaxException("Say what to roll back: /rollback <function>, /rollback deployment <id>, or /rollback flags <flag>.");
        var verb = words[0].ToLowerInvariant();
        if (verb == "help")
            return new HelpCommand("/rollback");
        if (verb == "flags")
            return RollbackFlags(words.Skip(1).ToList());
        if (verb == "deployment")
        {
            var (ids, reason) = Arguments(words.Skip(1).ToList(), ReasonOnly, maxPositional: 1, "rollback deployment");
            if (ids.Count == 0)
                throw new CommandSyntaxException("Say which deployment to roll back: /rollback deployment <deployment id>.");
            return new ActCommand(DeploymentAction.Rollback, ids[0], reason.GetValueOrDefault("reason"));
        }
        var (args, options) = Arguments(words, RollbackOptions, maxPositional: 1, "rollback");
        if (args.Count == 0 || args[0].StartsWith('-'))
            throw new CommandSyntaxException("Say which function to roll back: /rollback <function>.");
        return new RollbackCommand(args[0], options.GetValueOrDefault("target-version"), options.GetValueOrDefault("env"), options.GetValueOrDefault("reason"));
    }

    /// <summary>Positional words and <c>--name value</c> / <c>--name=value</c> options, each checked against what the command takes.</summary>
    private static (List<string> Positional, Dictionary<string, string> Options) Arguments(
        IReadOnlyList<string> words, Dictionary<string, Kind> allowed, int maxPositional, string what)
    {
        var positional = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (!word.StartsWith("--", StringComparison.Ordinal) || word.Length == 2)
            {
                if (positional.Count == maxPositional)
                    throw new CommandSyntaxException($"Unexpected {Printable(word)}: {what} takes {Count(maxPositional)} before its options.");
                positional.Add(word);
                continue;
            }
            var body = word[2..];
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var name = (equals >= 0 ? body[..equals] : body).ToLowerInvariant();
            if (!allowed.TryGetValue(name, out var kind))
            {
                var known = allowed.Count == 0 ? "no options" : string.Join(", ", allowed.Keys.Select(k => "--" + k));
                var near = Nearest(name, allowed.Keys);
                throw new CommandSyntaxException($"Unknown option {Printable("--" + name)} for {what} (it takes {known})." +
                                                 (near is null ? "" : $" Did you mean --{near}?"));
            }
            if (options.ContainsKey(name) && kind != Kind.Repeated)
                throw new CommandSyntaxException($"--{name} is given twice.");
            if (kind == Kind.Flag)
            {
                if (equals >= 0)
                    throw new CommandSyntaxException($"--{name} takes no value.");
                options[name] = "true";
                continue;
            }
            var value = equals >= 0 ? body[(equals + 1)..] : i + 1 < words.Count ? words[++i] : null;
            if (string.IsNullOrWhiteSpace(value) || (equals < 0 && value.StartsWith("--", StringComparison.Ordinal)))
                throw new CommandSyntaxException($"--{name} needs a value.");
            if (value.Length > CommandText.MaxFreeText)
                throw new CommandSyntaxException($"--{name} is {value.Length} characters long; keep it to {CommandText.MaxFreeText}.");
            options[name] = kind == Kind.Repeated && options.TryGetValue(name, out var earlier) ? earlier + "\n" + value : value;
        }
        return (positional, options);
    }

    /// <summary>The one known word within two edits of <paramref name="typed"/> (the closest), for "did you mean …?"; else null.</summary>
    private static string? Nearest(string typed, IEnumerable<string> known)
    {
        if (typed.Length is 0 or > 64)
            return null;
        return known.Select(k => (Word: k, Distance: Spelling.Distance(typed.ToLowerInvariant(), k)))
            .Where(k => k.Distance <= Math.Min(2, k.Word.Length / 3 + 1))
            .OrderBy(k => k.Distance)
            .Select(k => k.Word)
            .FirstOrDefault();
    }

    private static int Integer(string option, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new CommandSyntaxException($"--{option} is a whole number from {min} to {max}, not {Printable(value)}.");

    private static double Percent(string option, string value)
    {
        var text = value.EndsWith('%') ? value[..^1] : value;
        return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 100
            ? n
            : throw new CommandSyntaxException($"--{option} is a percentage from 0 to 100 (5 means 5%), not {Printable(value)}.");
    }

    private static string Count(int n) => n switch
    {
        0 => "nothing",
        1 => "one word",
        _ => $"{n} words",
    };

    /// <summary>User text quoted for a message: short, without markup or control characters.</summary>
    internal static string Printable(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "''";
        var clean = new string([.. text.Take(40).Select(c => char.IsControl(c) || c is '<' or '>' or '`' or '*' or '_' or '~' ? '?' : c)]);
        return $"'{clean}{(text.Length > 40 ? "…" : "")}'";
    }

    private sealed class CommandSyntaxException(string message) : Exception(message);
}
