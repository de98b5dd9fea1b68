using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpsBot.Sns.Delivery;
using OpsBot.Sns.Inbound;
using OpsBot.Sns.Verification;

namespace OpsBot.Sns;

/// <summary>The SNS adapter's whole public surface: <see cref="AddSns"/> and <see cref="MapSns"/>.</summary>
public static class SnsExtensions
{
    /// <summary>
    /// Registers the SNS subscription endpoint's machinery from <c>OpsBot:Sns</c> (validated at start). It hands
    /// verified alarms to Core's <see cref="Core.Alarms.IAlarmIntake"/>, which the composition registers, and records
    /// MessageIds in Core's <see cref="Core.Ports.IIdempotencyStore"/>.
    /// </summary>
    public static IServiceCollection AddSns(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SnsOptions.Section);
        services.AddOptions<SnsOptions>().Bind(section).Configure(o =>
        {
            // The binder appends configured list items to the defaults; a configured host list replaces them instead.
            if (section.GetSection(nameof(SnsOptions.CertificateHosts)).Exists())
                o.CertificateHosts = [.. section.GetSection(nameof(SnsOptions.CertificateHosts)).GetChildren().Select(c => c.Value ?? "")];
        }).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SnsOptions>, SnsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<SnsTlsPolicy>();
        services.AddHttpClient(SigningCertificateCache.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                SslOptions = { RemoteCertificateValidationCallback = sp.GetRequiredService<SnsTlsPolicy>().Validate },
            })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan); // each call has its own FetchTimeout
        services.AddSingleton<SnsUrlPolicy>();
        services.AddSingleton<SigningCertificateCache>();
        services.AddSingleton<SnsMessageVerifier>();
        services.AddSingleton<SnsMessageOnce>();
        services.AddSingleton<SubscriptionConfirmer>();
        services.AddSingleton<SnsAlarmEndpoint>();
        return services;
    }

    /// <summary>
    /// Maps <c>POST /sns/alarms</c>, the URL to subscribe (HTTPS, raw message delivery off) to each environment's alarm
    /// topics. See docs/sns.md for what it answers and why.
    /// </summary>
    public static IEndpointRouteBuilder MapSns(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/sns").WithTags("SNS")
            .MapPost("/alarms", SnsAlarmEndpoint.Handle).WithName("SnsAlarms");
        return endpoints;
    }
}
