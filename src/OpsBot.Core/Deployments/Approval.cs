namespace OpsBot.Core.Deployments;

/// <summary>A person who passed (part of) a gate.</summary>
public sealed record Approval(string By, string Gate, DateTimeOffset At);
