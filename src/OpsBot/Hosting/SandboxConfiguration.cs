using System.Globalization;
using OpsBot.Core.Configuration;
using OpsBot.Sandbox.Aws;
using OpsBot.Sandbox.Aws.Sns;
using OpsBot.Sandbox.ChatConsole;
using OpsBot.Sandbox.Teams;

namespace OpsBot.Hosting;

/// <summary>A person of the sandbox's workspace and the role the sandbox's configuration gives them in every environment.</summary>
/// <param name="Id">The Slack user id.</param>
/// <param name="Name">The user name.</param>
/// <param name="Role">Viewer, Deployer, Approver or Admin (a key of <c>OpsBot:Environments:&lt;env&gt;:Roles</c>); null for a viewer through <c>slack:*</c>.</param>
public sealed record SandboxPerson(string Id, string Name, string? Role);

/// <summary>
/// The host's configuration in the sandbox: local endpoints, one region per environment (separate worlds, as separate
/// regions or accounts are on AWS), each environment's alarm topic and the pinned SNS certificate host, the sandbox's
/// people and their roles, the sandbox secrets and the short timings.
/// </summary>
internal static class SandboxConfiguration
{
    /// <summary>alice deploys; bob and dave approve (so four eyes can be seen from both sides); erin is an admin
    /// (freezes, <c>--skip-approval</c>); carol only looks.</summary>
    public static readonly IReadOnlyList<SandboxPerson> People =
    [
        new("U0ALICE", "alice", "Deployer"),
        new("U0BOB", "bob", "Approver"),
        new("U0DAVE", "dave", "Approver"),
        new("U0ERIN", "erin", "Admin"),
        new("U0CAROL", "carol", null),
    ];

    /// <summary>Each person's highest role in <paramref name="environment"/> as the bot's own options say (each role includes the ones before it).</summary>
    public static IReadOnlyList<SandboxConsoleUser> ConsoleUsers(OpsBotOptions options, string environment)
    {
        var roles = options.Environments[environment].Roles;
        (string Name, List<string> Ids)[] byRank = [("admin", roles.Admin), ("approver", roles.Approver), ("deployer", roles.Deployer), ("viewer", roles.Viewer)];
        return [.. People.Select(p => new SandboxConsoleUser(p.Id, p.Name,
            byRank.FirstOrDefault(r => r.Ids.Contains($"slack:{p.Id}") || r.Ids.Contains("slack:*")).Name ?? "no role"))];
    }

    /// <summary>The bot's SNS endpoint, to which the sandbox subscribes each environment's alarm topic.</summary>
    public const string AlarmsPath = "sns/alarms";

