using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsBot.Core.Ports;
using OpsBot.Probes.Http;
using OpsBot.Probes.Influx;

namespace OpsBot.Probes;

public static class ProbesServiceCollectionExtensions
{
    /// <summary>
    /// The probe adapters: <c>influxdb</c> and <c>http</c> as <see cref="IHealthProbe"/>s, each over its own named
    /// HttpClient. Which probes run, and with what settings, is configuration Core reads
    /// (<c>OpsBot:Environments:&lt;env&gt;:Probes:&lt;name&gt;</c>); the options validator asks each adapter to check its own.
    /// </summary>
    public static IServiceCollection AddProbes(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        AddClient(services, InfluxHealthProbe.HttpClientName);
        AddClient(services, HttpHealthProbe.HttpClientName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthProbe, InfluxHealthProbe>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthProbe, HttpHealthProbe>());
        return services;
    }

    // No redirects (a probe's headers must not follow one to another host), certificates checked by the platform,
    // the probe's own deadline instead of HttpClient's, and header values kept out of the client's logs.
    private static void AddClient(IServiceCollection services, string name) =>
        services.AddHttpClient(name)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .RedactLoggedHeaders(_ => true);
}
