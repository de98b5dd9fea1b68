using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace OpsBot.Sandbox.Influx;

/// <summary>How the stand-in behaves now.</summary>
public enum InfluxState
{
    /// <summary>Listening and answering at once.</summary>
    Up,

    /// <summary>Listening, but every answer waits <see cref="InfluxStandIn.LatencyMs"/> first.</summary>
    Slow,

    /// <summary>Not listening: a connection is refused, as when the server is stopped.</summary>
    Down,
}

/// <summary>
/// A stand-in for an InfluxDB 2.x server on <c>http://127.0.0.1:&lt;port&gt;</c> (port 0: any free one), serving what
/// InfluxDB.Client uses (<see cref="InfluxEndpoints"/>), with faults: <see cref="GoDownAsync">down</see> closes the
/// listener (connection refused, not an error status), <see cref="ComeUpAsync">up</see> reopens it on the same port,
/// <see cref="SlowDownAsync">slow</see> delays every answer by wall-clock milliseconds. Its data outlives a down and up.
/// </summary>
public sealed class InfluxStandIn : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time;
    private int _port;
    private WebApplication? _app;
    private volatile int _latencyMs;

    /// <summary>A stand-in; start it with <see cref="StartAsync"/>.</summary>
    /// <param name="port">The port on 127.0.0.1; 0 for any free one (kept when it goes down and comes up again).</param>
    /// <param name="configure">Organization, buckets, token, version.</param>
    /// <param name="time">The clock of points written without a time and of <c>now()</c> in queries (the system clock when null).</param>
    public InfluxStandIn(int port = 0, Action<InfluxStandInOptions>? configure = null, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        _port = port;
        _time = time ?? TimeProvider.System;
        Options = new InfluxStandInOptions();
        configure?.Invoke(Options);
        Store = new InfluxStore(Options.Buckets, Options.MaxPointsPerSeries);
    }

    /// <summary>What it serves: organization, buckets, token, version.</summary>
    public InfluxStandInOptions Options { get; }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;/</c>, once started; the same while it is down.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Up, slow or down.</summary>
    public InfluxState State => _app is null ? InfluxState.Down : _latencyMs > 0 ? InfluxState.Slow : InfluxState.Up;

    /// <summary>How long each answer waits while <see cref="InfluxState.Slow"/>, in wall-clock milliseconds; 0 otherwise.</summary>
    public int LatencyMs => _latencyMs;

    internal InfluxStore Store { get; }

    internal long Now() => FluxNumbers.Nanoseconds(_time.GetUtcNow());

    /// <summary>Starts listening.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_app is not null)
                throw new InvalidOperationException("The InfluxDB stand-in is already started.");
            await ListenAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the listener: connections are refused until <see cref="ComeUpAsync"/> (or <see cref="SlowDownAsync"/>).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task GoDownAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _latencyMs = 0;
            await CloseAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Listens again on the same port, answering at once.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    public Task ComeUpAsync(CancellationToken cancellationToken = default) => SlowDownAsync(0, cancellationToken);

    /// <summary>Listens (again, on the same port, if it was down) and delays every answer by <paramref name="latencyMs"/> (0: none).</summary>
    /// <param name="latencyMs">Wall-clock milliseconds each answer waits.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public async Task SlowDownAsync(int latencyMs, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(latencyMs);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _latencyMs = latencyMs;
            if (_app is null)
                await ListenAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops listening for good.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await CloseAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var builder = LoopbackApp.CreateBuilder(_port);
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = StopTimeout);
        var app = builder.Build();
        app.MapInflux(this);
        await app.StartAsync(cancellationToken);
        _app = app;
        BaseUrl = app.BaseUrl();
        _port = BaseUrl.Port;
    }

    private async Task CloseAsync()
    {
        if (_app is null)
            return;
        // Requests held by a latency are cut short rather than awaited: a stopped server does not finish its answers.
        using var stop = new CancellationTokenSource(StopTimeout);
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
        _app = null;
    }
}
