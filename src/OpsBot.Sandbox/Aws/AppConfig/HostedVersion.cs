using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.AppConfig;

/// <summary>One version in the hosted store: its content and the metadata AppConfig keeps with it.</summary>
internal sealed record HostedVersion(
    string ApplicationId,
    string ConfigurationProfileId,
    int VersionNumber,
    string? Description,
    string ContentType,
    string? VersionLabel,
    byte[] Content)
{
    public JsonObject ToSummaryJson() => new()
    {
        ["ApplicationId"] = ApplicationId,
        ["ConfigurationProfileId"] = ConfigurationProfileId,
        ["VersionNumber"] = VersionNumber,
        ["Description"] = Description,
        ["ContentType"] = ContentType,
        ["VersionLabel"] = VersionLabel,
    };

    /// <summary>The members AppConfig returns as headers with the content as body.</summary>
    public Dictionary<string, string> Headers()
    {
        var headers = new Dictionary<string, string>
        {
            ["Application-Id"] = ApplicationId,
            ["Configuration-Profile-Id"] = ConfigurationProfileId,
            ["Version-Number"] = VersionNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (Description is not null)
            headers["Description"] = Description;
        if (VersionLabel is not null)
            headers["VersionLabel"] = VersionLabel;
        return headers;
    }
}
