using System.Globalization;

namespace OpsBot.Sandbox.Aws.Lambda;

internal sealed partial class LambdaWorld
{
    private const int MaxDescription = 256;

    /// <summary>GetAlias.</summary>
    public LambdaAlias GetAlias(string functionName, string alias)
    {
        lock (_lock)
            return FindAlias(FindUnqualified(functionName), alias);
    }

    /// <summary>The alias <paramref name="alias"/> of the function named <paramref name="function"/> (for the sandbox and tests).</summary>
    public LambdaAlias Alias(string function, string alias = SandboxSeed.Alias) => GetAlias(function, alias);

    /// <summary>ListAliases: every alias (of <paramref name="functionVersion"/> only, when given), in name order.</summary>
    public IReadOnlyList<LambdaAlias> ListAliases(string functionName, string? functionVersion)
    {
        lock (_lock)
        {
            var function = FindUnqualified(functionName);
            return [.. function.Aliases.Values.Where(a => functionVersion is null || a.FunctionVersion == functionVersion)];
        }
    }

    /// <summary>
    /// UpdateAlias, checked as Lambda checks it: the RevisionId guard (412), versions that exist (404), and a routing of
    /// at most one additional published version, other than the primary, with a weight in 0..1 (400).
    /// </summary>
    public LambdaAlias UpdateAlias(string functionName, string aliasName, LambdaAliasUpdate update)
    {
        lock (_lock)
            return Update(FindUnqualified(functionName), aliasName, update);
    }

    /// <summary>
    /// Routes the alias without a revision guard, as CodeDeploy does while it shifts traffic: all to
    /// <paramref name="primary"/> except <paramref name="weight"/> (0..1) to <paramref name="additional"/>.
    /// </summary>
    public LambdaAlias ShiftAlias(string function, string alias, string primary, string? additional, double weight)
    {
        var weights = additional is null ? new Dictionary<string, double>() : new Dictionary<string, double> { [additional] = weight };
        lock (_lock)
            return Update(FindUnqualified(function), alias, new LambdaAliasUpdate(primary, null, weights, null));
    }

    private LambdaAlias Update(LambdaFunction function, string aliasName, LambdaAliasUpdate update)
    {
        var alias = FindAlias(function, aliasName);
        if (update.RevisionId is not null && update.RevisionId != alias.RevisionId)
            throw LambdaFault.StaleRevision("GetAlias");
        if (update.Description is { Length: > MaxDescription })
            throw TooLong("description", update.Description, MaxDescription);
        var primary = update.FunctionVersion ?? alias.FunctionVersion;
        if (update.FunctionVersion is not null)
            RequireVersion(function, update.FunctionVersion);
        var (additional, weight) = update.Weights is { } weights
            ? Routing(function, primary, weights)
            : (alias.AdditionalVersion, alias.AdditionalWeight);
        if (additional == primary)
            throw AlreadyRouted(primary);
        var updated = alias with
        {
            FunctionVersion = primary,
            Description = update.Description ?? alias.Description,
            AdditionalVersion = additional,
            AdditionalWeight = additional is null ? 0 : weight,
            RevisionId = NewRevision(),
        };
        function.Aliases[aliasName] = updated;
        return updated;
    }

    private (string? Version, double Weight) Routing(LambdaFunction function, string primary, IReadOnlyDictionary<string, double> weights)
    {
        if (weights.Count == 0)
            return (null, 0);
        if (weights.Count > 1)
            throw LambdaFault.InvalidParameter("Number of items in AdditionalVersionWeights cannot be greater than 1");
        var (version, weight) = weights.First();
        if (!IsVersionNumber(version) || double.IsNaN(weight) || weight is < 0 or > 1)
        {
            throw LambdaFault.InvalidParameter(
                $"1 validation error detected: Value '{{{version}={weight.ToString(CultureInfo.InvariantCulture)}}}' at 'routingConfig.additionalVersionWeights' " +
                "failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [0-9]+], " +
                "Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0]");
        }
        if (version == primary)
            throw AlreadyRouted(primary);
        if (primary == LambdaVersion.Latest)
            throw LambdaFault.InvalidParameter("$LATEST is not supported for an alias pointing to more than 1 version");
        if (function.PublishedVersion(version) is null)
            throw LambdaFault.InvalidParameter($"Version {version} of function {function.Arn} in the routing configuration is not a published version.");
        return (version, weight);
    }

    private static LambdaFault AlreadyRouted(string version) =>
        LambdaFault.InvalidParameter($"Invalid function version {version}. Function version {version} is already included in routing configuration.");

    /// <summary>A version an alias may point to: <c>$LATEST</c> or a published number (404 when there is no such version).</summary>
    private static void RequireVersion(LambdaFunction function, string version)
    {
        if (version != LambdaVersion.Latest && !IsVersionNumber(version))
            throw LambdaFault.InvalidVersion(version);
        if (version != LambdaVersion.Latest && function.PublishedVersion(version) is null)
            throw LambdaFault.FunctionNotFound(function.Qualified(version));
    }

    private static LambdaAlias FindAlias(LambdaFunction function, string alias) =>
        function.Aliases.TryGetValue(alias, out var found) ? found : throw LambdaFault.AliasNotFound(function.Qualified(alias));

    private static bool IsVersionNumber(string version) => version.Length > 0 && version.All(char.IsAsciiDigit);

    private static LambdaFault TooLong(string member, string value, int max) => LambdaFault.InvalidParameter(
        $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must have length less than or equal to {max}");
}
