using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using OpsBot.Core.Configuration;
using OpsBot.Sandbox.Aws;
using OpsBot.Sandbox.Aws.AppConfig;
using OpsBot.Sandbox.Aws.Sns;
using OpsBot.Sandbox.Aws.Traffic;
using OpsBot.Sandbox.ChatConsole;
using OpsBot.Sandbox.Influx;
using OpsBot.Sandbox.Slack;
using OpsBot.Sandbox.Teams;

namespace OpsBot.Hosting;

/// <summary>Ports, secret and pace of a sandbox.</summary>
public sealed record SandboxSettings
{
    /// <summary>The bot, its Slack endpoints, the fake Slack Web API and the console page (0: a free port).</summary>
    public int Port { get; init; } = 5080;

    /// <summary>The AWS-compatible endpoint (0: a free port).</summary>
    public int AwsPort { get; init; } = 4566;

    public string SlackSigningSecret { get; init; } = "sandbox-signing-secret";

    /// <summary>The database; a new temporary file when null (the simulated AWS starts fresh each time, so must the bot).</summary>
    public string? Database { get; init; }

    /// <summary>How long one minute of a CodeDeploy or AppConfig schedule lasts.</summary>
    public TimeSpan MinuteLength { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Extra configuration, as <c>--Key=Value</c> arguments (tests shorten timings further).</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];
}

/// <summary>
/// The whole product on one machine: the real host and adapters, pointed at an AWS-compatible endpoint with simulated
/// traffic and at a fake of Slack's Web API, with a console page in which a person types commands and clicks buttons.
/// Only endpoints, secrets and timings differ from production: shortened plans, a 1-second metric period and a
/// 2-second poll.
/// </summary>
public sealed class SandboxApp : IAsyncDisposable
{
    public const string BotToken = "xoxb-sandbox";
    public const string ProdChannel = "C0DEPLOYS";
    public const string DevChannel = "C0DEVDEPLOYS";

    /// <summary>Prod's region of the AWS-compatible endpoint.</summary>
    public const string ProdRegion = "us-east-1";

    /// <summary>Dev's region: a world of its own, so a dev deployment never moves prod's aliases.</summary>
    public const string DevRegion = "us-west-2";

    /// <summary>The account id in both worlds' ARNs.</summary>
    public const string AccountId = "000000000000";

    private readonly IReadOnlyDictionary<string, InfluxStandIn> _influx;
    private readonly string _database;
    private readonly bool _ownsDatabase;
    private readonly int _port;

    private SandboxApp(AwsEmulatorServer aws, IReadOnlyDictionary<string, InfluxStandIn> influx, FakeSlackWorkspace slack, SandboxSettings settings,
        int port, string database, bool ownsDatabase)
    {
        Aws = aws;
        Teams = new TeamsSandbox(new TeamsSandboxOptions { BotBaseUrl = new Uri($"http://127.0.0.1:{port}/"), PublicBaseUrl = new Uri($"http://127.0.0.1:{port}/") });
        _influx = influx;
        Slack = slack;
        Settings = settings;
        _port = port;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _database = database;
        _ownsDatabase = ownsDatabase;
    }

    public AwsEmulatorServer Aws { get; }

    /// <summary>
    /// dev and prod, each with its region of <see cref="Aws"/>, the credentials that read it, and its own InfluxDB
    /// stand-in (<see cref="SandboxEnvironment.InfluxDb"/>: its URL, org, bucket and token for a probe).
    /// </summary>
    public IReadOnlyList<SandboxEnvironment> Environments =>
    [
        .. new[] { ("dev", DevRegion), ("prod", ProdRegion) }.Select(e => new SandboxEnvironment(e.Item1, e.Item2, AccountId, "test", "test",
            Aws.Worlds.For(e.Item2) ?? throw new InvalidOperationException($"The AWS endpoint has no world in {e.Item2}."))
        {
            InfluxDb = _influx[e.Item1],
        }),
    ];

    /// <summary>The bot (the real host), with the fake Slack API, the console and the sandbox's endpoints beside it.</summary>
    public WebApplication Bot { get; private set; } = null!;

    public FakeSlackWorkspace Slack { get; }

    /// <summary>
    /// Microsoft Teams' stand-in on the bot's port: the token service (<c>/teams-login/</c>), the Bot Connector
    /// (<c>/teams-connector/</c>, its history at <c>/sandbox/teams/messages</c>) and the console's Teams channels.
    /// Kept across bot restarts, as Teams would be.
    /// </summary>
    public TeamsSandbox Teams { get; }

    public SandboxSettings Settings { get; }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;/</c>: the console page, the bot's Slack endpoints and the fake Slack API.</summary>
    public Uri BaseUrl { get; }

