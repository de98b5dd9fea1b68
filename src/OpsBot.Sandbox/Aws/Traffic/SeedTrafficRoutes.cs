namespace OpsBot.Sandbox.Aws.Traffic;

/// <summary>
/// The routes of the seed, every function's alias on its live version, for when no Lambda emulator registers its own
/// <see cref="ITrafficRoutes"/> (it does, before this is tried): the traffic then still flows.
/// </summary>
internal sealed class SeedTrafficRoutes : ITrafficRoutes
{
    private static readonly IReadOnlyList<AliasRoute> Seeded =
        [.. SandboxSeed.Functions.Select(f => new AliasRoute(f, SandboxSeed.Alias, [(SandboxSeed.LiveVersion, 1.0)]))];

    public IReadOnlyList<AliasRoute> Routes() => Seeded;
}
