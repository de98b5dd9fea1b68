using System.Text.Json.Serialization;

namespace OpsBot.Aws.Lambda;

// Lambda's alias shapes (botocore lambda 2015-03-31), only the members OpsBot uses plus the required ones. Members
// that travel in the URI or the query string are [JsonIgnore]d so that they never leak into a body.

/// <summary>GetAlias input: both members are URI labels.</summary>
internal sealed record GetAliasRequest(string FunctionName, string Name);

/// <summary>UpdateAlias input: <c>FunctionName</c> and <c>Name</c> are URI labels, the rest is the JSON body.</summary>
internal sealed record UpdateAliasRequest([property: JsonIgnore] string FunctionName, [property: JsonIgnore] string Name)
{
    /// <summary>The primary version (pattern <c>$LATEST(.PUBLISHED)?|[0-9]+</c>).</summary>
    public string? FunctionVersion { get; init; }

    public string? Description { get; init; }

    /// <summary>The additional version and its weight; <see cref="AliasRoutingConfiguration.None"/> clears shifting.</summary>
    public AliasRoutingConfiguration? RoutingConfig { get; init; }

    /// <summary>Only update the alias if its revision is still this one (else 412 PreconditionFailedException).</summary>
    public string? RevisionId { get; init; }
}

/// <summary>ListAliases input: <c>FunctionName</c> is a URI label, the rest are query parameters.</summary>
internal sealed record ListAliasesRequest(string FunctionName)
{
    /// <summary>Only aliases that route to this version.</summary>
    public string? FunctionVersion { get; init; }

    public string? Marker { get; init; }

    /// <summary>1..10000.</summary>
    public int? MaxItems { get; init; }
}

/// <summary>One page of ListAliases.</summary>
internal sealed record ListAliasesResponse
{
    public string? NextMarker { get; init; }

    public IReadOnlyList<AliasConfiguration> Aliases { get; init; } = [];
}

/// <summary>An alias as Lambda answers it (GetAlias, UpdateAlias, ListAliases).</summary>
internal sealed record AliasConfiguration
{
    public string? AliasArn { get; init; }

    public string? Name { get; init; }

    /// <summary>The primary version: it gets every request the additional version does not.</summary>
    public string? FunctionVersion { get; init; }

    public string? Description { get; init; }

    public AliasRoutingConfiguration? RoutingConfig { get; init; }

    public string? RevisionId { get; init; }
}

/// <summary>An alias's weighted routing: additional version (digits only) → fraction 0..1 of the traffic it gets.</summary>
internal sealed record AliasRoutingConfiguration
{
    public IReadOnlyDictionary<string, double>? AdditionalVersionWeights { get; init; }

    /// <summary>No additional version: sent as <c>{"AdditionalVersionWeights":{}}</c>, which is how Lambda is told to stop shifting.</summary>
    public static AliasRoutingConfiguration None => new() { AdditionalVersionWeights = new Dictionary<string, double>() };

    public static AliasRoutingConfiguration To(string version, double fraction) =>
        new() { AdditionalVersionWeights = new Dictionary<string, double> { [version] = fraction } };
}
