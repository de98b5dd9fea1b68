using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Aws;
using OpsBot.Sandbox.Aws;
using OpsBot.Sandbox.Aws.Sns;
using OpsBot.Sandbox.Aws.Traffic;
using OpsBot.Sandbox.Tests.Aws.Sns;
using OpsBot.Sandbox.Influx;

namespace OpsBot.Sandbox.Tests.Aws;

/// <summary>
/// The AWS emulator on 127.0.0.1 (any free port) with a fake clock and the tests' own <see cref="TestRoutes"/>, the
/// sandbox's faults resource and SNS delivery log on a listener of its own (over one environment, prod, with an InfluxDB stand-in), and
/// OpsBot's real AWS adapter pointed at the emulator. The world
/// moves only when a test moves the clock (<see cref="Run"/>): every simulated second is ticked, as the clockwork would.
/// </summary>
internal sealed class EmulatorWorld : IAsyncDisposable
{
    /// <summary>A Friday morning; tests that run the official SDK start at the real time instead (it signs with the wall clock).</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The name of OpsBot's HTTP client for AWS (AwsTransport.HttpClientName).</summary>
    private const string OpsBotHttpClient = "opsbot-aws";

    private readonly WebApplication _emulator;
    private readonly WebApplication _sandbox;
    private ServiceProvider? _opsBot;

    private EmulatorWorld(FakeTimeProvider time, TestRoutes routes, WebApplication emulator, WebApplication sandbox, InfluxStandIn influx)
    {
        (Time, Routes, _emulator, _sandbox, Influx) = (time, routes, emulator, sandbox, influx);
        BaseUrl = emulator.BaseUrl();
        SandboxUrl = sandbox.BaseUrl();
    }

    public FakeTimeProvider Time { get; }

    public TestRoutes Routes { get; }

    /// <summary>prod's InfluxDB stand-in, which <c>/sandbox/faults</c> can break.</summary>
    public InfluxStandIn Influx { get; }

    public Uri BaseUrl { get; }

    /// <summary>Where <c>/sandbox/faults</c> is served.</summary>
    public Uri SandboxUrl { get; }

    public IServiceProvider Services => _emulator.Services;

    public T Get<T>()
        where T : notnull => _emulator.Services.GetRequiredService<T>();

    public static async Task<EmulatorWorld> StartAsync(DateTimeOffset? start = null, Action<AwsEmulatorOptions>? configure = null)
    {
        var time = new FakeTimeProvider(start ?? DefaultStart);
        var routes = new TestRoutes();

        var builder = LoopbackApp.CreateBuilder();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<ITrafficRoutes>(routes);
        builder.Services.AddAwsEmulator(o =>
        {
            // A strategy minute lasts a second here, so a test sees a whole AppConfig deployment in a few ticks.
            o.MinuteLength = TimeSpan.FromSeconds(1);
            SnsTesting.QuickDeliveries(o);
            configure?.Invoke(o);
        });
        var emulator = builder.Build();
        emulator.MapAwsEmulator();
        await emulator.StartAsync();

        var influx = new InfluxStandIn(0, null, time);
        await influx.StartAsync();
        var sandbox = LoopbackApp.CreateBuilder().Build();
        SandboxEnvironment[] environments = [new("prod", "us-east-1", "000000000000", "test", "test", emulator.Services) { InfluxDb = influx }];
        sandbox.MapSandboxFaults(environments);
        sandbox.MapSandboxSnsDeliveries(environments);
        await sandbox.StartAsync();

        var world = new EmulatorWorld(time, routes, emulator, sandbox, influx);
        world.Tick();
        return world;
    }

    /// <summary>Runs every ticker once at the clock's time.</summary>
    public void Tick() => Get<SandboxClockwork>().TickAll();

    /// <summary>Moves the clock on by <paramref name="span"/>, ticking every second on the way.</summary>
    public void Run(TimeSpan span)
    {
        for (var left = span; left > TimeSpan.Zero; left -= SandboxClockwork.Step)
        {
            Time.Advance(left < SandboxClockwork.Step ? left : SandboxClockwork.Step);
            Tick();
        }
    }

    /// <summary>OpsBot's AWS adapter (AddAws, as the host registers it) on the emulator with credentials test/test and the world's clock.</summary>
    /// <param name="secret">The secret OpsBot signs with.</param>
    /// <param name="handler">A handler put in front of OpsBot's HTTP client (to act between its calls).</param>
    public IServiceProvider OpsBot(string secret = "test", Func<DelegatingHandler>? handler = null)
    {
        var shared = secret == "test" && handler is null;
        if (_opsBot is not null && shared)
            return _opsBot;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpsBot:Aws:ServiceUrl"] = BaseUrl.ToString(),
            ["OpsBot:Aws:Region"] = "us-east-1",
            ["OpsBot:Aws:AccessKeyId"] = "test",
            ["OpsBot:Aws:SecretAccessKey"] = secret,
            // Retries wait on the (fake) clock, which only the test moves: one attempt, and an error shows at once.
            ["OpsBot:Aws:MaxAttempts"] = "1",
        }).Build();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(Time).AddLogging();
        services.AddAws(configuration);
        if (handler is not null)
            services.AddHttpClient(OpsBotHttpClient).AddHttpMessageHandler(handler);
        var provider = services.BuildServiceProvider();
        if (shared)
            _opsBot = provider;
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        if (_opsBot is not null)
            await _opsBot.DisposeAsync();
        await _sandbox.StopAsync();
        await _sandbox.DisposeAsync();
        await Influx.DisposeAsync();
        await _emulator.StopAsync();
        await _emulator.DisposeAsync();
    }
}