    public static async Task<SandboxApp> StartAsync(SandboxSettings settings, CancellationToken cancellationToken = default)
    {
        var port = settings.Port == 0 ? FreePort() : settings.Port;
        var awsPort = settings.AwsPort == 0 ? FreePort() : settings.AwsPort;
        var aws = new AwsEmulatorServer(awsPort, o =>
        {
            o.MinuteLength = settings.MinuteLength;
            o.AccountId = AccountId;
            o.Region = ProdRegion;
            o.OtherRegions.Add(DevRegion);
        });
        await aws.StartAsync(cancellationToken);
        // Its address and TLS thumbprint go into the bot's configuration, so it listens before the bot starts.
        await aws.SnsHost.StartAsync(cancellationToken);
        // Each environment's InfluxDB on a free loopback port of its own, so that breaking prod's leaves dev's alone.
        var influx = new Dictionary<string, InfluxStandIn>(StringComparer.Ordinal) { ["dev"] = new(), ["prod"] = new() };
        var database = settings.Database ?? Path.Combine(Path.GetTempPath(), $"opsbot-sandbox-{Guid.NewGuid():N}.db");
        var sandbox = new SandboxApp(aws, influx, Workspace(), settings, port, database, settings.Database is null);
        try
        {
            foreach (var standIn in influx.Values)
                await standIn.StartAsync(cancellationToken);
            await sandbox.StartBotAsync(cancellationToken);
        }
        catch
        {
            foreach (var standIn in influx.Values)
                await standIn.DisposeAsync();
            await aws.DisposeAsync();
            sandbox.Teams.Dispose();
            throw;
        }
        return sandbox;
    }

    /// <summary>Stops the bot and starts a new one on the same database, AWS and Slack (as after a crash and a redeploy).</summary>
    public async Task RestartBotAsync(CancellationToken cancellationToken = default)
    {
        await StopSubscribingAsync();
        await Bot.StopAsync(cancellationToken);
        await Bot.DisposeAsync();
        await StartBotAsync(cancellationToken);
    }

    private async Task StartBotAsync(CancellationToken cancellationToken)
    {
        var environments = Environments;
        var bot = OpsBotHost.Build([.. SandboxConfiguration.Arguments(Settings, _port, Aws.BaseUrl, _database, environments, Aws.SnsHost, Teams.Options), .. Settings.Overrides]);
        bot.MapFakeSlackApi(Slack, new FakeSlackOptions { BotToken = BotToken, PublicBaseUrl = BaseUrl });
        bot.MapSandboxConsole(Slack, new SandboxConsoleOptions
        {
            BotBaseUrl = BaseUrl,
            PublicBaseUrl = BaseUrl,
            SigningSecret = Settings.SlackSigningSecret,
            // The badges say what the bot enforces: read from its own options, not written twice.
            Users = SandboxConfiguration.ConsoleUsers(bot.Services.GetRequiredService<IOptions<OpsBotOptions>>().Value, "prod"),
            Teams = Teams.Options,
        });
        bot.MapSandboxTeams(Teams);
        bot.MapSandboxFaults(environments);
        bot.MapSandboxFlags(environments);
        bot.MapSandboxPages(environments);
        bot.MapSandboxSnsDeliveries(environments);
        bot.MapSandboxAccounts(Aws.BaseUrl, environments);
        await bot.StartAsync(cancellationToken);
        Bot = bot;
        // As an operator would once the bot is up: subscribe its /sns/alarms to each world's alarm topic; SNS sends it
        // the SubscriptionConfirmation, which the bot confirms (sent again until it does).
        AlarmSubscriptions = SandboxAlarmSubscriptions.Start(environments, new Uri(BaseUrl, SandboxConfiguration.AlarmsPath),
            bot.Services.GetRequiredService<ILoggerFactory>().CreateLogger<SandboxAlarmSubscriptions>());
    }

    /// <summary>The bot's subscriptions to each environment's alarm topic (whether each is confirmed).</summary>
    public SandboxAlarmSubscriptions? AlarmSubscriptions { get; private set; }

    private async Task StopSubscribingAsync()
    {
        if (AlarmSubscriptions is not null)
            await AlarmSubscriptions.DisposeAsync();
        AlarmSubscriptions = null;
    }

    /// <summary>The workspace: <see cref="SandboxConfiguration.People"/>, and the two deployment channels with all of them and the bot.</summary>
    private static FakeSlackWorkspace Workspace()
    {
        var workspace = new FakeSlackWorkspace();
        foreach (var person in SandboxConfiguration.People)
            workspace.AddUser(person.Id, person.Name);
        string[] members = [.. SandboxConfiguration.People.Select(p => p.Id), "U0OPSBOT"];
        return workspace.AddChannel(ProdChannel, "deploys", members).AddChannel(DevChannel, "dev-deploys", members);
    }

