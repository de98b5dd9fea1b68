using OpsBot.Core.Deployments;

namespace OpsBot.Core.Ports;

/// <summary>
/// A window of an alias's versions to draw (<c>/health --chart</c>): per-period samples of each version (the role says
/// which is the new one), the title, and the thresholds to dash in.
/// </summary>
public sealed record WindowChart(string Title, IReadOnlyList<HealthSample> Samples, double ErrorRatePercent, double AverageDurationMs);

/// <summary>Draws the health of versions (error rate and duration per period) as a PNG.</summary>
public interface IDeploymentChart
{
    /// <summary>Both versions over a deployment, its end marked.</summary>
    byte[] RenderPng(Deployment deployment, IReadOnlyList<HealthSample> samples);

    /// <summary>The versions of an alias over a window.</summary>
    byte[] RenderWindowPng(WindowChart chart);
}
