namespace OpsBot.Core.Commands;

/// <summary>What each command accepts, shown with every error and by <c>help</c>.</summary>
public static class CommandUsage
{
    public const string Deploy =
        """
        /deploy <function> [version] [--strategy canary|linear|all-at-once] [--engine alias|codedeploy]
                [--canary-percentage N] [--bake-minutes N] [--rollback-threshold N] [--env ENV]
                [--skip-approval --reason "..."]   (admins)
        /deploy status [function] [--env ENV]
        /deploy history [function] [--env ENV] [--limit N]
        /deploy approve|reject|promote|pause|resume <deployment id> [--reason "..."]
        /deploy freeze|unfreeze <env> --reason "..."   (admins)
        /deploy help
        Without a version, $LATEST is published as a new version and deployed.
        """;

    public const string Rollback =
        """
        /rollback <function> [--target-version N] [--env ENV] [--reason "..."]
                aborts the function's active deployment, or puts its alias back on the previous (or given) version;
                only a version that was live there before: anything newer is a /deploy
        /rollback deployment <deployment id> [--reason "..."]
                rolls one deployment back (CodeDeploy: stops it with rollback)
        /rollback help
        """;

    public static string For(string command) => command == "/rollback" ? Rollback : Deploy;
}