    public static IEnumerable<string> Arguments(SandboxSettings settings, int port, Uri aws, string database, IReadOnlyList<SandboxEnvironment> environments, SnsPublicHost sns,
        TeamsSandboxOptions? teams = null)
    {
        var values = new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["contentRoot"] = AppContext.BaseDirectory,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:OpsBot"] = "Information",
            ["OpsBot:Storage:ConnectionString"] = $"Data Source={database}",
            ["OpsBot:Aws:ServiceUrl"] = aws.ToString(),
            ["OpsBot:Aws:Region"] = environments.Single(e => e.Name == "prod").Region,
            ["OpsBot:Aws:AccessKeyId"] = "test",
            ["OpsBot:Aws:SecretAccessKey"] = "test",
            ["OpsBot:Aws:RetryBaseDelay"] = "00:00:00.100",
            ["OpsBot:Aws:RetryMaxDelay"] = "00:00:02",
            ["OpsBot:Slack:SigningSecret"] = settings.SlackSigningSecret,
            ["OpsBot:Slack:BotToken"] = SandboxApp.BotToken,
            ["OpsBot:Slack:ApiBaseUrl"] = $"http://127.0.0.1:{port}/api/",
            ["OpsBot:Slack:ResponseUrlHosts:0"] = "127.0.0.1",
            ["OpsBot:Slack:UploadUrlHosts:0"] = "127.0.0.1",
            ["OpsBot:Slack:TeamId"] = "T0SANDBOX", // as production should: requests from another workspace or app are refused
            ["OpsBot:Slack:AppId"] = "A0OPSBOT",
            ["OpsBot:Runner:PollInterval"] = "00:00:02",
            ["OpsBot:Runner:MetricPeriodSeconds"] = "1",
            ["OpsBot:Runner:MetricLag"] = "00:00:02",
            ["OpsBot:Runner:CardUpdateInterval"] = "00:00:02",
            ["OpsBot:Channels:0:Id"] = SandboxApp.ProdChannel,
            ["OpsBot:Channels:0:Platform"] = "slack",
            ["OpsBot:Channels:0:Environment"] = "prod",
            ["OpsBot:Channels:1:Id"] = SandboxApp.DevChannel,
            ["OpsBot:Channels:1:Platform"] = "slack",
            ["OpsBot:Channels:1:Environment"] = "dev",
            // Alarms come over SNS signed with the sandbox's key, whose certificate (and SubscribeURLs) the emulator
            // serves on its own HTTPS host; only the sandbox trusts that host, by its TLS certificate's thumbprint.
            // host:port: a pattern without a port allows 443 only, and the sandbox's host listens on a free port.
            ["OpsBot:Sns:CertificateHosts:0"] = $"{sns.Host}:{sns.Port}",
            ["OpsBot:Sns:PinnedCertificateThumbprints:0"] = sns.TlsCertificateSha256,
        };
        // The built-in plans, shortened so that a canary with its promotion takes about a minute.
        Plan(values, "canary", (10, "00:00:30"), (100, "00:00:00"));
        Plan(values, "linear", (10, "00:00:15"), (20, "00:00:15"), (50, "00:00:15"), (100, "00:00:00"));
        Plan(values, "all-at-once", (100, "00:00:20"));
        // CodeDeploy counts in whole minutes; here a minute lasts MinuteLength, so this canary is quick too.
        Plan(values, "codedeploy-canary", (10, "00:01:00"), (100, "00:00:00"));
        foreach (var env in environments)
        {
            var prefix = $"OpsBot:Environments:{env.Name}";
            var channel = env.Name == "prod" ? SandboxApp.ProdChannel : SandboxApp.DevChannel;
            values[$"{prefix}:Region"] = env.Region;
            values[$"{prefix}:OpsTopicArn"] = $"arn:aws:sns:{env.Region}:{env.AccountId}:{SandboxSeed.OpsTopic}";
            // The topic every alarm of the environment's world notifies; the sandbox subscribes the bot's /sns/alarms to it.
            values[$"{prefix}:AlarmTopicArns:0"] = SandboxSeed.AlarmTopicArn(env.Region, env.AccountId);
            values[$"{prefix}:AllowedChannels:0"] = channel;
            // The emulator's short strategy (20% every 12 strategy seconds, then a minute's bake: seconds here).
            values[$"{prefix}:FeatureFlags:Strategy"] = "OpsBot.Sandbox.Quick";
            // The roles are the sandbox's, written from index 0 so that they replace appsettings.json's; the console's
            // badges are read back from the bot's options (ConsoleUsers), so they show what the bot enforces.
            values[$"{prefix}:Roles:Viewer:0"] = "slack:*";
            foreach (var role in new[] { "Deployer", "Approver", "Admin" })
            {
                var ids = People.Where(p => p.Role == role).ToList();
                for (var i = 0; i < ids.Count; i++)
                    values[$"{prefix}:Roles:{role}:{i}"] = $"slack:{ids[i].Id}";
            }
            foreach (var fn in SandboxSeed.Functions)
            {
                // One-second periods see ~20 invocations of a 10% canary; judge them from 10 on.
                values[$"{prefix}:Functions:{fn}:Thresholds:MinInvocations"] = "10";
                values[$"{prefix}:Functions:{fn}:Channel"] = channel;
            }
            Probes(values, prefix, env);
        }
        if (teams is not null)
            Teams(values, teams, environments);
        return values.Select(v => $"--{v.Key}={v.Value}");
    }

    /// <summary>
    /// Teams beside Slack: the sandbox's app (its id, secret and home tenant), trusting only the sandbox's token
    /// service and calling only its connector on 127.0.0.1; the team's two channels bound in the list form
    /// (<c>OpsBot:Channels:&lt;n&gt;:Id|Platform|Environment</c>, from index 10, the lower ones being Slack's) and allowed
    /// to act on their environment; each person's two identities (<c>OpsBot:People:&lt;name&gt;:0</c> Slack's,
    /// <c>:1</c> Teams'), and their Teams identity in the same roles as their Slack one.
    /// </summary>
    private static void Teams(Dictionary<string, string> values, TeamsSandboxOptions teams, IReadOnlyList<SandboxEnvironment> environments)
    {
        values["OpsBot:Teams:AppId"] = teams.AppId;
        values["OpsBot:Teams:AppPassword"] = teams.AppPassword;
        values["OpsBot:Teams:TenantId"] = teams.TenantId;
        values["OpsBot:Teams:AllowedTenants:0"] = teams.TenantId;
        values["OpsBot:Teams:OpenIdMetadataUrl"] = teams.OpenIdMetadataUrl.ToString();
        values["OpsBot:Teams:Issuer"] = teams.Issuer;
        values["OpsBot:Teams:LoginBaseUrl"] = teams.LoginBaseUrl.ToString();
        values["OpsBot:Teams:Scope"] = teams.Scope;
        values["OpsBot:Teams:ServiceUrlHosts:0"] = "127.0.0.1";
        values["OpsBot:Teams:PublicBaseUrl"] = new Uri(teams.OpenIdMetadataUrl, "/").ToString(); // charts in cards, served by the bot
        var index = 10;
        foreach (var channel in teams.Channels)
        {
            values[$"OpsBot:Channels:{index}:Id"] = channel.Id;
            values[$"OpsBot:Channels:{index}:Platform"] = "teams";
            values[$"OpsBot:Channels:{index}:Environment"] = channel.Environment;
            index++;
        }
        foreach (var person in People)
        {
            values[$"OpsBot:People:{person.Name}:0"] = $"slack:{person.Id}";
            if (TeamsIdentity(teams, person) is { } identity)
                values[$"OpsBot:People:{person.Name}:1"] = identity;
        }
        foreach (var env in environments)
        {
            var prefix = $"OpsBot:Environments:{env.Name}";
            foreach (var channel in teams.Channels.Where(c => c.Environment == env.Name))
                Append(values, $"{prefix}:AllowedChannels", channel.Id);
            Append(values, $"{prefix}:Roles:Viewer", "teams:*");
            foreach (var person in People.Where(p => p.Role is not null))
                if (TeamsIdentity(teams, person) is { } identity)
                    Append(values, $"{prefix}:Roles:{person.Role}", identity);
        }
    }

    /// <summary><c>teams:&lt;AAD object id&gt;</c> of the sandbox's person, by name; null when Teams has no such person.</summary>
    public static string? TeamsIdentity(TeamsSandboxOptions teams, SandboxPerson person) =>
        teams.People.FirstOrDefault(p => p.Name == person.Name) is { } t ? $"teams:{t.AadObjectId}" : null;

    /// <summary>Adds <paramref name="value"/> at the next free index of the list <paramref name="key"/>.</summary>
    private static void Append(Dictionary<string, string> values, string key, string value)
    {
        var i = 0;
        while (values.ContainsKey($"{key}:{i}"))
            i++;
        values[$"{key}:{i}"] = value;
    }

    /// <summary>
    /// The guide's health probes: the environment's InfluxDB stand-in (ping, health, and a write+query round trip) and
    /// each function's dead-letter queue (its depth may not grow during a deployment); influxdb_loader, which writes to
    /// InfluxDB, is guarded by both, and /health shows them all.
    /// </summary>
    private static void Probes(Dictionary<string, string> values, string prefix, SandboxEnvironment env)
    {
        if (env.InfluxDb is { } influx)
        {
            var p = $"{prefix}:Probes:influxdb";
            values[$"{p}:Type"] = "influxdb";
            values[$"{p}:Url"] = influx.BaseUrl.ToString();
            values[$"{p}:Org"] = influx.Options.Org;
            values[$"{p}:Bucket"] = influx.Options.Buckets[0];
            values[$"{p}:Token"] = influx.Options.Token;
            values[$"{p}:Measurement"] = "opsbot_probe";
            values[$"{p}:MaxLatencyMs"] = "500";
            values[$"{p}:Timeout"] = "00:00:02";
            values[$"{prefix}:Functions:influxdb_loader:Probes:0"] = "influxdb";
        }
        var dlq = $"{prefix}:Probes:dlq";
        values[$"{dlq}:Type"] = "metric";
        values[$"{dlq}:Namespace"] = "AWS/SQS";
        values[$"{dlq}:MetricName"] = "ApproximateNumberOfMessagesVisible";
        values[$"{dlq}:Dimensions:QueueName"] = "{function}-dlq";
        values[$"{dlq}:Statistic"] = "Maximum";
        values[$"{dlq}:Threshold"] = "0";
        values[$"{dlq}:RelativeToStart"] = "true";
        values[$"{dlq}:Unit"] = "messages";
        values[$"{prefix}:Functions:influxdb_loader:Probes:{(env.InfluxDb is null ? 0 : 1)}"] = "dlq";
    }

    private static void Plan(Dictionary<string, string> values, string name, params (int Weight, string Bake)[] steps)
    {
        for (var i = 0; i < steps.Length; i++)
        {
            values[$"OpsBot:Plans:{name}:{i}:Weight"] = steps[i].Weight.ToString(CultureInfo.InvariantCulture);
            values[$"OpsBot:Plans:{name}:{i}:Bake"] = steps[i].Bake;
        }
    }
}
