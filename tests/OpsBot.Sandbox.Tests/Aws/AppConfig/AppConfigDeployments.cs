using System.Text;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Tests.Aws.AppConfig;

/// <summary>One environment's AppConfig deployments over the wire, signed by <see cref="RawAws"/>: start, read, stop.</summary>
internal sealed class AppConfigDeployments(RawAws aws, string application, string environment)
{
    private string Path => $"/applications/{application}/environments/{environment}/deployments";

    public Task<RawResponse> StartAsync(string profile, string version, string strategy) =>
        aws.AppConfigAsync(HttpMethod.Post, Path, Encoding.UTF8.GetBytes(new JsonObject
        {
            ["DeploymentStrategyId"] = strategy,
            ["ConfigurationProfileId"] = profile,
            ["ConfigurationVersion"] = version,
        }.ToJsonString()), new Dictionary<string, string> { ["Content-Type"] = "application/json" });

    public Task<RawResponse> GetAsync(int number) => aws.AppConfigAsync(HttpMethod.Get, $"{Path}/{number}");

    /// <summary>StopDeployment; <paramref name="allowRevert"/> true sends <c>Allow-Revert: true</c>, else no header.</summary>
    public Task<RawResponse> StopAsync(int number, bool allowRevert = false) =>
        aws.AppConfigAsync(HttpMethod.Delete, $"{Path}/{number}", null,
            allowRevert ? new Dictionary<string, string> { ["Allow-Revert"] = "true" } : null);

    public async Task<string> StateAsync(int number) => State((await GetAsync(number)).Json);

    public static string State(JsonObject deployment) => deployment["State"]!.GetValue<string>();

    public static int Number(JsonObject deployment) => deployment["DeploymentNumber"]!.GetValue<int>();

    /// <summary>The event log as AppConfig gives it (newest first): type and who triggered it.</summary>
    public static IReadOnlyList<(string Type, string By)> Events(JsonObject deployment) =>
        [.. deployment["EventLog"]!.AsArray().Select(e => (e!["EventType"]!.GetValue<string>(), e["TriggeredBy"]!.GetValue<string>()))];

    public static string Message(RawResponse response) => response.Json["Message"]!.GetValue<string>();
}
