using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using OpsBot.Cli;

namespace OpsBot.Tests.Cli;

/// <summary>
/// The <c>opsbot</c> command line run in-process, as <c>Program.cs</c> runs it: what a mistyped command, a
/// configuration argument, <c>--help</c>, a misconfiguration and a configuration lacking parts do.
/// </summary>
public sealed class CommandLineTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("sandbx", "did you mean sandbox?")]
    [InlineData("sadnbox", "did you mean sandbox?")]
    [InlineData("serv", "did you mean serve?")]
    [InlineData("teams-pakage", "did you mean teams-package?")]
    public async Task A_mistyped_command_is_refused_with_a_suggestion_and_serve_does_not_start(string word, string suggestion)
    {
        // Were the word ignored, serve would run until the test's patience ends and exit 0.
        var run = await RunAsync([word, "--urls", "http://127.0.0.1:0"]);

        Assert.NotEqual(0, run.Code);
        Assert.Contains(suggestion, run.Error, StringComparison.Ordinal);
        Assert.Contains($"'{word}' is not an opsbot command", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_word_close_to_no_command_lists_the_commands()
    {
        var run = await RunAsync(["deploy", "lambda_router"]);

        Assert.NotEqual(0, run.Code);
        Assert.Contains("'deploy' is not an opsbot command (commands: serve, sandbox, teams-package;", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("did you mean", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("sandbox")]
    public async Task A_bare_word_after_a_command_is_refused(string command)
    {
        var run = await RunAsync([command, "--port", "0", "extra"]);

        Assert.NotEqual(0, run.Code);
        Assert.Contains($"opsbot {command} takes no argument", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5000", "Key=Value" }, null)]
    [InlineData(new[] { "--urls=http://127.0.0.1:5000", "--OpsBot:Runner:PollInterval=00:00:10", "/Key=Value" }, null)]
    [InlineData(new[] { "--OpsBot:Aws:Region", "eu-west-1", "--environment", "Development" }, null)]
    [InlineData(new[] { "--OpsBot:Aws:Region", "eu-west-1", "sandbx" }, "sandbx")]
    [InlineData(new[] { "sandbx", "--urls", "http://127.0.0.1:5000" }, "sandbx")]
    public void Configuration_arguments_are_not_read_as_words(string[] tokens, string? bare) =>
        Assert.Equal(bare, PassThroughArguments.FirstBareWord(tokens));

    [Fact]
    public async Task Key_Value_and_urls_arguments_start_serve_which_warns_that_no_chat_platform_is_configured()
    {
        var database = Path.Combine(Path.GetTempPath(), $"opsbot-cli-{Guid.NewGuid():N}.db");
        var port = FreePort();
        try
        {
            using var stop = new CancellationTokenSource(Patience);
            var error = new StringWriter();
            // No verb: serve is the default. The storage key comes as a bare Key=Value, the rest as --Key=Value.
            var serve = RunAsync(["--urls", $"http://127.0.0.1:{port}", $"OpsBot:Storage:ConnectionString=Data Source={database}",
                "--OpsBot:Aws:Region=eu-west-1", "--OpsBot:Slack:SigningSecret=", "--OpsBot:Slack:BotToken="], error, stop.Token);

            var ready = await WaitForReadyzAsync(port, serve);
            Assert.Equal(HttpStatusCode.OK, ready.Status);
            Assert.Equal("Degraded", ready.Body.GetProperty("status").GetString());
            Assert.Equal("Degraded", ready.Body.GetProperty("checks").GetProperty("configuration").GetProperty("status").GetString());
            var warning = Assert.Single(ready.Body.GetProperty("warnings").EnumerateArray()).GetString()!;
            Assert.StartsWith("No chat platform: Slack is off", warning, StringComparison.Ordinal);
            Assert.True(File.Exists(database), "the Key=Value storage argument was not applied");

            await stop.CancelAsync();
            var run = await serve;
            Assert.Equal(0, run.Code);
            Assert.Equal([$"warning: {warning}"], WarningLines(error.ToString()));
        }
        finally
        {
            DeleteDatabase(database);
        }
    }

    [Fact]
    public async Task Serve_without_an_AWS_region_warns_once_and_readyz_reports_it()
    {
        var database = Path.Combine(Path.GetTempPath(), $"opsbot-cli-{Guid.NewGuid():N}.db");
        var port = FreePort();
        try
        {
            using var stop = new CancellationTokenSource(Patience);
            var error = new StringWriter();
            var serve = RunAsync(["serve", $"--urls=http://127.0.0.1:{port}", $"--OpsBot:Storage:ConnectionString=Data Source={database}",
                "--OpsBot:Slack:SigningSecret=secret", "--OpsBot:Slack:BotToken=xoxb-test", "--OpsBot:Slack:ApiBaseUrl=http://127.0.0.1:9/api/",
                "--OpsBot:Environments:dev:Region=", "--OpsBot:Environments:prod:Region=", "--OpsBot:Aws:Region=",
                "--AWS_REGION=", "--AWS_DEFAULT_REGION="], error, stop.Token);

            var ready = await WaitForReadyzAsync(port, serve);
            Assert.Equal(HttpStatusCode.OK, ready.Status);
            var warning = Assert.Single(ready.Body.GetProperty("warnings").EnumerateArray()).GetString()!;
            Assert.StartsWith("No AWS region for environments dev, prod: set OpsBot:Environments:<env>:Region, OpsBot:Aws:Region or AWS_REGION", warning, StringComparison.Ordinal);
            Assert.Equal(warning, ready.Body.GetProperty("checks").GetProperty("configuration").GetProperty("description").GetString());

            await stop.CancelAsync();
            Assert.Equal(0, (await serve).Code);
            Assert.Equal([$"warning: {warning}"], WarningLines(error.ToString()));
        }
        finally
        {
            DeleteDatabase(database);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("serve")]
    public async Task Help_of_serve_lists_its_options_and_the_main_configuration_keys(string command)
    {
        var run = await RunAsync(command == "" ? ["--help"] : [command, "--help"]);

        Assert.Equal(0, run.Code);
        foreach (var expected in new[]
                 {
                     "--help", "--urls", "OpsBot:Slack:SigningSecret", "OpsBot:Slack:BotToken", "OpsBot:Slack:TeamId", "OpsBot:Slack:AppId",
                     "OpsBot:Aws:Region", "OpsBot:Aws:ServiceUrl", "OpsBot:Storage:ConnectionString", "OpsBot:Environments:<env>:",
                     "http://localhost:5000", "Key=Value or --Key=Value",
                 })
        {
            Assert.Contains(expected, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Help_of_sandbox_lists_its_options_and_what_configuration_it_sets()
    {
        var run = await RunAsync(["sandbox", "--help"]);

        Assert.Equal(0, run.Code);
        foreach (var expected in new[] { "--port", "--aws-port", "--slack-signing-secret", "OpsBot:Slack:*", "OpsBot:Aws:*", "OpsBot:Environments:<env>:", "Key=Value or --Key=Value" })
            Assert.Contains(expected, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misconfiguration_prints_the_message_without_a_stack_trace_and_fails()
    {
        var database = Path.Combine(Path.GetTempPath(), $"opsbot-cli-{Guid.NewGuid():N}.db");
        try
        {
            var run = await RunAsync(["serve", $"--urls=http://127.0.0.1:{FreePort()}", $"--OpsBot:Storage:ConnectionString=Data Source={database}",
                "--OpsBot:Slack:SigningSecret=secret", "--OpsBot:Slack:BotToken="]);

            Assert.Equal(2, run.Code);
            Assert.Contains("OpsBot refuses to start: the configuration is not valid.", run.Error, StringComparison.Ordinal);
            Assert.Contains("OpsBot:Slack:BotToken: is empty but SigningSecret is set", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            DeleteDatabase(database);
        }
    }

    internal sealed record Run(int Code, string Output, string Error);

    internal static async Task<Run> RunAsync(string[] args)
    {
        using var patience = new CancellationTokenSource(Patience);
        return await RunAsync(args, new StringWriter(), patience.Token);
    }

    private static async Task<Run> RunAsync(string[] args, StringWriter error, CancellationToken cancellationToken)
    {
        var output = new StringWriter();
        var code = await OpsBotCommandLine.Create().Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
        return new Run(code, output.ToString(), error.ToString());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> WaitForReadyzAsync(int port, Task<Run> serve)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var give = DateTime.UtcNow + Patience;
        while (true)
        {
            if (serve.IsCompleted)
                Assert.Fail($"serve stopped before it answered: exit {(await serve).Code}, {(await serve).Error}");
            try
            {
                var response = await client.GetAsync("/readyz");
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                // Not ready until the runner has resumed; the configuration check answers from the start.
                if (response.StatusCode == HttpStatusCode.OK)
                    return (response.StatusCode, body);
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            Assert.True(DateTime.UtcNow < give, "serve did not become ready");
            await Task.Delay(50);
        }
    }

    private static string[] WarningLines(string error) =>
        [.. error.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("warning:", StringComparison.Ordinal))];

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void DeleteDatabase(string database)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(database + suffix);
    }
}
