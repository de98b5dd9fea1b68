using OpsBot.Hosting;

namespace OpsBot.EndToEnd.Tests;

/// <summary>
/// One sandbox for the scenarios that run side by side on different functions (test classes run in parallel), started
/// on free ports by the first scenario that needs it and stopped when the test run ends. dev and prod are separate
/// worlds, so each function has two slots: prod lambda_router (the promoted canary), rag_query_processor (the refused
/// rollback), timeseries_query_processor (the confirmed rollback) and structured_data_processor (the tour); dev lambda_router (linear), rag_query_processor (the faulty
/// version), influxdb_loader (codedeploy), timeseries_query_processor (restart, forged requests) and
/// structured_data_processor (the tour's dev canary); prod influxdb_loader (InfluxDB, the DLQ, then the incident flow).
/// No slot is free: a new scenario shares one by running after another in the same test. /health only reads.
/// </summary>
public static class SharedSandbox
{
    private static readonly Lazy<Task<SandboxApp>> Started = new(async () =>
    {
        var sandbox = await SandboxApp.StartAsync(new SandboxSettings { Port = 0, AwsPort = 0 });
        AppDomain.CurrentDomain.ProcessExit += (_, _) => sandbox.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return sandbox;
    });

    public static async Task<SandboxSession> SessionAsync() => new(await Started.Value);
}
