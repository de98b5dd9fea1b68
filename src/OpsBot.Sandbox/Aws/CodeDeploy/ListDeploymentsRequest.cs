namespace OpsBot.Sandbox.Aws.CodeDeploy;

/// <summary>What ListDeployments asks for; <see cref="Statuses"/> null means any status.</summary>
internal sealed record ListDeploymentsRequest(
    string? Application,
    string? Group,
    IReadOnlyList<string>? Statuses,
    DateTimeOffset? CreatedFrom,
    DateTimeOffset? CreatedTo,
    string? NextToken);
