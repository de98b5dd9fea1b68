using System.CommandLine;
using Microsoft.Extensions.Options;
using OpsBot.Hosting;

namespace OpsBot.Cli;

/// <summary>The <c>opsbot</c> commands. Without a command, <c>serve</c> runs.</summary>
public static class OpsBotCommandLine
{
    public static RootCommand Create()
    {
        var serve = new Command("serve", "Run the bot: chat endpoints, the deployment runner, /healthz and /readyz.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        serve.SetAction(ServeAsync);

        var root = new RootCommand("OpsBot: progressive delivery of AWS Lambda functions from chat.")
        {
            serve,
            SandboxCommand.Create(),
        };
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction(ServeAsync);
        return root;
    }

    /// <summary>
    /// Runs the host with the arguments the command line did not claim (ASP.NET Core's own, such as
    /// <c>--urls</c> or <c>--OpsBot:Runner:PollInterval=00:00:10</c>). A configuration that does not validate stops
    /// the start with the keys that are wrong.
    /// </summary>
    private static async Task<int> ServeAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        try
        {
            var app = OpsBotHost.Build([.. parse.UnmatchedTokens]);
            await app.RunAsync(cancellationToken);
            return 0;
        }
        catch (Exception e) when (ConfigurationProblem(e) is { } problem)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"OpsBot refuses to start: the configuration is not valid.{Environment.NewLine}{problem}");
            return 2;
        }
    }

    private static string? ConfigurationProblem(Exception e) => e switch
    {
        OptionsValidationException v => string.Join(Environment.NewLine, v.Failures.Select(f => "  " + f)),
        InvalidOperationException i when i.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => "  " + i.Message,
        ConfigurationKeyException k => "  " + k.Message,
        _ => null,
    };
}
