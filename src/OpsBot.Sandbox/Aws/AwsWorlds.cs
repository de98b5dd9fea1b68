using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpsBot.Sandbox.Aws.Sns;

namespace OpsBot.Sandbox.Aws;

/// <summary>
/// The endpoint's worlds, one per region: the first is the endpoint's own services, each of
/// <see cref="AwsEmulatorOptions.OtherRegions"/> a service provider of its own, with its own clockwork, built from the
/// same registration with only the region changed. Nothing is shared between two worlds but the clock, the logs and
/// SNS's public host (<see cref="SnsPublicHost"/>: its signing certificate, and the SubscribeURLs it routes by region).
/// </summary>
public sealed class AwsWorlds : IAsyncDisposable
{
    private readonly Dictionary<string, IServiceProvider> _worlds = new(StringComparer.Ordinal);
    private readonly List<ServiceProvider> _owned = [];
    private readonly string _first;

    /// <summary>Worlds whose first region is <paramref name="first"/>; <see cref="StartAsync"/> fills them in.</summary>
    internal AwsWorlds(string first) => _first = first;

    /// <summary>The regions with a world, the first one first.</summary>
    public IReadOnlyList<string> Regions => [_first, .. _worlds.Keys.Where(r => r != _first)];

    /// <summary>The services of <paramref name="region"/>'s world; with one world, that world for any region; else null.</summary>
    /// <param name="region">The region a request is signed for, or a caller names.</param>
    public IServiceProvider? For(string? region) =>
        _worlds.Count == 1 ? _worlds[_first] : region is not null && _worlds.TryGetValue(region, out var world) ? world : null;

    /// <summary>Takes <paramref name="first"/> as the first region's world, and builds and starts one for each of <paramref name="otherRegions"/>.</summary>
    internal async Task StartAsync(IServiceProvider first, IReadOnlyList<string> otherRegions,
        Action<AwsEmulatorOptions>? configure, CancellationToken cancellationToken)
    {
        _worlds[_first] = first;
        foreach (var region in otherRegions.Where(r => r != _first).Distinct(StringComparer.Ordinal))
        {
            var services = new ServiceCollection();
            services.AddSingleton(first.GetRequiredService<TimeProvider>());
            services.AddSingleton(first.GetRequiredService<ILoggerFactory>());
            services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
            // One HTTPS host for SNS's certificate and SubscribeURLs, whichever world a message comes from.
            services.AddSingleton(first.GetRequiredService<SnsPublicHost>());
            services.AddAwsEmulator(o =>
            {
                configure?.Invoke(o);
                o.Region = region;
                o.OtherRegions.Clear();
            });
            var provider = services.BuildServiceProvider();
            _owned.Add(provider);
            _worlds[region] = provider;
            foreach (var hosted in provider.GetServices<IHostedService>())
                await hosted.StartAsync(cancellationToken);
        }
    }

    /// <summary>Stops and disposes the worlds this built (the first belongs to the endpoint's app).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _owned)
        {
            foreach (var hosted in provider.GetServices<IHostedService>())
                await hosted.StopAsync(CancellationToken.None);
            await provider.DisposeAsync();
        }
        _owned.Clear();
    }
}
