using System.Diagnostics;

namespace OpsBot.Tests.Cli;

/// <summary>
/// The built <c>opsbot</c> run as a person runs it, in a child process: what reaches the terminal on both streams,
/// the host's own log included, and the exit code.
/// </summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task A_misconfiguration_reaches_the_terminal_as_the_message_alone_and_the_exit_code_is_not_zero()
    {
        var directory = Directory.CreateTempSubdirectory("opsbot-cli-");
        try
        {
            var run = await OpsbotAsync(directory.FullName, AppContext.BaseDirectory,
                "serve", $"--urls=http://127.0.0.1:{CommandLineTests.FreePort()}", $"--OpsBot:Storage:ConnectionString=Data Source={Path.Combine(directory.FullName, "opsbot.db")}",
                "--OpsBot:Slack:SigningSecret=secret", "--OpsBot:Slack:BotToken=");

            Assert.Equal(2, run.Code);
            Assert.Contains("OpsBot:Slack:BotToken: is empty but SigningSecret is set", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Error + run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", run.Error + run.Output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_mistyped_command_exits_at_once_with_a_suggestion()
    {
        var run = await OpsbotAsync(AppContext.BaseDirectory, AppContext.BaseDirectory, "sandbx");

        Assert.NotEqual(0, run.Code);
        Assert.Contains("did you mean sandbox?", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", run.Output, StringComparison.Ordinal);
    }

    private static async Task<CommandLineTests.Run> OpsbotAsync(string workingDirectory, string contentRoot, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "opsbot.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.ArgumentList.Add($"--contentRoot={contentRoot}");
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"opsbot did not exit within 60 s: {await output}{await error}");
        }
        return new CommandLineTests.Run(process.ExitCode, await output, await error);
    }
}