    /// <summary>What a person needs to know, printed at start.</summary>
    public string Banner()
    {
        var worlds = string.Join(Environment.NewLine, Environments.Select(e =>
            $"    {e.Name,-5} region {e.Region}, account {e.AccountId}:  {SandboxAccountsEndpoint.Cli(Aws.BaseUrl, e)} lambda get-alias --function-name lambda_router --name live"));
        var influx = string.Join(Environment.NewLine, Environments.Select(e =>
            $"    {e.Name,-5} {e.InfluxDb!.BaseUrl}   (org {e.InfluxDb.Options.Org}, bucket {e.InfluxDb.Options.Buckets[0]}, token {e.InfluxDb.Options.Token})"));
        return $$"""
        OpsBot sandbox is running: the real bot, a simulated AWS and a fake Slack, on this machine only.

          Console (type commands, click buttons):  {{BaseUrl}}
          Bot's Slack endpoints:                   {{BaseUrl}}slack/commands | interactions | events   (signing secret: {{Settings.SlackSigningSecret}})
          Fake Slack Web API:                      {{BaseUrl}}api/   history as JSON: {{BaseUrl}}sandbox/messages
          Bot's Teams endpoint:                    {{BaseUrl}}teams/messages   (app {{Teams.Options.AppId}}, tenant {{Teams.Options.TenantId}})
          Fake Teams (token service, connector):   {{Teams.Options.LoginBaseUrl}}/  {{Teams.Options.ServiceUrl}}   history as JSON: {{BaseUrl}}sandbox/teams/messages
          Sandbox controls:                        {{BaseUrl}}sandbox/faults  {{BaseUrl}}sandbox/pages  {{BaseUrl}}sandbox/accounts  {{BaseUrl}}sandbox/flags
          Alarms pushed to the bot over SNS:       {{BaseUrl}}sandbox/sns/deliveries   (signing certificate and SubscribeURLs on {{Aws.SnsHost.BaseUrl}}, TLS SHA-256 {{Aws.SnsHost.TlsCertificateSha256}})
          AWS-compatible endpoint:                 {{Aws.BaseUrl}}   (access key test, secret test; one world per region)
          Health:                                  {{BaseUrl}}healthz  {{BaseUrl}}readyz

        dev and prod are separate worlds, as separate regions are on AWS; read them with the AWS CLI or SDKs
        ({{BaseUrl}}sandbox/accounts has the same as JSON):
        {{worlds}}

        Each environment has its own InfluxDB 2.x stand-in (ping, health, writes, Flux queries):
        {{influx}}

        Users: {{string.Join(", ", SandboxConfiguration.People.Select(p => $"{p.Name} ({p.Role?.ToLowerInvariant() ?? "viewer"})"))}}.
        Their Teams identities (AAD object id, MRI): {{string.Join(", ", Teams.Options.People.Select(p => $"{p.Name} {p.AadObjectId} {p.Mri}"))}}.
        Channels: #deploys (prod: a second person, bob or dave, must promote alice's canaries) and #dev-deploys (dev: no
        gates). Teams channels (in the console too): {{string.Join(" and ", Teams.Options.Channels.Select(c => $"{c.Name} ({c.Environment})"))}}, where one types
        @OpsBot deploy lambda_router 5. Functions in each world: {{string.Join(", ", SandboxSeed.Functions)}} (alias live on version 4).
        Timings: canary 10% for 30 s then 100%; linear 10/20/50/100% every 15 s; all-at-once with a 20 s bake;
        metric period 1 s, poll every 2 s.

        Try, as alice in #deploys:   /deploy lambda_router 5      then as bob or dave: click Promote
        Make a version misbehave:    curl -X POST {{BaseUrl}}sandbox/faults -H 'Content-Type: application/json' \
                                       -d '{"environment":"prod","function":"lambda_router","version":"5","errorRate":0.3}'
        Break prod's InfluxDB:       curl -X POST {{BaseUrl}}sandbox/faults -H 'Content-Type: application/json' \
                                       -d '{"environment":"prod","influxdb":"down"}'   ("slow" with "latencyMs", "up")
        Fill a dead-letter queue:    the same with -d '{"environment":"prod","dlq":"influxdb_loader","messages":5}'
        Pages sent to the operators: {{BaseUrl}}sandbox/pages
        Alarms the bot was sent:     {{BaseUrl}}sandbox/sns/deliveries   (a fault on a live version: ALARM within ~20 s, OK after it clears)

        Ctrl+C stops everything.
        """;
    }

    public async ValueTask DisposeAsync()
    {
        await StopSubscribingAsync();
        await Bot.StopAsync();
        await Bot.DisposeAsync();
        foreach (var standIn in _influx.Values)
            await standIn.DisposeAsync();
        await Aws.DisposeAsync();
        Teams.Dispose();
        if (_ownsDatabase)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(_database + suffix);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
