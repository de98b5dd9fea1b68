using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OpsBot.Sandbox.Aws;
using OpsBot.Sandbox.Aws.Sns;
using OpsBot.Sandbox.Aws.Traffic;
using OpsBot.Sandbox.ChatConsole;
using OpsBot.Sandbox.Slack;

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

    private readonly string _database;
    private readonly bool _ownsDatabase;
    private readonly int _port;

    private SandboxApp(AwsEmulatorServer aws, FakeSlackWorkspace slack, SandboxSettings settings, int port, string database, bool ownsDatabase)
    {
        Aws = aws;
        Slack = slack;
        Settings = settings;
        _port = port;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _database = database;
        _ownsDatabase = ownsDatabase;
    }

    public AwsEmulatorServer Aws { get; }

    /// <summary>The bot (the real host), with the fake Slack API, the console and the sandbox's endpoints beside it.</summary>
    public WebApplication Bot { get; private set; } = null!;

    public FakeSlackWorkspace Slack { get; }

    public SandboxSettings Settings { get; }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;/</c>: the console page, the bot's Slack endpoints and the fake Slack API.</summary>
    public Uri BaseUrl { get; }

    public static async Task<SandboxApp> StartAsync(SandboxSettings settings, CancellationToken cancellationToken = default)
    {
        var port = settings.Port == 0 ? FreePort() : settings.Port;
        var awsPort = settings.AwsPort == 0 ? FreePort() : settings.AwsPort;
        var aws = new AwsEmulatorServer(awsPort, o => o.MinuteLength = settings.MinuteLength);
        await aws.StartAsync(cancellationToken);
        var database = settings.Database ?? Path.Combine(Path.GetTempPath(), $"opsbot-sandbox-{Guid.NewGuid():N}.db");
        var sandbox = new SandboxApp(aws, Workspace(), settings, port, database, settings.Database is null);
        try
        {
            await sandbox.StartBotAsync(cancellationToken);
        }
        catch
        {
            await aws.DisposeAsync();
            throw;
        }
        return sandbox;
    }

    /// <summary>Stops the bot and starts a new one on the same database, AWS and Slack (as after a crash and a redeploy).</summary>
    public async Task RestartBotAsync(CancellationToken cancellationToken = default)
    {
        await Bot.StopAsync(cancellationToken);
        await Bot.DisposeAsync();
        await StartBotAsync(cancellationToken);
    }

    private async Task StartBotAsync(CancellationToken cancellationToken)
    {
        var bot = OpsBotHost.Build([.. Configuration(Settings, _port, Aws.BaseUrl, _database), .. Settings.Overrides]);
        bot.MapFakeSlackApi(Slack, new FakeSlackOptions { BotToken = BotToken, PublicBaseUrl = BaseUrl });
        bot.MapSandboxConsole(Slack, new SandboxConsoleOptions
        {
            BotBaseUrl = BaseUrl,
            PublicBaseUrl = BaseUrl,
            SigningSecret = Settings.SlackSigningSecret,
        });
        bot.MapSandboxFaults(Aws.Services);
        bot.MapSandboxPages(Aws.Services);
        await bot.StartAsync(cancellationToken);
        Bot = bot;
    }

    /// <summary>The host's configuration in the sandbox: local endpoints, the sandbox secrets and the short timings.</summary>
    private static IEnumerable<string> Configuration(SandboxSettings settings, int port, Uri aws, string database)
    {
        var values = new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["contentRoot"] = AppContext.BaseDirectory,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:OpsBot"] = "Information",
            ["OpsBot:Storage:ConnectionString"] = $"Data Source={database}",
            ["OpsBot:Aws:ServiceUrl"] = aws.ToString(),
            ["OpsBot:Aws:Region"] = "us-east-1",
            ["OpsBot:Aws:AccessKeyId"] = "test",
            ["OpsBot:Aws:SecretAccessKey"] = "test",
            ["OpsBot:Aws:RetryBaseDelay"] = "00:00:00.100",
            ["OpsBot:Aws:RetryMaxDelay"] = "00:00:02",
            ["OpsBot:Slack:SigningSecret"] = settings.SlackSigningSecret,
            ["OpsBot:Slack:BotToken"] = BotToken,
            ["OpsBot:Slack:ApiBaseUrl"] = $"http://127.0.0.1:{port}/api/",
            ["OpsBot:Slack:ResponseUrlHosts:0"] = "127.0.0.1",
            ["OpsBot:Slack:UploadUrlHosts:0"] = "127.0.0.1",
            ["OpsBot:Slack:TeamId"] = "T0SANDBOX", // as production should: requests from another workspace or app are refused
            ["OpsBot:Slack:AppId"] = "A0OPSBOT",
            ["OpsBot:Runner:PollInterval"] = "00:00:02",
            ["OpsBot:Runner:MetricPeriodSeconds"] = "1",
            ["OpsBot:Runner:MetricLag"] = "00:00:02",
            ["OpsBot:Runner:CardUpdateInterval"] = "00:00:02",
            ["OpsBot:Channels:" + ProdChannel] = "prod",
            ["OpsBot:Channels:" + DevChannel] = "dev",
        };
        // The built-in plans, shortened so that a canary with its promotion takes about a minute.
        Plan(values, "canary", (10, "00:00:30"), (100, "00:00:00"));
        Plan(values, "linear", (10, "00:00:15"), (20, "00:00:15"), (50, "00:00:15"), (100, "00:00:00"));
        Plan(values, "all-at-once", (100, "00:00:20"));
        // CodeDeploy counts in whole minutes; here a minute lasts MinuteLength, so this canary is quick too.
        Plan(values, "codedeploy-canary", (10, "00:01:00"), (100, "00:00:00"));
        foreach (var env in new[] { "dev", "prod" })
        {
            values[$"OpsBot:Environments:{env}:OpsTopicArn"] = $"arn:aws:sns:us-east-1:000000000000:{SandboxSeed.OpsTopic}";
            values[$"OpsBot:Environments:{env}:AllowedChannels:0"] = env == "prod" ? ProdChannel : DevChannel;
            foreach (var fn in SandboxSeed.Functions)
            {
                // One-second periods see ~20 invocations of a 10% canary; judge them from 10 on.
                values[$"OpsBot:Environments:{env}:Functions:{fn}:Thresholds:MinInvocations"] = "10";
                values[$"OpsBot:Environments:{env}:Functions:{fn}:Channel"] = env == "prod" ? ProdChannel : DevChannel;
            }
        }
        return values.Select(v => $"--{v.Key}={v.Value}");
    }

    private static void Plan(Dictionary<string, string> values, string name, params (int Weight, string Bake)[] steps)
    {
        for (var i = 0; i < steps.Length; i++)
        {
            values[$"OpsBot:Plans:{name}:{i}:Weight"] = steps[i].Weight.ToString(CultureInfo.InvariantCulture);
            values[$"OpsBot:Plans:{name}:{i}:Bake"] = steps[i].Bake;
        }
    }

    /// <summary>The workspace: alice (deployer), bob (approver), carol (viewer), and the two deployment channels.</summary>
    private static FakeSlackWorkspace Workspace() =>
        new FakeSlackWorkspace()
            .AddUser("U0ALICE", "alice").AddUser("U0BOB", "bob").AddUser("U0CAROL", "carol")
            .AddChannel(ProdChannel, "deploys", "U0ALICE", "U0BOB", "U0CAROL", "U0OPSBOT")
            .AddChannel(DevChannel, "dev-deploys", "U0ALICE", "U0BOB", "U0CAROL", "U0OPSBOT");

    /// <summary>What a person needs to know, printed at start.</summary>
    public string Banner() =>
        $$"""
        OpsBot sandbox is running: the real bot, a simulated AWS and a fake Slack, on this machine only.

          Console (type commands, click buttons):  {{BaseUrl}}
          Bot's Slack endpoints:                   {{BaseUrl}}slack/commands | interactions | events   (signing secret: {{Settings.SlackSigningSecret}})
          Fake Slack Web API:                      {{BaseUrl}}api/   history as JSON: {{BaseUrl}}sandbox/messages
          AWS-compatible endpoint:                 {{Aws.BaseUrl}}   (access key test, secret test, region us-east-1)
          Health:                                  {{BaseUrl}}healthz  {{BaseUrl}}readyz

        Users: alice (deployer), bob (approver), carol (viewer). Channels: #deploys (prod: bob must promote alice's
        canaries) and #dev-deploys (dev: no gates). Functions: {{string.Join(", ", SandboxSeed.Functions)}} (alias live on version 4).
        Timings: canary 10% for 30 s then 100%; linear 10/20/50/100% every 15 s; all-at-once with a 20 s bake;
        metric period 1 s, poll every 2 s.

        Try, as alice in #deploys:   /deploy lambda_router 5      then as bob: click Promote
        Make a version misbehave:    curl -X POST {{BaseUrl}}sandbox/faults -H 'Content-Type: application/json' \
                                       -d '{"function":"lambda_router","version":"5","errorRate":0.3}'
        Pages sent to the operators: {{BaseUrl}}sandbox/pages

        Ctrl+C stops everything.
        """;

    public async ValueTask DisposeAsync()
    {
        await Bot.StopAsync();
        await Bot.DisposeAsync();
        await Aws.DisposeAsync();
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
