using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;

namespace OpsBot.Core.Tests.Commands;

public sealed class CommandGrammarTests
{
    private static ChatCommand Ok(string command, string text)
    {
        var (parsed, error) = CommandGrammar.Parse(command, text);
        Assert.True(parsed is not null, error);
        return parsed!;
    }

    private static string Error(string command, string text)
    {
        var (parsed, error) = CommandGrammar.Parse(command, text);
        Assert.Null(parsed);
        return error!;
    }

    [Fact]
    public void A_start_with_every_option()
    {
        var start = Assert.IsType<StartCommand>(Ok("/deploy",
            "lambda_router 5 --strategy Linear --engine codedeploy --canary-percentage 25 --bake-minutes=3 --rollback-threshold 2.5% --env prod --skip-approval --reason \"INC-42 hotfix\""));
        Assert.Equal(new StartCommand("lambda_router")
        {
            Version = "5", Strategy = "linear", Engine = DeploymentEngine.CodeDeploy, CanaryPercentage = 25, BakeMinutes = 3,
            RollbackThreshold = 2.5, Environment = "prod", SkipApproval = true, Reason = "INC-42 hotfix",
        }, start);
    }

    [Fact]
    public void A_start_without_a_version_publishes() =>
        Assert.Equal(new StartCommand("lambda_router"), Ok("/deploy", "  lambda_router  "));

    [Theory]
    [InlineData("status", null, null)]
    [InlineData("status lambda_router", "lambda_router", null)]
    [InlineData("STATUS lambda_router --env dev", "lambda_router", "dev")]
    public void Status(string text, string? function, string? env) =>
        Assert.Equal(new StatusCommand(function, env), Ok("/deploy", text));

    [Fact]
    public void History_takes_a_limit() =>
        Assert.Equal(new HistoryCommand("lambda_router", null, 5), Ok("/deploy", "history lambda_router --limit 5"));

    [Theory]
    [InlineData("approve dep-abc123", DeploymentAction.Approve, null)]
    [InlineData("reject dep-abc123 --reason 'not during the freeze'", DeploymentAction.Reject, "not during the freeze")]
    [InlineData("promote dep-abc123", DeploymentAction.Promote, null)]
    [InlineData("pause dep-abc123 --reason “looking at logs”", DeploymentAction.Pause, "looking at logs")]
    [InlineData("resume dep-abc123", DeploymentAction.Resume, null)]
    public void Actions_on_a_deployment(string text, DeploymentAction action, string? reason) =>
        Assert.Equal(new ActCommand(action, "dep-abc123", reason), Ok("/deploy", text));

    [Fact]
    public void Freeze_and_unfreeze()
    {
        Assert.Equal(new FreezeCommand(true, "prod", "end of year"), Ok("/deploy", "freeze prod --reason \"end of year\""));
        Assert.Equal(new FreezeCommand(false, "prod", null), Ok("/deploy", "unfreeze prod"));
    }

    [Fact]
    public void Rollback_forms()
    {
        // Root: the command it was typed as, whose usage an answer shows.
        Assert.Equal(new RollbackCommand("lambda_router", "4", "prod", "bad") { Root = "/rollback" }, Ok("/rollback", "lambda_router --target-version 4 --env prod --reason bad"));
        Assert.Equal(new ActCommand(DeploymentAction.Rollback, "dep-abc123", null) { Root = "/rollback" }, Ok("/rollback", "deployment dep-abc123"));
        Assert.Equal(new HelpCommand("/rollback") { Root = "/rollback" }, Ok("rollback", "help"));
        Assert.Equal(new HelpCommand("/deploy"), Ok("/deploy", "help"));
    }

