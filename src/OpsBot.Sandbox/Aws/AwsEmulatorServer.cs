using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Sandbox.Aws.Sns;

namespace OpsBot.Sandbox.Aws;

/// <summary>The AWS-compatible endpoint on <c>http://127.0.0.1:&lt;port&gt;</c> (port 0: any free port).</summary>
public sealed class AwsEmulatorServer : IAsyncDisposable
{
    private readonly int _port;
    private readonly Action<AwsEmulatorOptions>? _configure;
    private readonly TimeProvider? _time;
    private WebApplication? _app;
    private AwsWorlds? _worlds;

    /// <summary>A server; start it with <see cref="StartAsync"/>.</summary>
    /// <param name="port">The port on 127.0.0.1; 0 for any free one.</param>
    /// <param name="configure">Credentials, region, pace.</param>
    /// <param name="time">The clock of the simulated world (the system clock when null).</param>
    public AwsEmulatorServer(int port = 0, Action<AwsEmulatorOptions>? configure = null, TimeProvider? time = null)
    {
        _port = port;
        _configure = configure;
        _time = time;
    }

    /// <summary>The endpoint's address, <c>http://127.0.0.1:&lt;port&gt;/</c>, once started.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The first region's world's services (for the sandbox's own endpoints and for tests).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("Start the server first.");

    /// <summary>
    /// SNS's HTTPS host (signing certificate, SubscribeURLs), shared by every world; <see cref="SnsPublicHost.StartAsync"/>
    /// before reading its address or TLS thumbprint.
    /// </summary>
    public SnsPublicHost SnsHost => Services.GetRequiredService<SnsPublicHost>();

    /// <summary>Every region's world (<see cref="AwsEmulatorOptions.OtherRegions"/>).</summary>
    public AwsWorlds Worlds => _worlds ?? throw new InvalidOperationException("Start the server first.");

    /// <summary>Starts listening and moving the simulated world.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = LoopbackApp.CreateBuilder(_port);
        if (_time is not null)
            builder.Services.AddSingleton(_time);
        builder.Services.AddAwsEmulator(_configure);
        var options = new AwsEmulatorOptions();
        _configure?.Invoke(options);
        _worlds = new AwsWorlds(options.Region);
        builder.Services.AddSingleton(_worlds);
        var app = builder.Build();
        await _worlds.StartAsync(app.Services, [.. options.OtherRegions], _configure, cancellationToken);
        app.MapAwsEmulator();
        await app.StartAsync(cancellationToken);
        _app = app;
        BaseUrl = app.BaseUrl();
    }

    /// <summary>Stops the endpoint.</summary>
    public async ValueTask DisposeAsync()
    {
        // The other worlds first: they use the first world's SNS host until they stop.
        if (_worlds is not null)
            await _worlds.DisposeAsync();
        _worlds = null;
        _app = await LoopbackApp.StopAsync(_app);
    }
}
