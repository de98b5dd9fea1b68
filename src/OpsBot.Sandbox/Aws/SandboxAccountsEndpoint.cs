using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OpsBot.Sandbox.Aws;

/// <summary>
/// <c>GET /sandbox/accounts</c>: how to read each environment's world with the official AWS CLI or SDKs —
/// <c>{"endpointUrl": ..., "environments": {"prod": {"accountId", "region", "accessKeyId", "secretAccessKey", "endpointUrl", "cli",
/// "influxdb": {"url", "org", "bucket", "token", "version"}}}}</c> (<c>influxdb</c>: the environment's InfluxDB stand-in, where it has one).
/// </summary>
public static class SandboxAccountsEndpoint
{
    /// <summary>The path of the accounts resource.</summary>
    public const string Path = "/sandbox/accounts";

    /// <summary>Maps <c>GET /sandbox/accounts</c>.</summary>
    /// <param name="app">Where to map it (the sandbox's main app).</param>
    /// <param name="endpoint">The AWS-compatible endpoint every world is reached at.</param>
    /// <param name="environments">The environments.</param>
    public static IEndpointRouteBuilder MapSandboxAccounts(this IEndpointRouteBuilder app, Uri endpoint, IReadOnlyList<SandboxEnvironment> environments)
    {
        var body = new JsonObject
        {
            ["endpointUrl"] = endpoint.ToString(),
            ["environments"] = new JsonObject(environments.Select(e => KeyValuePair.Create(e.Name, (JsonNode?)new JsonObject
            {
                ["accountId"] = e.AccountId,
                ["region"] = e.Region,
                ["accessKeyId"] = e.AccessKeyId,
                ["secretAccessKey"] = e.SecretAccessKey,
                ["endpointUrl"] = endpoint.ToString(),
                ["cli"] = Cli(endpoint, e) + $" lambda get-alias --function-name {SandboxSeed.Functions[0]} --name {SandboxSeed.Alias}",
                ["influxdb"] = e.InfluxDb is { } influx ? new JsonObject
                {
                    ["url"] = influx.BaseUrl.ToString(),
                    ["org"] = influx.Options.Org,
                    ["bucket"] = influx.Options.Buckets[0],
                    ["token"] = influx.Options.Token,
                    ["version"] = influx.Options.Version,
                } : null,
            }))),
        }.ToJsonString();
        app.MapGet(Path, () => Results.Text(body, "application/json"));
        return app;
    }

    /// <summary>The AWS CLI's prefix for reading <paramref name="environment"/>'s world.</summary>
    public static string Cli(Uri endpoint, SandboxEnvironment environment) =>
        $"AWS_ACCESS_KEY_ID={environment.AccessKeyId} AWS_SECRET_ACCESS_KEY={environment.SecretAccessKey} aws --endpoint-url {endpoint.ToString().TrimEnd('/')} --region {environment.Region}";
}
