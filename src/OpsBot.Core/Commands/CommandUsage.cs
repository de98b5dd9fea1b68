namespace OpsBot.Core.Commands;

/// <summary>What each command accepts, shown with every error and by <c>help</c>.</summary>
public static class CommandUsage
{
    public const string Deploy =
        """
        /deploy <function> [version] [--strategy canary|linear|all-at-once] [--engine alias|codedeploy]
                [--canary-percentage N] [--bake-minutes N] [--rollback-threshold N] [--env ENV]
                [--reason "..."] [--skip-approval --reason "..."]   (skipping: admins)
        /deploy status [function] [--env ENV]
        /deploy history [function] [--env ENV] [--limit N]
        /deploy approve|reject|promote|pause|resume <deployment id> [--reason "..."]
        /deploy freeze|unfreeze <env> --reason "..."   (admins)
        /deploy help
        Without a version, $LATEST is published and deployed; when it holds no new code, Lambda
        returns the latest version instead, and OpsBot says so ("no new code since version 5").
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
        /rollback help
        """;

    public static string For(string command) => command == "/rollback" ? Rollback : Deploy;
}
