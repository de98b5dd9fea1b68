using Microsoft.Extensions.DependencyInjection;
using OpsBot.Sandbox.Aws.Logs;
using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws;

public static partial class AwsEmulatorRegistration
{
    /// <summary>CloudWatch Logs: the functions' log groups (where the traffic's failed invocations leave their error lines), the Insights queries and the service.</summary>
    static partial void AddLogs(IServiceCollection services)
    {
        services.AddSingleton<LogsWorld>();
        services.AddSingleton<ILambdaLogSink>(sp => sp.GetRequiredService<LogsWorld>());
        services.AddSingleton<LogsQueries>();
        services.AddSingleton<StartQueryOperation>();
        services.AddSingleton<QueryResultsOperations>();
        services.AddSingleton<IAwsServiceEmulator, LogsEmulator>();
    }
}
