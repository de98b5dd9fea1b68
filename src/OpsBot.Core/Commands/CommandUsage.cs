namespace OpsBot.Core.Commands;

/// <summary>What each command accepts, shown with every error and by <c>help</c>.</summary>
public static class CommandUsage
{
    public const string Deploy =
        """
        /deploy <function> [version] [--strategy canary|linear|all-at-once] [--engine alias|codedeploy]
                [--canary-percentage N] [--bake-minutes N] [--rollback-threshold N] [--env ENV] [--enable-flag FLAG]…
                [--reason "..."] [--skip-approval --reason "..."]   (skipping: admins)
        /deploy status [function] [--env ENV]
        /deploy history [function] [--env ENV] [--limit N]
        /deploy approve|reject|promote|pause|resume <deployment id> [--reason "..."]
        /deploy freeze|unfreeze <env> --reason "..."   (admins)
        /deploy help
        Without a version, $LATEST is published and deployed; when it holds no new code, Lambda
        returns the latest version instead, and OpsBot says so ("no new code since version 5").
        --enable-flag turns a feature flag on once the deployment has succeeded (its card says so; the
        promotion approves it too); a rollback never turns flags on.
        Reasons and other text: at most 500 characters.
        """;

    public const string Rollback =
        """
        /rollback <function> [--target-version N] [--env ENV] [--reason "..."]
                aborts the function's active deployment, or puts its alias back on the previous (or given) version;
                only a version that was live there before: anything newer is a /deploy; with nothing in
                flight in a gated environment it asks first, and a button confirms
        /rollback deployment <deployment id> [--reason "..."]
                rolls one deployment back (CodeDeploy: stops it with rollback)
        /rollback flags <flag> [<flag>…] [--env ENV] [--reason "..."] [--force]
        /rollback flags --all-new [--env ENV] [--reason "..."] [--force]
                turns the flags off at once (never waits for a gate), stopping OpsBot's flag deployment in
                the way; --all-new: every flag an OpsBot change turned on lately; --force: stop another's too
        /rollback help
        """;

    public const string Flags =
        """
        /flags [list] [--env ENV]
        /flags history [--env ENV] [--limit N]
        /flags enable|disable <flag> [<flag>…] [--env ENV] [--strategy NAME] [--reason "..."]
                one AppConfig deployment with every named change; enabling passes the environment's gates
        /flags approve|reject|stop|revert <change id> [--reason "..."]
        /flags help
        Emergency: /rollback flags <flag> [<flag>…] turns flags off at once.
        Flag names: a letter, then letters, digits, _ or -; at most 20 in one change.
        Reasons and other text: at most 500 characters.
        """;

    public const string Health =
        """
        /health [function…] [--env ENV] [--window 15m] [--chart]
                per function: the alias and its weights, the deployment in flight (OpsBot's or CodeDeploy's),
                invocations, errors, error rate, average and p99 duration and throttles per version, alarms in
                ALARM and the probes; for the environment: InfluxDB and the HTTP endpoints; a verdict first
        /health <function> --errors
                adds the function's latest error lines from its logs
        /health help
        Windows: whole minutes up to 24 hours (15m, 2h, 1d). No function named: every function of the environment.
        """;

    public const string Logs =
        """
        /logs <function> [version] [--since 15m] [--env ENV]
                the latest ERROR and "Task timed out" lines of the function (or of one version), grouped with counts
        /logs help
        """;

    public const string Incident =
        """
        /incident [list] [--env ENV]
                the open incidents (alarms that guard no deployment) and the latest resolved ones
        /incident ack <incident id>
                take the lead (the card's Acknowledge button does the same)
        /incident resolve <incident id> [--reason "..."]
                close it; its summary goes to its thread
        /incident help
        """;

    /// <summary>The usage of a command (any other root: <c>/deploy</c>'s).</summary>
    public static string For(string command) => command switch
    {
        "/rollback" => Rollback,
        "/flags" => Flags,
        "/health" => Health,
        "/logs" => Logs,
        "/incident" => Incident,
        _ => Deploy,
    };
}
