using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.AppConfig;

/// <summary>A configuration profile in the hosted store, with its versions, oldest first (changed under the world's lock).</summary>
internal sealed class ConfigurationProfile(string applicationId, string id, string name, string? description, string type)
{
    public const string FeatureFlagsType = "AWS.AppConfig.FeatureFlags";
    public const string FreeformType = "AWS.Freeform";

    /// <summary>Versions kept per profile; creating more is refused with ServiceQuotaExceededException.</summary>
    public const int MaxVersions = 1000;

    public string ApplicationId { get; } = applicationId;

    public string Id { get; } = id;

    public string Name { get; } = name;

    public string? Description { get; } = description;

    public string Type { get; } = type;

    public List<HostedVersion> Versions { get; } = [];

    public int LatestVersionNumber => Versions.Count == 0 ? 0 : Versions[^1].VersionNumber;

    public JsonObject ToSummaryJson() => new()
    {
        ["ApplicationId"] = ApplicationId,
        ["Id"] = Id,
        ["Name"] = Name,
        ["LocationUri"] = "hosted",
        ["ValidatorTypes"] = new JsonArray(),
        ["Type"] = Type,
    };

    /// <summary>The version a deployment names: its number, or its label.</summary>
    public HostedVersion? Find(string numberOrLabel) =>
        Versions.FirstOrDefault(v => v.VersionNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) == numberOrLabel)
        ?? Versions.FirstOrDefault(v => v.VersionLabel == numberOrLabel);
}
