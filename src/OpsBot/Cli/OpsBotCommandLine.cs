using System.CommandLine;
using Microsoft.Extensions.Options;
using OpsBot.Hosting;

namespace OpsBot.Cli;

/// <summary>The <c>opsbot</c> commands. Without a command, <c>serve</c> runs; a bare word where a command goes is refused.</summary>
public static class OpsBotCommandLine
{
    /// <summary>The commands a bare word can be taken for, for "did you mean …?".</summary>
    private static readonly string[] Commands = ["serve", SandboxCommand.Name, TeamsPackageCommand.Name];

    public static RootCommand Create()
    {
        var serve = new Command("serve", "Run the bot: chat endpoints, the deployment runner, /healthz and /readyz (default: http://localhost:5000; change it with --urls).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        serve.SetAction((parse, cancellationToken) => ServeAsync(parse, "serve", cancellationToken));

        var root = new RootCommand("OpsBot: progressive delivery of AWS Lambda functions from chat. Without a command, serve runs.")
        {
            serve,
            SandboxCommand.Create(),
            TeamsPackageCommand.Create(),
        };
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((parse, cancellationToken) => ServeAsync(parse, null, cancellationToken));
        ConfigurationHelp.Install(root);
        return root;
    }

    /// <summary>
    /// Runs the host with the arguments the command line did not claim (ASP.NET Core's own, such as
    /// <c>--urls</c> or <c>--OpsBot:Runner:PollInterval=00:00:10</c>); a bare word among them is a mistyped command
    /// (or an argument serve does not take) and stops before anything starts. A configuration that does not validate
    /// stops the start with the keys that are wrong, without a stack trace; what is missing for the bot to be of use
    /// (a chat platform, an AWS region) is printed as one warning line each, and the start goes on.
    /// </summary>
    private static async Task<int> ServeAsync(ParseResult parse, string? command, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        if (PassThroughArguments.FirstBareWord(parse.UnmatchedTokens) is { } word)
        {
            await error.WriteLineAsync(command is null ? PassThroughArguments.UnknownCommand(word, Commands) : PassThroughArguments.UnexpectedArgument(command, word));
            return 2;
        }
        try
        {
            var app = OpsBotHost.Build([.. parse.UnmatchedTokens]);
            // Validated here rather than by the host's start, which would log the failure with its stack trace.
            app.Services.GetService<IStartupValidator>()?.Validate();
            foreach (var warning in app.Services.GetRequiredService<ConfigurationWarnings>().Lines)
                await error.WriteLineAsync($"warning: {warning}");
            await app.RunAsync(cancellationToken);
            return 0;
        }
        catch (Exception e) when (ConfigurationProblem(e) is { } problem)
        {
            await error.WriteLineAsync($"OpsBot refuses to start: the configuration is not valid.{Environment.NewLine}{problem}");
            return 2;
        }
        catch (IOException e) when (e.Message.StartsWith("Failed to bind to address", StringComparison.Ordinal))
        {
            await error.WriteLineAsync($"OpsBot could not start: {e.Message} Choose another address with --urls, e.g. --urls http://127.0.0.1:5001");
            return 1;
        }
    }

    private static string? ConfigurationProblem(Exception e) => e switch
    {
        OptionsValidationException v => string.Join(Environment.NewLine, v.Failures.Select(f => "  " + f)),
        InvalidOperationException i when i.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => "  " + i.Message,
        ConfigurationKeyException k => "  " + k.Message,
        AggregateException a when a.InnerExceptions.Select(ConfigurationProblem).ToList() is { Count: > 0 } all && all.All(p => p is not null)
            => string.Join(Environment.NewLine, all),
        _ => null,
    };
}
