using OpsBot.Core.Deployments;

namespace OpsBot.Core.Ports;

/// <summary>Draws the health of both versions over a deployment (error rate and duration per period) as a PNG.</summary>
public interface IDeploymentChart
{
    byte[] RenderPng(Deployment deployment, IReadOnlyList<HealthSample> samples);
}
