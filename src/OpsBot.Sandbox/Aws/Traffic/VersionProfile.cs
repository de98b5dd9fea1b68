namespace OpsBot.Sandbox.Aws.Traffic;

/// <summary>How a version behaves: the fraction of invocations that fail and the average duration.</summary>
internal sealed record VersionProfile(double ErrorRate, double AverageDurationMs)
{
    /// <summary>A healthy version: a few errors in a thousand, about 120 ms.</summary>
    public static readonly VersionProfile Normal = new(0.002, 120);

    /// <summary>The fault's behaviour where it says something, else the normal one.</summary>
    public static VersionProfile Of(TrafficFault? fault) =>
        fault is null ? Normal : new VersionProfile(fault.ErrorRate ?? Normal.ErrorRate, fault.DurationMs ?? Normal.AverageDurationMs);
}
