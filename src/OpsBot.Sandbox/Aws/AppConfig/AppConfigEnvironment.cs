using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.AppConfig;

/// <summary>
/// An environment: its state (READY_FOR_DEPLOYMENT, DEPLOYING, ROLLING_BACK, ROLLED_BACK, REVERTED), its monitors, its
/// deployments, numbered from 1, and which version of each profile is deployed to it (changed under the world's lock).
/// </summary>
internal sealed class AppConfigEnvironment(string applicationId, string id, string name, string? description)
{
    /// <summary>Deployments kept per environment; beyond it the oldest finished ones are forgotten.</summary>
    public const int MaxDeployments = 500;

    public string ApplicationId { get; } = applicationId;

    public string Id { get; } = id;

    public string Name { get; } = name;

    public string? Description { get; } = description;

    public string State { get; set; } = "READY_FOR_DEPLOYMENT";

    /// <summary>Oldest first.</summary>
    public List<AppConfigDeployment> Deployments { get; } = [];

    public int LatestDeploymentNumber { get; set; }

    /// <summary>The alarms watched while a deployment is in progress.</summary>
    public List<EnvironmentMonitor> Monitors { get; } = [];

    /// <summary>The version deployed to the environment, per configuration profile id.</summary>
    public Dictionary<string, string> Deployed { get; } = new(StringComparer.Ordinal);

    public AppConfigDeployment? Active => Deployments.FirstOrDefault(d => d.IsActive);

    public JsonObject ToJson() => new()
    {
        ["ApplicationId"] = ApplicationId,
        ["Id"] = Id,
        ["Name"] = Name,
        ["Description"] = Description,
        ["State"] = State,
        ["Monitors"] = new JsonArray([.. Monitors.Select(m => (JsonNode)m.ToJson())]),
    };

    /// <summary>Adds a deployment, forgetting the oldest finished one when there are too many.</summary>
    public void Add(AppConfigDeployment deployment)
    {
        Deployments.Add(deployment);
        LatestDeploymentNumber = deployment.Number;
        if (Deployments.Count > MaxDeployments && Deployments.FirstOrDefault(d => !d.IsActive) is { } oldest)
            Deployments.Remove(oldest);
    }
}
