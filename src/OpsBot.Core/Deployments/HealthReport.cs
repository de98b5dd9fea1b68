
namespace OpsBot.Core.Deployments;

public enum HealthVerdict
{
    /// <summary>Every check that could be judged passed.</summary>
    Healthy,

    /// <summary>A check failed beyond its threshold: roll back.</summary>
    Breach,

    /// <summary>A provider could not be read: not a pass; the deployment does not advance.</summary>
    Unreadable,
}

public enum CheckStatus
{
    Pass,
    Fail,
    NoData,
    Error,
}

/// <summary>One check's outcome: the measured value beside its threshold, and a sentence an operator reads.</summary>
public sealed record HealthCheck(string Name, CheckStatus Status, string Measured, string Threshold, string Text);

/// <summary>The verdict of one poll, with every check behind it.</summary>
public sealed record HealthReport(DateTimeOffset At, HealthVerdict Verdict, string Summary, IReadOnlyList<HealthCheck> Checks)
{
    /// <summary>The measured values, for the audit of an automatic decision.</summary>
    public IReadOnlyDictionary<string, string> Data() =>
        Checks.ToDictionary(c => c.Name, c => $"{c.Status}: {c.Measured} (threshold {c.Threshold})");
}
