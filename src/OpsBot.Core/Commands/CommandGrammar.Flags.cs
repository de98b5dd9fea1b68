using System.Text.RegularExpressions;
using OpsBot.Core.Flags;

namespace OpsBot.Core.Commands;

// /flags and /rollback flags: feature flags (AppConfig) by name.
public static partial class CommandGrammar
{
    /// <summary>The most flags one change names.</summary>
    public const int MaxFlags = 20;

    private static readonly Dictionary<string, Kind> FlagChangeOptions = new(StringComparer.Ordinal)
    {
        ["env"] = Kind.Value,
        ["strategy"] = Kind.Value,
        ["reason"] = Kind.Value,
    };

    private static readonly Dictionary<string, Kind> RollbackFlagsOptions = new(StringComparer.Ordinal)
    {
        ["all-new"] = Kind.Flag,
        ["env"] = Kind.Value,
        ["reason"] = Kind.Value,
        ["force"] = Kind.Flag,
    };

    private static readonly Dictionary<string, FlagAction> FlagActions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["approve"] = FlagAction.Approve,
        ["reject"] = FlagAction.Reject,
        ["stop"] = FlagAction.Stop,
        ["revert"] = FlagAction.Revert,
    };

    private static readonly string[] FlagVerbs = ["list", "history", "enable", "disable", "approve", "reject", "stop", "revert", "help"];

    private static ChatCommand Flags(IReadOnlyList<string> words)
    {
        // Bare /flags, or /flags --env prod, lists.
        var implicitList = words.Count == 0 || words[0].StartsWith("--", StringComparison.Ordinal);
        var verb = implicitList ? "list" : words[0].ToLowerInvariant();
        var rest = implicitList ? words.ToList() : words.Skip(1).ToList();
        switch (verb)
        {
            case "help":
                return new HelpCommand("/flags");
            case "list":
            {
                var (_, options) = Arguments(rest, EnvOnly, maxPositional: 0, "flags list");
                return new FlagsListCommand(options.GetValueOrDefault("env"));
            }
            case "history":
            {
                var (_, options) = Arguments(rest, HistoryOptions, maxPositional: 0, "flags history");
                var limit = options.TryGetValue("limit", out var l) ? Integer("limit", l, 1, 50) : 10;
                return new FlagsHistoryCommand(options.GetValueOrDefault("env"), limit);
            }
            case "enable" or "disable":
            {
                var (args, options) = Arguments(rest, FlagChangeOptions, maxPositional: int.MaxValue, "flags " + verb);
                if (args.Count == 0)
                    throw new CommandSyntaxException($"Say which flags to {verb}: /flags {verb} <flag> [<flag>…].");
                return new FlagsChangeCommand(verb == "enable", FlagNames(args))
                {
                    Environment = options.GetValueOrDefault("env"),
                    Strategy = options.GetValueOrDefault("strategy"),
                    Reason = options.GetValueOrDefault("reason"),
                };
            }
        }
        if (FlagActions.TryGetValue(verb, out var action))
        {
            var (args, options) = Arguments(rest, ReasonOnly, maxPositional: 1, "flags " + verb);
            if (args.Count == 0)
                throw new CommandSyntaxException($"Say which flag change to {verb}: /flags {verb} <change id>.");
            return new FlagsActCommand(action, args[0], options.GetValueOrDefault("reason"));
        }
        var near = Nearest(verb, FlagVerbs);
        throw new CommandSyntaxException(near is not null
            ? $"/flags {CommandText.Echo(words[0])} is not a command. Did you mean /flags {near}?"
            : FlagName().IsMatch(words[0])
                ? $"/flags {CommandText.Echo(words[0])} is not a command. Did you mean /flags enable {CommandText.Echo(words[0])} or /flags disable {CommandText.Echo(words[0])}?"
                : $"/flags {CommandText.Echo(words[0])} is not a command: /flags takes list, history, enable, disable, approve, reject, stop, revert or help.");
    }

    /// <summary><c>/rollback flags &lt;flag&gt;… | --all-new [--env ENV] [--reason "…"] [--force]</c>.</summary>
    private static RollbackFlagsCommand RollbackFlags(IReadOnlyList<string> words)
    {
        var (args, options) = Arguments(words, RollbackFlagsOptions, maxPositional: int.MaxValue, "rollback flags");
        var allNew = options.ContainsKey("all-new");
        if (allNew && args.Count > 0)
            throw new CommandSyntaxException("Name flags or say --all-new, not both: /rollback flags <flag> [<flag>…], or /rollback flags --all-new.");
        if (!allNew && args.Count == 0)
            throw new CommandSyntaxException("Say which flags to turn off: /rollback flags <flag> [<flag>…], or /rollback flags --all-new.");
        return new RollbackFlagsCommand(allNew ? [] : FlagNames(args))
        {
            AllNew = allNew,
            Environment = options.GetValueOrDefault("env"),
            Reason = options.GetValueOrDefault("reason"),
            Force = options.ContainsKey("force"),
        };
    }

    /// <summary>"/deploy flags is not a command: feature flags have their own. Did you mean /flags list?"</summary>
    private static string FlagsPointer(string verb, IReadOnlyList<string> rest)
    {
        var meant = rest.Count == 0 ? "list" : CommandText.Echo(string.Join(' ', rest));
        return $"/deploy {verb} is not a command: feature flags have a command of their own. Did you mean /flags {meant}? (/flags help shows it.)";
    }

    /// <summary>Flag keys as AppConfig writes them, each once, in the order typed.</summary>
    private static List<string> FlagNames(IReadOnlyList<string> words)
    {
        foreach (var word in words)
        {
            if (!FlagName().IsMatch(word))
                throw new CommandSyntaxException($"{Printable(word)} is not a flag name: a letter, then letters, digits, _ or -, at most 64 characters.");
        }
        var names = words.Distinct(StringComparer.Ordinal).ToList();
        if (names.Count > MaxFlags)
            throw new CommandSyntaxException($"That names {names.Count} flags; one change takes at most {MaxFlags}.");
        return names;
    }

    [GeneratedRegex(@"\A[A-Za-z][A-Za-z0-9_-]{0,63}\z")]
    private static partial Regex FlagName();
}