    [Theory]
    [InlineData("/rollback", "lambda_router", true)]
    [InlineData("/rollback", "lambda_router --target-version 3", true)]
    [InlineData("/rollback", "deployment dep-abc123", true)]
    [InlineData("/deploy", "pause dep-abc123", true)]
    [InlineData("/deploy", "reject dep-abc123", true)]
    [InlineData("/deploy", "approve dep-abc123", false)]
    [InlineData("/deploy", "promote dep-abc123", false)]
    [InlineData("/deploy", "resume dep-abc123", false)]
    [InlineData("/deploy", "lambda_router 5", false)]
    [InlineData("/deploy", "status", false)]
    [InlineData("/deploy", "history lambda_router", false)]
    public void Rolling_back_pausing_and_rejecting_are_the_commands_that_make_things_safer(string command, string text, bool safer) =>
        Assert.Equal(safer, Ok(command, text).MakesSafer);

    [Theory]
    [InlineData("/deploy", "", "Say what to deploy: /deploy <function> [version].")]
    [InlineData("/deploy", "--env prod", "Say what to deploy before the options: /deploy <function> [version] [options].")]
    [InlineData("/deploy", "lambda_router 5 6", "Unexpected '6': deploy takes 2 words before its options.")]
    [InlineData("/deploy", "lambda_router --stratgy canary", "Unknown option '--stratgy' for deploy (it takes --strategy, --engine, --canary-percentage, --bake-minutes, --rollback-threshold, --env, --skip-approval, --reason, --enable-flag). Did you mean --strategy?")]
    [InlineData("/deploy", "lambda_router --engine lambda", "--engine is alias or codedeploy, not 'lambda'.")]
    [InlineData("/deploy", "lambda_router --canary-percentage ten", "--canary-percentage is a whole number from 1 to 99, not 'ten'.")]
    [InlineData("/deploy", "lambda_router --canary-percentage 0", "--canary-percentage is a whole number from 1 to 99, not '0'.")]
    [InlineData("/deploy", "lambda_router --bake-minutes -5", "--bake-minutes is a whole number from 0 to 1440, not '-5'.")]
    [InlineData("/deploy", "lambda_router --rollback-threshold 150", "--rollback-threshold is a percentage from 0 to 100 (5 means 5%), not '150'.")]
    [InlineData("/deploy", "lambda_router --env", "--env needs a value.")]
    [InlineData("/deploy", "lambda_router --env dev --env prod", "--env is given twice.")]
    [InlineData("/deploy", "lambda_router --skip-approval=yes", "--skip-approval takes no value.")]
    [InlineData("/deploy", "lambda_router --reason \"unterminated", "A quote is not closed; put the reason in \"double quotes\".")]
    [InlineData("/deploy", "promote", "Say which deployment to promote: /deploy promote <deployment id>.")]
    [InlineData("/deploy", "freeze", "Say which environment to freeze: /deploy freeze <env> --reason \"...\".")]
    [InlineData("/deploy", "history --limit 500", "--limit is a whole number from 1 to 50, not '500'.")]
    [InlineData("/rollback", "", "Say what to roll back: /rollback <function>, /rollback deployment <id>, or /rollback flags <flag>.")]
    [InlineData("/rollback", "deployment", "Say which deployment to roll back: /rollback deployment <deployment id>.")]
    [InlineData("/rollback", "lambda_router --canary-percentage 5", "Unknown option '--canary-percentage' for rollback (it takes --target-version, --env, --reason).")]
    [InlineData("/ship", "lambda_router", "OpsBot does not know the command '/ship'; it answers /deploy, /rollback, /flags, /health, /logs and /incident.")]
    public void Malformed_commands_say_what_was_wrong(string command, string text, string expected) =>
        Assert.Equal(expected, Error(command, text));

    [Fact]
    public void Hostile_text_is_quoted_harmlessly()
    {
        var error = Error("/deploy", "lambda_router 5 <!channel> *bold*");
        Assert.Equal("Unexpected '?!channel?': deploy takes 2 words before its options.", error);
    }

    [Fact]
    public void Text_longer_than_the_limit_is_refused() =>
        Assert.Equal("That command is 4001 characters long; the most is 4000.", Error("/deploy", new string('x', 4001)));
}
