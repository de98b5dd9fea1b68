using OpsBot.Sandbox.Aws;

namespace OpsBot.Sandbox.Tests.Aws;

/// <summary>The tests' stand-in for the Lambda emulator's routes: every seed function's alias on version 4 until a test moves one.</summary>
internal sealed class TestRoutes : ITrafficRoutes
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, AliasRoute> _routes = SandboxSeed.Functions.ToDictionary(
        f => f, f => new AliasRoute(f, SandboxSeed.Alias, [(SandboxSeed.LiveVersion, 1.0)]), StringComparer.Ordinal);

    /// <summary>Sends <paramref name="share"/> of the function's traffic to <paramref name="canary"/>, the rest to version 4.</summary>
    public void Canary(string function, string canary, double share)
    {
        lock (_lock)
            _routes[function] = new AliasRoute(function, SandboxSeed.Alias, [(SandboxSeed.LiveVersion, 1 - share), (canary, share)]);
    }

    public IReadOnlyList<AliasRoute> Routes()
    {
        lock (_lock)
            return [.. _routes.Values];
    }
}
