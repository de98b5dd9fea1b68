namespace OpsBot.Core.Deployments;

/// <summary>Where a function lives and how it is reached.</summary>
public sealed record FunctionTarget
{
    public required string Environment { get; init; }

    public required string Function { get; init; }

    public required string Alias { get; init; }

    public string? Region { get; init; }

    public string? RoleArn { get; init; }

    public string? CodeDeployApplication { get; init; }

    public string? CodeDeployGroup { get; init; }

    /// <summary>The lock key: one active deployment per function alias per environment.</summary>
    public string AliasKey => $"{Environment}/{Function}:{Alias}";

    public override string ToString() => $"{Function}:{Alias} ({Environment})";
}
