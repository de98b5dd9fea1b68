using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Core.Ports;

namespace OpsBot.Probes.Tests.Support;

/// <summary>The probes as the host registers them (<c>AddProbes</c>), on a fake clock, with every log line captured.</summary>
internal sealed class ProbeHost : IDisposable
{
    private readonly ServiceProvider _services;

    public ProbeHost(TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time ?? Time);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddProbes();
        _services = services.BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));

    public CapturedLogs Logs { get; } = new();

    public IHealthProbe Probe(string type) => _services.GetServices<IHealthProbe>().Single(p => p.Type == type);

    public Task<ProbeResult> CheckAsync(string type, ProbeOptions options, string name = "probe") =>
        Probe(type).CheckAsync(new ProbeRequest("prod", name, options), CancellationToken.None);

    public void Dispose() => _services.Dispose();
}
