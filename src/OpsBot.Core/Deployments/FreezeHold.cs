namespace OpsBot.Core.Deployments;

/// <summary>A freeze holding a deployment: who froze the environment, why, and since when this deployment has been held.</summary>
public sealed record FreezeHold(string By, string Reason, DateTimeOffset Since);
