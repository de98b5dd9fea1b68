using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpsBot.Core.Configuration;
using OpsBot.Core.Runner;
using OpsBot.Storage;

namespace OpsBot.Hosting;

/// <summary>
/// <c>/healthz</c>: the process answers. <c>/readyz</c>: the store can be read and written, and the runner has resumed
/// and polls. Reasons are generic (what failed and when); the exception itself is in the log, not on an open endpoint.
/// What the configuration lacks for the bot to be of use (no chat platform, no AWS region) makes it
/// <c>Degraded</c>: still 200, since the process works and a restart would not help, with the lines in
/// <c>warnings</c> so that whoever looks sees why nobody can use it.
/// </summary>
public static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddOpsBotHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StorageCheck>("storage", tags: [Ready])
            .AddCheck<RunnerCheck>("runner", tags: [Ready])
            .AddCheck<ConfigurationCheck>("configuration", tags: [Ready]);
        services.AddSingleton(sp => ConfigurationWarnings.From(sp.GetRequiredService<IConfiguration>()));
        return services;
    }

    public static WebApplication MapOpsBotHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
            warnings = context.RequestServices.GetRequiredService<ConfigurationWarnings>().Lines,
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    private sealed class StorageCheck(IStorageHealth storage) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (!await storage.CanConnectAsync(cancellationToken))
                return HealthCheckResult.Unhealthy("store unreachable; see the log");
            return await storage.CanWriteAsync(cancellationToken)
                ? HealthCheckResult.Healthy("store readable and writable")
                : HealthCheckResult.Unhealthy("store cannot be written (disk full or read-only?); see the log");
        }
    }

    private sealed class RunnerCheck(DeploymentRunner runner, IOptionsMonitor<OpsBotOptions> options, TimeProvider time) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var poll = options.CurrentValue.Runner.PollInterval;
            var result = runner.LastCycleAt switch
            {
                null => HealthCheckResult.Unhealthy(runner.LastCycleFailedAt is { } failed
                    ? $"first poll failed at {failed:O}; see the log"
                    : "has not resumed the stored deployments yet"),
                { } at when time.GetUtcNow() - at > poll * 3 => HealthCheckResult.Unhealthy(
                    $"no poll completed since {at:O}{(runner.LastCycleFailedAt is { } failed ? $"; last poll failed at {failed:O}; see the log" : "")}"),
                { } at => HealthCheckResult.Healthy($"last poll {at:O}, {runner.Cycles} polls"),
            };
            return Task.FromResult(result);
        }
    }

    private sealed class ConfigurationCheck(ConfigurationWarnings warnings) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(warnings.Lines.Count == 0
                ? HealthCheckResult.Healthy("a chat platform and an AWS region are configured")
                : HealthCheckResult.Degraded(string.Join(" ", warnings.Lines)));
    }
}
