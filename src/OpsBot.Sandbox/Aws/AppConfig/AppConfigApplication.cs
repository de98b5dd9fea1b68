using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.AppConfig;

/// <summary>An AppConfig application with its environments and configuration profiles (changed under the world's lock).</summary>
internal sealed class AppConfigApplication(string id, string name, string? description)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public string? Description { get; } = description;

    public List<AppConfigEnvironment> Environments { get; } = [];

    public List<ConfigurationProfile> Profiles { get; } = [];

    public JsonObject ToJson() => new() { ["Id"] = Id, ["Name"] = Name, ["Description"] = Description };
}
