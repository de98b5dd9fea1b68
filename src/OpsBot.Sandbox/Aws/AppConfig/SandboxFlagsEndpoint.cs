using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OpsBot.Sandbox.Aws.AppConfig;

/// <summary>
/// <c>GET /sandbox/flags</c>: the feature flags of each environment as its world's AppConfig has them deployed (the
/// seed's application and flag profile), and the deployment of them in progress, for the console's Flags panel —
/// <c>{"environments": {"prod": {"deployedVersion": 1, "flags": [{"name", "enabled", "description"}],
/// "deployment": null | {"number", "state", "percentageComplete", "version", "description"}}}}</c>. Read-only;
/// everything is read from the emulator at each request.
/// </summary>
public static class SandboxFlagsEndpoint
{
    /// <summary>The path of the flags resource.</summary>
    public const string Path = "/sandbox/flags";

    /// <summary>Maps <c>GET /sandbox/flags</c> over every environment's world.</summary>
    /// <param name="app">Where to map it (the sandbox's main app, beside the console).</param>
    /// <param name="environments">The environments, each with its world.</param>
    public static IEndpointRouteBuilder MapSandboxFlags(this IEndpointRouteBuilder app, IReadOnlyList<SandboxEnvironment> environments)
    {
        app.MapGet(Path, () => Results.Text(Read(environments).ToJsonString(), "application/json"));
        return app;
    }

    private static JsonObject Read(IReadOnlyList<SandboxEnvironment> environments) => new()
    {
        ["environments"] = new JsonObject(environments.Select(e => KeyValuePair.Create(e.Name, (JsonNode?)Environment(e)))),
    };

    private static JsonObject Environment(SandboxEnvironment environment)
    {
        var profile = environment.World.GetRequiredService<AppConfigWorld>()
            .DeployedProfile(SandboxSeed.AppConfigApplication, environment.Name, SandboxSeed.FlagProfile);
        var deployment = profile?.InProgress;
        return new JsonObject
        {
            ["deployedVersion"] = profile?.Version,
            ["flags"] = Flags(profile?.Content),
            ["deployment"] = deployment is null ? null : new JsonObject
            {
                ["number"] = deployment.Number,
                ["state"] = deployment.State,
                ["percentageComplete"] = deployment.PercentageComplete,
                ["version"] = deployment.Version,
                ["description"] = deployment.Description,
            },
        };
    }

    /// <summary>The flags of an AWS.AppConfig.FeatureFlags document, in its order: key, whether on, description.</summary>
    private static JsonArray Flags(byte[]? content)
    {
        JsonObject? document = null;
        try
        {
            document = content is null ? null : JsonNode.Parse(content) as JsonObject;
        }
        catch (JsonException)
        {
            // Not a flags document (the emulator validates them, so only a freeform profile could hold one): no flags.
        }
        if (document?["flags"] is not JsonObject flags)
            return [];
        var values = document["values"] as JsonObject;
        return new JsonArray([.. flags.Select(f => (JsonNode)new JsonObject
        {
            ["name"] = f.Key,
            ["enabled"] = values?[f.Key]?["enabled"] is JsonValue v && v.TryGetValue<bool>(out var on) && on,
            ["description"] = f.Value?["description"]?.DeepClone(),
        })]);
    }
}
