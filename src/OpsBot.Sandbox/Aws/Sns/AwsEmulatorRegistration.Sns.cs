using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsBot.Sandbox.Aws.Shared;
using OpsBot.Sandbox.Aws.Sns;

namespace OpsBot.Sandbox.Aws;

public static partial class AwsEmulatorRegistration
{
    /// <summary>
    /// The SNS world (topics, pages, subscriptions), what CloudWatch's alarm actions publish to (<see cref="ITopicPublisher"/>),
    /// its deliveries to HTTP/HTTPS endpoints and their log, its public view for the sandbox (<see cref="SandboxPages"/>),
    /// its emulator, and the HTTPS host of its certificate and SubscribeURLs (<see cref="SnsPublicHost"/>), one for all
    /// worlds: a world built by <see cref="AwsWorlds"/> is given the first world's.
    /// </summary>
    static partial void AddSns(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new SnsPublicHost(sp));
        services.AddSingleton(sp => new SnsDeliveryLog(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SnsDeliveries>();
        services.AddHostedService(sp => sp.GetRequiredService<SnsDeliveries>());
        services.AddSingleton<SnsWorld>();
        services.AddSingleton<ITopicPublisher>(sp => sp.GetRequiredService<SnsWorld>());
        services.AddSingleton(sp => new SandboxPages(sp.GetRequiredService<SnsWorld>()));
        services.AddSingleton<IAwsServiceEmulator, SnsEmulator>();
    }
}
