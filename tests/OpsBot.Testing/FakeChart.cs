using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Testing;

/// <summary>A chart renderer that records what it was asked to draw and answers a tiny PNG header.</summary>
public sealed class FakeChart : IDeploymentChart
{
    public List<(string DeploymentId, int Samples)> Drawn { get; } = [];

    public byte[] RenderPng(Deployment deployment, IReadOnlyList<HealthSample> samples)
    {
        lock (Drawn)
            Drawn.Add((deployment.Id, samples.Count));
        return [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    }

    public List<WindowChart> Windows { get; } = [];

    public byte[] RenderWindowPng(WindowChart chart)
    {
        lock (Windows)
            Windows.Add(chart);
        return [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    }
}
