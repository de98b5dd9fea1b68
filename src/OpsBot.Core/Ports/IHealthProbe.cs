namespace OpsBot.Core.Ports;

public sealed record ProbeResult(string Name, bool Healthy, string Detail);

/// <summary>An extra health signal a function's deployments can be guarded by (InfluxDB reachability, ...). Run once per poll cycle.</summary>
public interface IHealthProbe
{
    /// <summary>The name functions use to ask for this probe (<c>Probes: ["influxdb"]</c>).</summary>
    string Name { get; }

    /// <summary>Checks the dependency; a failure to check is reported as unhealthy, not thrown.</summary>
    Task<ProbeResult> CheckAsync(CancellationToken cancellationToken);
}
