namespace OpsBot.Sandbox.Aws.Lambda;

/// <summary>
/// What an UpdateAlias asks for; null members are left as they are. <see cref="Weights"/> is null when the request has no
/// RoutingConfig (routing unchanged) and empty when it clears the routing.
/// </summary>
internal sealed record LambdaAliasUpdate(string? FunctionVersion, string? Description, IReadOnlyDictionary<string, double>? Weights, string? RevisionId);
