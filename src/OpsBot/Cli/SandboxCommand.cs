using System.CommandLine;
using OpsBot.Hosting;

namespace OpsBot.Cli;

/// <summary><c>opsbot sandbox</c>: the whole product on this machine, with no AWS account and no Slack workspace.</summary>
public static class SandboxCommand
{
    public const string Name = "sandbox";

    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port of the console page and the bot (0: any free port).", DefaultValueFactory = _ => 5080 };
        var awsPort = new Option<int>("--aws-port") { Description = "Port of the AWS-compatible endpoint (0: any free port).", DefaultValueFactory = _ => 4566 };
        var secret = new Option<string>("--slack-signing-secret") { Description = "The Slack signing secret the bot checks requests with.", DefaultValueFactory = _ => "sandbox-signing-secret" };
        var command = new Command(Name, "Run the bot with a simulated AWS, a fake Slack and a chat console, all on 127.0.0.1.")
        {
            port,
            awsPort,
            secret,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (PassThroughArguments.FirstBareWord(parse.UnmatchedTokens) is { } word)
            {
                await error.WriteLineAsync(PassThroughArguments.UnexpectedArgument(Name, word));
                return 2;
            }
            var settings = new SandboxSettings
            {
                Port = parse.GetValue(port),
                AwsPort = parse.GetValue(awsPort),
                SlackSigningSecret = parse.GetValue(secret)!,
                Overrides = [.. parse.UnmatchedTokens],
            };
            if (settings.Port is < 0 or > 65535 || settings.AwsPort is < 0 or > 65535 || (settings.Port == settings.AwsPort && settings.Port != 0))
            {
                await error.WriteLineAsync("--port and --aws-port are two different ports from 0 to 65535.");
                return 2;
            }
            if (string.IsNullOrWhiteSpace(settings.SlackSigningSecret))
            {
                await error.WriteLineAsync("--slack-signing-secret must not be empty.");
                return 2;
            }
            SandboxApp sandbox;
            try
            {
                sandbox = await SandboxApp.StartAsync(settings, cancellationToken);
            }
            catch (IOException e)
            {
                await error.WriteLineAsync($"The sandbox could not start: {e.Message} (is another sandbox running? choose other ports with --port and --aws-port).");
                return 1;
            }
            await using (sandbox)
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(sandbox.Banner());
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    await parse.InvocationConfiguration.Output.WriteLineAsync("Stopping the sandbox…");
                }
            }
            return 0;
        });
        return command;
    }
}
