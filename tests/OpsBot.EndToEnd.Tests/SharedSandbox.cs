using OpsBot.Hosting;

namespace OpsBot.EndToEnd.Tests;

/// <summary>
/// One sandbox for the scenarios that run side by side on different functions (test classes run in parallel), started
/// on free ports by the first scenario that needs it and stopped when the test run ends.
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
