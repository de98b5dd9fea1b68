using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Deployments;

/// <summary>What one poll's health reading came to: the report, the samples of both versions to store, and the deployment's next counters.</summary>
public sealed record HealthJudgement(HealthReport Report, IReadOnlyList<HealthSample> Samples, HealthTracking Tracking);
