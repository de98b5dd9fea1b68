using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Core;
using OpsBot.Core.Commands;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;
using OpsBot.Core.Runner;
using OpsBot.Core.UseCases;
using OpsBot.Storage;

namespace OpsBot.Testing;

/// <summary>
/// OpsBot's Core and SQLite storage wired to the fakes, on a <see cref="FakeTimeProvider"/>. The fakes outlive a
/// <see cref="RestartAsync"/> (as AWS and Slack outlive a crash of the bot); the database file does too.
/// </summary>
public sealed class OpsBotHarness : IAsyncDisposable
{
    public static readonly Actor Alice = new("slack:U0ALICE", "C0DEPLOYS", "alice");
    public static readonly Actor Bob = new("slack:U0BOB", "C0DEPLOYS", "bob");
    public static readonly Actor Carol = new("slack:U0CAROL", "C0DEPLOYS", "carol");
    public static readonly Actor Dana = new("slack:U0DANA", "C0DEPLOYS", "dana");

    /// <summary>How Core's text names each of them (a neutral reference each platform renders as a mention).</summary>
    public static readonly string AliceRef = Alice.Mention, BobRef = Bob.Mention, CarolRef = Carol.Mention, DanaRef = Dana.Mention;

    private readonly OpsBotOptions _options;
    private readonly LogLevel _logLevel;
    private ServiceProvider _services;

    private OpsBotHarness(Action<OpsBotOptions>? configure, LogLevel logLevel)
    {
        _options = TestOptions.Create();
        configure?.Invoke(_options);
        _logLevel = logLevel;
        DatabasePath = Path.Combine(Path.GetTempPath(), $"opsbot-test-{Guid.NewGuid():N}.db");
        Lambda = new FakeLambda();
        CodeDeploy = new FakeCodeDeploy(Lambda, Time);
        foreach (var (env, environment) in _options.Environments)
        {
            foreach (var (fn, function) in environment.Functions)
                Lambda.Seed(env, fn, versions: 5, live: "4", function.Alias);
        }
        _services = Build();
    }

    /// <summary>
    /// A bot on the test configuration, changed by <paramref name="configure"/>. Every configured function is seeded
    /// with versions 1..5 and its alias on version 4.
    /// </summary>
    public static OpsBotHarness Create(Action<OpsBotOptions>? configure = null, LogLevel logLevel = LogLevel.Warning) => new(configure, logLevel);

    /// <summary>Starts at a whole minute, so metric periods line up with the clock.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));

    public string DatabasePath { get; }

    public FakeLambda Lambda { get; }

    public FakeCodeDeploy CodeDeploy { get; }

    /// <summary>AppConfig's flags (dev and prod start with the guide's three flags, all off).</summary>
    public FakeFeatureFlags Flags { get; } = new();

    public FlagCommands FlagCommands => _services.GetRequiredService<FlagCommands>();

    public IFlagChangeStore FlagChanges => _services.GetRequiredService<IFlagChangeStore>();

    /// <summary>A flag command as <paramref name="actor"/> sends it (with a request key when given), then one poll of the runner.</summary>
    public async Task<CommandResult> FlagsAsync(Actor actor, ChatCommand command, string? requestKey = null)
    {
        var result = await _services.GetRequiredService<ChatCommandHandler>().HandleAsync(new RequestContext(actor, requestKey), command, CancellationToken.None);
        await Runner.RunCycleAsync(CancellationToken.None);
        return result;
    }

    public ScriptedMetrics Metrics { get; } = new();

    public ScriptedAlarms Alarms { get; } = new();

    public FakeProbe Influx { get; } = new("influxdb");

    public RecordingChat Chat { get; } = new();

    /// <summary>A second platform beside <see cref="Chat"/>, for what goes to a channel bound in Teams.</summary>
    public RecordingChat TeamsChat { get; } = new("teams");

    public RecordingNotifier Ops { get; } = new();

    public FakeChart Chart { get; } = new();

    public FakeLogSearch Logs { get; } = new();

    /// <summary>Any command as <paramref name="actor"/> sends it, through the handler every platform uses (no poll).</summary>
    public Task<CommandResult> SendAsync(Actor actor, ChatCommand command, string? requestKey = null) =>
        _services.GetRequiredService<ChatCommandHandler>().HandleAsync(new RequestContext(actor, requestKey), command, CancellationToken.None);

    public IServiceProvider Services => _services;

    public DeploymentCommands Commands => _services.GetRequiredService<DeploymentCommands>();

    public DeploymentRunner Runner => _services.GetRequiredService<DeploymentRunner>();

    public IDeploymentStore Store => _services.GetRequiredService<IDeploymentStore>();

    public IAuditLog Audit => _services.GetRequiredService<IAuditLog>();

    public OpsBotOptions Options => _services.GetRequiredService<IOptions<OpsBotOptions>>().Value;

    /// <summary>Runs a command, then lets the runner act on what it committed (as the runner's wake-up would).</summary>
    public async Task<CommandResult> DoAsync(Func<DeploymentCommands, CancellationToken, Task<CommandResult>> command)
    {
        var result = await command(Commands, CancellationToken.None);
        if (result.IsDone && result.Deployments.Count > 0)
            await Runner.AdvanceAsync([.. result.Deployments.Select(d => d.Id)], CancellationToken.None);
        return result;
    }

