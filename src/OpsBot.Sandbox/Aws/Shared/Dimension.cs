namespace OpsBot.Sandbox.Aws.Shared;

/// <summary>A CloudWatch dimension: a name and a value.</summary>
internal sealed record Dimension(string Name, string Value);
