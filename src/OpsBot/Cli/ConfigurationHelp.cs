using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace OpsBot.Cli;

/// <summary>
/// <c>--help</c>: System.CommandLine's usage and options of the command asked about, followed by the configuration
/// keys that command reads, since most of what a person sets is configuration rather than options.
/// </summary>
internal sealed class ConfigurationHelp(HelpAction standard) : SynchronousCommandLineAction
{
    private const string HowToSet = """
        Configuration (appsettings.json, environment variables such as OpsBot__Slack__BotToken, or arguments:
        Key=Value or --Key=Value; the README lists every key):
        """;

    private const string ServeKeys = """
          OpsBot:Slack:SigningSecret        Slack app's signing secret; with BotToken set, Slack is on
          OpsBot:Slack:BotToken             Slack bot token (xoxb-…); set both or neither
          OpsBot:Slack:TeamId               the workspace whose requests are accepted
          OpsBot:Slack:AppId                the Slack app whose requests are accepted
          OpsBot:Teams:AppId                the Azure Bot's Microsoft App ID; set, Teams is on (docs/teams.md)
          OpsBot:Teams:AppPassword          its client secret (or CertificatePath / CertificatePassword)
          OpsBot:Teams:TenantId             the bot's home tenant; AllowedTenants:<n> the tenants acted on
          OpsBot:Teams:PublicBaseUrl        OpsBot's public https address (charts in cards are served there)
          OpsBot:Aws:Region                 region of environments without their own Region (else AWS_REGION)
          OpsBot:Aws:ServiceUrl             one endpoint for every AWS service (an emulator), else AWS's own
          OpsBot:Storage:ConnectionString   SQLite database (default: Data Source=opsbot.db)
          OpsBot:Environments:<env>:…       Region, RoleArn, Gates, Roles, AllowedChannels, Functions:<name>:…
          OpsBot:Channels:<n>:Id|Platform|Environment   a channel (slack or teams) bound to an environment
          OpsBot:People:<name>:<n>          one person's identities on every platform (roles, four eyes)
          OpsBot:Runner:PollInterval        how often active deployments advance (default 00:00:30)
          --urls                            where the bot listens (default http://localhost:5000)
        Without Slack or without an AWS region, serve still starts, prints a warning per missing part,
        and /readyz reports it under "warnings".
        """;

    private const string SandboxKeys = """
          The sandbox sets OpsBot:Slack:*, OpsBot:Aws:* and OpsBot:Storage:ConnectionString itself, pointed at
          its stand-ins. Key=Value or --Key=Value arguments override any key, e.g.
          OpsBot:Environments:<env>:…, OpsBot:Runner:PollInterval, OpsBot:Plans:<name>.
        """;

    public override int Invoke(ParseResult parseResult)
    {
        var code = standard.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        output.WriteLine(HowToSet);
        output.WriteLine(parseResult.CommandResult.Command.Name == SandboxCommand.Name ? SandboxKeys : ServeKeys);
        return code;
    }

    /// <summary>Puts this help in place of the standard one on <paramref name="root"/> (its help option covers every command).</summary>
    public static void Install(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ConfigurationHelp((HelpAction)help.Action!);
    }
}
