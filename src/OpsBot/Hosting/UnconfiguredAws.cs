using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Hosting;

/// <summary>
/// Until the AWS adapter is registered, the AWS ports answer with an error that says so. Nothing pretends to have
/// read or changed an alias: a deployment cannot start, and the runner (which has nothing to run) stays idle.
/// </summary>
internal sealed class UnconfiguredAws : ITrafficRouter, IFunctionVersions, IMetricsSource, IAlarmSource
{
    private const string Message = "No AWS adapter is configured in this build of OpsBot, so Lambda, CloudWatch and CodeDeploy cannot be reached.";

    public Task<AliasTraffic> ReadAsync(FunctionTarget target, CancellationToken cancellationToken) => throw Unavailable();

    public Task<AliasTraffic> RouteAsync(FunctionTarget target, AliasRoute route, string expectedRevisionId, CancellationToken cancellationToken) => throw Unavailable();

    public Task<IReadOnlyList<string>> ListAsync(FunctionTarget target, CancellationToken cancellationToken) => throw Unavailable();

    public Task<string> PublishAsync(FunctionTarget target, string description, CancellationToken cancellationToken) => throw Unavailable();

    public Task<IReadOnlyList<MetricSeries>> ReadAsync(IReadOnlyList<MetricQuery> queries, CancellationToken cancellationToken) => throw Unavailable();

    public Task<IReadOnlyDictionary<AlarmQuery, AlarmStatus>> GetAsync(IReadOnlyCollection<AlarmQuery> alarms, CancellationToken cancellationToken) => throw Unavailable();

    private static InvalidOperationException Unavailable() => new(Message);
}

internal static class UnconfiguredAwsRegistration
{
    public static IServiceCollection AddUnconfiguredAws(this IServiceCollection services)
    {
        services.TryAddSingleton<UnconfiguredAws>();
        services.TryAddSingleton<ITrafficRouter>(sp => sp.GetRequiredService<UnconfiguredAws>());
        services.TryAddSingleton<IFunctionVersions>(sp => sp.GetRequiredService<UnconfiguredAws>());
        services.TryAddSingleton<IMetricsSource>(sp => sp.GetRequiredService<UnconfiguredAws>());
        services.TryAddSingleton<IAlarmSource>(sp => sp.GetRequiredService<UnconfiguredAws>());
        return services;
    }
}
