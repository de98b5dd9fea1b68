using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpsBot.Core.Access;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Health;
using OpsBot.Core.Notifications;
using OpsBot.Core.Ports;
using OpsBot.Core.Runner;
using OpsBot.Core.UseCases;

namespace OpsBot.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// The use cases, the access policy and the deployment runner (a hosted service). The ports are registered by the
    /// adapters; the <c>OpsBot</c> options are bound by the host and validated by <see cref="OpsBotOptionsValidator"/>.
    /// </summary>
    public static IServiceCollection AddOpsBotCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IValidateOptions<OpsBotOptions>, OpsBotOptionsValidator>();
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton<EnvironmentResolver>();
        services.AddSingleton<DeploymentLocks>();
        services.AddSingleton<RequestGuard>();
        services.AddSingleton<DeploymentCommands>();
        services.AddSingleton<FlagCommands>();
        services.AddSingleton<HealthCommands>();
        services.AddSingleton<IncidentCommands>();
        services.AddSingleton<AlarmIntake>();
        services.AddSingleton<Alarms.IAlarmIntake>(sp => sp.GetRequiredService<AlarmIntake>());
        services.AddSingleton<UseCases.ChatCommandHandler>();
        services.AddSingleton<UseCases.CardViews>();
        services.AddSingleton<ProbeRunner>();
        services.AddSingleton<HealthReader>();
        services.AddSingleton<IncidentReconciler>();
        services.AddSingleton<DeploymentReconciler>();
        services.AddSingleton<FlagChangeReconciler>();
        services.AddSingleton<FlagFollowUps>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<RetentionPurger>();
        services.AddSingleton<DeploymentRunner>();
        services.AddSingleton<IDeploymentSignal>(sp => sp.GetRequiredService<DeploymentRunner>());
        services.AddHostedService(sp => sp.GetRequiredService<DeploymentRunner>());
        return services;
    }
}
