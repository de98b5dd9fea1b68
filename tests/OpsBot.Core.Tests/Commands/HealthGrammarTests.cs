using OpsBot.Core.Commands;

namespace OpsBot.Core.Tests.Commands;

public sealed class HealthGrammarTests
{
    private static ChatCommand Parse(string command, string text)
    {
        var (parsed, error) = CommandGrammar.Parse(command, text);
        Assert.True(parsed is not null, error);
        return parsed;
    }

    private static string Error(string command, string text)
    {
        var (parsed, error) = CommandGrammar.Parse(command, text);
        Assert.Null(parsed);
        return error!;
    }

    [Fact]
    public void Bare_health_reads_every_function_over_15_minutes()
    {
        var health = Assert.IsType<HealthCommand>(Parse("/health", ""));
        Assert.Empty(health.Functions);
        Assert.Equal(TimeSpan.FromMinutes(15), health.Window);
        Assert.False(health.Chart);
        Assert.Equal("/health", health.Root);
    }

    [Fact]
    public void Functions_window_env_and_chart_are_read()
    {
        var health = Assert.IsType<HealthCommand>(Parse("/health", "lambda_router rag_query_processor lambda_router --env prod --window 2h --chart"));
        Assert.Equal(["lambda_router", "rag_query_processor"], health.Functions);
        Assert.Equal("prod", health.Environment);
        Assert.Equal(TimeSpan.FromHours(2), health.Window);
        Assert.True(health.Chart);
    }

    [Theory]
    [InlineData("--window 0m")]
    [InlineData("--window 25h")]
    [InlineData("--window 15")]
    [InlineData("--window fifteen")]
    public void A_window_that_is_not_a_span_up_to_a_day_is_refused(string text) =>
        Assert.StartsWith("--window is a span such as 15m, 2h or 1d (at most 24 hours)", Error("/health", text), StringComparison.Ordinal);

    [Fact]
    public void Errors_take_exactly_one_function() =>
        Assert.Equal("--errors reads one function's logs: /health <function> --errors (or /logs <function>).", Error("/health", "--errors"));

    [Fact]
    public void Logs_take_a_function_a_version_and_a_span()
    {
        var logs = Assert.IsType<LogsCommand>(Parse("/logs", "lambda_router 5 --since 1h"));
        Assert.Equal(("lambda_router", "5", TimeSpan.FromHours(1)), (logs.Function, logs.Version, logs.Since));
        Assert.Equal("$LATEST", Assert.IsType<LogsCommand>(Parse("/logs", "lambda_router $LATEST")).Version);
        Assert.Equal("'five' is not a version: a number such as 5, or $LATEST.", Error("/logs", "lambda_router five"));
        Assert.Equal("Say whose logs: /logs <function> [version] [--since 15m].", Error("/logs", ""));
    }

    [Fact]
    public void Help_and_the_old_pointer_lead_to_the_new_commands()
    {
        Assert.Equal(new HelpCommand("/health") { Root = "/health" }, Parse("/health", "help"));
        Assert.Equal(new HelpCommand("/logs") { Root = "/logs" }, Parse("/logs", "help"));
        Assert.Equal("/deploy health is not a command: it has a command of its own. Did you mean /health lambda_router? (/health help shows it.)",
            Error("/deploy", "health lambda_router"));
    }

    [Theory]
    [InlineData("15m", 15)]
    [InlineData("90m", 90)]
    [InlineData("1d", 1440)]
    [InlineData("24h", 1440)]
    public void Spans(string text, int minutes) => Assert.Equal(TimeSpan.FromMinutes(minutes), HealthWindows.Parse(text));
}
