namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>The region names CloudWatch writes in an alarm notification (<c>Region</c>, and the subject's "in …").</summary>
internal static class RegionDisplayNames
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["us-east-1"] = "US East (N. Virginia)",
        ["us-east-2"] = "US East (Ohio)",
        ["us-west-1"] = "US West (N. California)",
        ["us-west-2"] = "US West (Oregon)",
        ["ca-central-1"] = "Canada (Central)",
        ["eu-west-1"] = "EU (Ireland)",
        ["eu-west-2"] = "EU (London)",
        ["eu-west-3"] = "EU (Paris)",
        ["eu-central-1"] = "EU (Frankfurt)",
        ["eu-north-1"] = "EU (Stockholm)",
        ["ap-northeast-1"] = "Asia Pacific (Tokyo)",
        ["ap-southeast-1"] = "Asia Pacific (Singapore)",
        ["ap-southeast-2"] = "Asia Pacific (Sydney)",
        ["ap-south-1"] = "Asia Pacific (Mumbai)",
        ["sa-east-1"] = "South America (Sao Paulo)",
    };

    /// <summary>The display name of <paramref name="region"/>; the code itself for a region not listed.</summary>
    public static string Of(string region) => Names.GetValueOrDefault(region, region);
}
