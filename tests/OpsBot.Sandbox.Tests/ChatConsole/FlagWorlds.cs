using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Sandbox.Aws;
using OpsBot.Sandbox.Aws.AppConfig;

namespace OpsBot.Sandbox.Tests.ChatConsole;

/// <summary>
/// Dev's and prod's worlds of the AWS emulator for the console's <c>GET /sandbox/flags</c>, built from the emulator's
/// registration without an endpoint or clockwork: nothing moves unless a test moves the fake clock and calls
/// <see cref="Advance"/>. A strategy minute lasts 10 s.
/// </summary>
internal sealed class FlagWorlds : IAsyncDisposable
{
    private readonly Dictionary<string, ServiceProvider> _worlds = new(StringComparer.Ordinal);

    public FlagWorlds()
    {
        foreach (var (name, region) in new[] { ("dev", "us-west-2"), ("prod", "us-east-1") })
        {
            var services = new ServiceCollection().AddSingleton<TimeProvider>(Time).AddLogging();
            services.AddAwsEmulator(o =>
            {
                o.Region = region;
                o.MinuteLength = TimeSpan.FromSeconds(10);
            });
            _worlds[name] = services.BuildServiceProvider();
            Environments.Add(new SandboxEnvironment(name, region, "000000000000", "test", "test", _worlds[name]));
        }
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));

    /// <summary>dev, then prod (as the sandbox lists them).</summary>
    public List<SandboxEnvironment> Environments { get; } = [];

    public AppConfigWorld AppConfig(string environment) => _worlds[environment].GetRequiredService<AppConfigWorld>();

    /// <summary>Starts deploying a new version of the flags to <paramref name="environment"/>, with the named flags on.</summary>
    public void StartChange(string environment, string strategy, string description, params string[] on)
    {
        var world = AppConfig(environment);
        var ids = world.Ids(SandboxSeed.AppConfigApplication);
        var profile = ids.Profiles[SandboxSeed.FlagProfile];
        var document = System.Text.Json.Nodes.JsonNode.Parse(AppConfigSeed.FlagsDocument())!;
        foreach (var flag in on)
            document["values"]![flag]!["enabled"] = true;
        var version = world.CreateHostedConfigurationVersion(ids.Application, profile, System.Text.Encoding.UTF8.GetBytes(document.ToJsonString()),
            "application/json", description, null, null);
        var strategyId = world.Strategies.Single(s => s.Name == strategy).Id;
        world.StartDeployment(ids.Application, ids.Environments[environment], strategyId, profile, version.VersionNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
            description, null);
    }

    /// <summary>Moves the fake clock on by <paramref name="span"/> and every world's AppConfig deployments with it.</summary>
    public void Advance(TimeSpan span)
    {
        Time.Advance(span);
        foreach (var world in _worlds.Keys)
            AppConfig(world).Advance(Time.GetUtcNow());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var world in _worlds.Values)
            await world.DisposeAsync();
    }
}