    /// <summary>A release as a person would ask for it (then the runner acts, as its wake-up would). Tests build starts here, not by hand.</summary>
    public Task<CommandResult> StartAsync(Actor actor, string function, string? version = "5", string? strategy = null,
        DeploymentEngine? engine = null, int? canaryPercentage = null, int? bakeMinutes = null, double? rollbackThreshold = null,
        bool skipApproval = false, string? reason = null, string? environment = null, string? requestKey = null) =>
        DoAsync((c, ct) => c.StartAsync(new RequestContext(actor, requestKey), new StartCommand(function)
        {
            Version = version,
            Strategy = strategy,
            Engine = engine,
            CanaryPercentage = canaryPercentage,
            BakeMinutes = bakeMinutes,
            RollbackThreshold = rollbackThreshold,
            SkipApproval = skipApproval,
            Reason = reason,
            Environment = environment,
        }, ct));

    /// <summary><c>/rollback &lt;function&gt; [--target-version N]</c>, then the runner acts.</summary>
    public Task<CommandResult> RollbackAsync(Actor actor, string function, string? targetVersion = null, string? environment = null, string? reason = null) =>
        DoAsync((c, ct) => c.RollbackAsync(new RequestContext(actor), new RollbackCommand(function, targetVersion, environment, reason), ct));

    /// <summary>
    /// A manual rollback as a person finishes it: where the environment asks for a confirmation, <paramref name="actor"/>
    /// clicks it (see <see cref="ConfirmAsync"/>).
    /// </summary>
    public async Task<CommandResult> RollbackConfirmedAsync(Actor actor, string function, string? targetVersion = null, string? environment = null, string? reason = null)
    {
        var asked = await RollbackAsync(actor, function, targetVersion, environment, reason);
        return asked.Status == CommandStatus.Confirm ? await ConfirmAsync(actor, asked) : asked;
    }

    /// <summary><paramref name="actor"/> clicks the confirmation button of <paramref name="prompt"/> (as a platform parses it back).</summary>
    public Task<CommandResult> ConfirmAsync(Actor actor, CommandResult prompt, string? requestKey = null)
    {
        var button = Assert(prompt.Actions.Single().Value);
        return DoAsync((c, ct) => c.RollbackAsync(new RequestContext(actor, requestKey), button, ct));

        static RollbackCommand Assert(string value) =>
            RollbackConfirmation.Parse(value) ?? throw new InvalidOperationException($"'{value}' is not a rollback confirmation");
    }

    /// <summary>A person's action on one deployment (a command, or a click carrying <paramref name="stateVersion"/>), then the runner acts.</summary>
    public Task<CommandResult> ActAsync(Actor actor, DeploymentAction action, string deploymentId, long? stateVersion = null, string? reason = null)
        => DoAsync((c, ct) => c.ActAsync(new RequestContext(actor), new ActCommand(action, deploymentId, reason) { ExpectedVersion = stateVersion }, ct));

    /// <summary>Moves the clock on by <paramref name="by"/> and runs one poll.</summary>
    public async Task PollAsync(TimeSpan by)
    {
        Time.Advance(by);
        await Runner.RunCycleAsync(CancellationToken.None);
    }

    /// <summary>Polls every poll interval for <paramref name="span"/>.</summary>
    public async Task PollForAsync(TimeSpan span)
    {
        var interval = Options.Runner.PollInterval;
        for (var elapsed = TimeSpan.Zero; elapsed < span; elapsed += interval)
            await PollAsync(interval);
    }

    public async Task<Deployment> GetAsync(string id) =>
        await Store.GetAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"no deployment {id}");

    /// <summary>Throws the bot away and builds a new one on the same database and the same fakes.</summary>
    public async Task RestartAsync()
    {
        await _services.DisposeAsync();
        _services = Build();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(DatabasePath + suffix);
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(_logLevel));
        services.AddSingleton<TimeProvider>(Time);
        services.AddTestOptions(_options);
        services.AddOpsBotCore();
        services.AddSqliteStorage($"Data Source={DatabasePath}");
        services.AddSingleton<ITrafficRouter>(Lambda);
        services.AddSingleton<IFunctionVersions>(Lambda);
        services.AddSingleton<IDelegatedRouter>(CodeDeploy);
        services.AddSingleton<IFeatureFlags>(Flags);
        services.AddSingleton<IMetricsSource>(Metrics);
        services.AddSingleton<IAlarmSource>(Alarms);
        services.AddSingleton<IHealthProbe>(Influx);
        services.AddSingleton<IChatChannel>(Chat);
        services.AddSingleton<IChatChannel>(TeamsChat);
        services.AddSingleton<IOpsNotifier>(Ops);
        services.AddSingleton<IDeploymentChart>(Chart);
        services.AddSingleton<ILogSearch>(Logs);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var validation = provider.GetRequiredService<IOptions<OpsBotOptions>>().Value; // throws if the options are invalid
        _ = validation;
        return provider;
    }
}
