using OpsBot.Core.Incidents;

namespace OpsBot.Core.Commands;

// /incident: the alert threads opened by alarms.
public static partial class CommandGrammar
{
    private static ChatCommand Incident(IReadOnlyList<string> words)
    {
        var implicitList = words.Count == 0 || words[0].StartsWith("--", StringComparison.Ordinal);
        var verb = implicitList ? "list" : words[0].ToLowerInvariant();
        var rest = implicitList ? words.ToList() : words.Skip(1).ToList();
        switch (verb)
        {
            case "help":
                return new HelpCommand("/incident");
            case "list":
            {
                var (_, options) = Arguments(rest, EnvOnly, maxPositional: 0, "incident list");
                return new IncidentListCommand(options.GetValueOrDefault("env"));
            }
            case "ack" or "acknowledge" or "resolve":
            {
                var action = verb == "resolve" ? IncidentAction.Resolve : IncidentAction.Acknowledge;
                var (args, options) = Arguments(rest, ReasonOnly, maxPositional: 1, "incident " + verb);
                if (args.Count == 0)
                    throw new CommandSyntaxException($"Say which incident to {(action == IncidentAction.Resolve ? "resolve" : "acknowledge")}: /incident {verb} <incident id>.");
                return new IncidentActCommand(action, args[0], options.GetValueOrDefault("reason"));
            }
        }
        var near = Nearest(verb, ["list", "ack", "resolve", "help"]);
        throw new CommandSyntaxException($"/incident {CommandText.Echo(words[0])} is not a command" +
                                         (near is null ? ": /incident takes list, ack, resolve or help." : $". Did you mean /incident {near}?"));
    }
}
