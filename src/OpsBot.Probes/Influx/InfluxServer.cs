using System.Globalization;

namespace OpsBot.Probes.Influx;

/// <summary>Which InfluxDB answered, which decides what the probe can check beyond a ping.</summary>
internal enum InfluxGeneration
{
    /// <summary>Neither its version nor <c>/health</c> says: ping only.</summary>
    Unknown,

    /// <summary>1.x (Debian's 1.6): <c>/ping</c> only, no v2 API to write and query through.</summary>
    V1,

    /// <summary>2.x (OSS or Cloud on TSM): <c>/health</c>, and the write+query round trip over Flux.</summary>
    V2,

    /// <summary>InfluxDB 3 (Core, Enterprise, Cloud Serverless/Dedicated): no Flux, so no round trip.</summary>
    V3,
}

/// <summary>The server as the probe found it: its version (from <c>X-Influxdb-Version</c>) and generation.</summary>
internal sealed record InfluxServer(string Version, InfluxGeneration Generation)
{
    /// <summary>
    /// By the version's major number where it has one, else by <c>/health</c>: 404 is a 1.x server, a JSON
    /// <c>status</c> a 2.x one, a plain-text answer an InfluxDB 3.
    /// </summary>
    public static InfluxServer Classify(string? versionHeader, InfluxHealth health)
    {
        var version = Normalize(versionHeader) ?? Normalize(health.Version) ?? "";
        var generation = Major(version) switch
        {
            1 => InfluxGeneration.V1,
            2 => InfluxGeneration.V2,
            >= 3 => InfluxGeneration.V3,
            _ => health switch
            {
                { StatusCode: 404 } => InfluxGeneration.V1,
                { Status: not null } => InfluxGeneration.V2,
                { StatusCode: >= 200 and < 300 } => InfluxGeneration.V3,
                _ => InfluxGeneration.Unknown,
            },
        };
        return new InfluxServer(version, generation);
    }

    /// <summary>"InfluxDB 1.6.7 (1.x: ping only)", "InfluxDB 2.7.4 (2.x)", "InfluxDB 3.0.1 (3.x: no Flux)".</summary>
    public string Describe()
    {
        var name = Version.Length == 0 ? "InfluxDB (version not given)" : $"InfluxDB {Version}";
        return Generation switch
        {
            InfluxGeneration.V1 => $"{name} (1.x: ping only)",
            InfluxGeneration.V2 => $"{name} (2.x)",
            InfluxGeneration.V3 => $"{name} (3.x: no Flux)",
            _ => $"{name} (unknown generation: ping only)",
        };
    }

    // 2.x says "v2.7.4"; the client says "unknown" when the header is missing.
    private static string? Normalize(string? version)
    {
        if (string.IsNullOrWhiteSpace(version) || version.Equals("unknown", StringComparison.OrdinalIgnoreCase))
            return null;
        var v = ProbeText.Clip(version.Trim(), 40);
        return v.Length > 1 && v[0] is 'v' or 'V' && char.IsAsciiDigit(v[1]) ? v[1..] : v;
    }

    private static int? Major(string version)
    {
        var digits = version.TakeWhile(char.IsAsciiDigit).ToArray();
        return digits.Length > 0 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var major) && version.Length > digits.Length && version[digits.Length] == '.'
            ? major
            : null;
    }
}
