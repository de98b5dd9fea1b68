namespace OpsBot.Sandbox.Aws.Traffic;

/// <summary>A fault injected into one version of a function: the share of its invocations that fail and, optionally, their average duration.</summary>
/// <param name="Function">The function's name.</param>
/// <param name="Version">The published version the fault applies to.</param>
/// <param name="ErrorRate">The fraction (0..1) of the version's invocations that fail.</param>
/// <param name="DurationMs">The version's average duration in milliseconds; null keeps the normal profile.</param>
public sealed record TrafficFault(string Function, string Version, double ErrorRate, double? DurationMs);
