namespace OpsBot.Core.Ports;

/// <summary>Which configured probe to run: its environment, its name there, and its settings.</summary>
public sealed record ProbeRequest(string Environment, string Name, ProbeOptions Options);

/// <summary>
/// What a probe found: healthy or not, a line that says why (never a secret), and, where it measured something, the
/// value and the threshold it was held to (shown on the card and in <c>/health</c> like the built-in checks).
/// </summary>
public sealed record ProbeResult(string Name, bool Healthy, string Detail)
{
    /// <summary>"42 ms", "503", "connection refused"; null when nothing was measured.</summary>
    public string? Measured { get; init; }

    /// <summary>"≤ 500 ms", "200"; null when there is none.</summary>
    public string? Threshold { get; init; }

    /// <summary>Facts about the dependency worth showing (InfluxDB: "InfluxDB 2.7.4 (2.x)", "ping 3 ms").</summary>
    public IReadOnlyList<string> Facts { get; init; } = [];
}

/// <summary>
/// A kind of extra health signal a function's deployments can be guarded by (InfluxDB reachability, an HTTP health
/// endpoint): one adapter per <see cref="Type"/>, run for each configured probe of that type once per poll cycle.
/// </summary>
public interface IHealthProbe
{
    /// <summary>The <see cref="ProbeOptions.Type"/> this adapter runs ("influxdb", "http").</summary>
    string Type { get; }

    /// <summary>
    /// What is wrong with a probe's settings, each as "<c>Field</c>: message" (checked at start, without any network
    /// call); empty when they are usable.
    /// </summary>
    IEnumerable<string> Validate(ProbeOptions options);

    /// <summary>Checks the dependency within <see cref="ProbeOptions.Timeout"/>; a failure to check is reported as unhealthy, not thrown.</summary>
    Task<ProbeResult> CheckAsync(ProbeRequest request, CancellationToken cancellationToken);
}
