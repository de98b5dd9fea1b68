using OpsBot.Aws.Http;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Lambda;

/// <summary>
/// The <c>alias</c> engine on real Lambda: reads an alias's weighted routing with GetAlias and changes it with
/// UpdateAlias guarded by the RevisionId OpsBot last saw, so that a change made by someone else in between is refused
/// by Lambda (412) and reported as <see cref="AliasConflictException"/> instead of being written over.
/// </summary>
internal sealed class LambdaAliasRouter(LambdaClient lambda) : ITrafficRouter
{
    public async Task<AliasTraffic> ReadAsync(FunctionTarget target, CancellationToken cancellationToken)
    {
        try
        {
            return Traffic(target, await lambda.GetAliasAsync(Scope(target), new GetAliasRequest(target.Function, target.Alias), cancellationToken));
        }
        catch (AwsServiceException e) when (LambdaFailures.IsNotFound(e))
        {
            throw LambdaFailures.NotFound($"alias {target.Alias} of function {target.Function}", target, e);
        }
    }

    public async Task<AliasTraffic> RouteAsync(FunctionTarget target, AliasRoute route, string expectedRevisionId, CancellationToken cancellationToken)
    {
        var request = new UpdateAliasRequest(target.Function, target.Alias)
        {
            FunctionVersion = route.PrimaryVersion,
            RoutingConfig = route.AdditionalVersion is { } additional
                ? AliasRoutingConfiguration.To(additional, route.AdditionalPercent / 100.0)
                : AliasRoutingConfiguration.None,
            // An alias read without a revision (an emulator) cannot be guarded; Lambda would refuse an empty one.
            RevisionId = string.IsNullOrEmpty(expectedRevisionId) ? null : expectedRevisionId,
        };
        try
        {
            return Traffic(target, await lambda.UpdateAliasAsync(Scope(target), request, cancellationToken));
        }
        catch (AwsServiceException e) when (LambdaFailures.IsStaleRevision(e))
        {
            // Never retried: the change in between belongs to someone else, and the Core decides what to do about it.
            throw new AliasConflictException(
                $"alias {target.Alias} of {target.Function} changed since OpsBot read it (revision {expectedRevisionId} is no longer current)");
        }
        catch (AwsServiceException e) when (LambdaFailures.IsNotFound(e))
        {
            throw LambdaFailures.NotFound($"alias {target.Alias} of function {target.Function} (or version {route.PrimaryVersion})", target, e);
        }
    }

    private static AwsScope Scope(FunctionTarget target) => new(target.Region, target.RoleArn);

    /// <summary>Lambda routes to one additional version at most; its map holds that version and its fraction.</summary>
    private static AliasTraffic Traffic(FunctionTarget target, AliasConfiguration alias)
    {
        var primary = alias.FunctionVersion
            ?? throw new InvalidOperationException($"Lambda answered alias {target.Alias} of {target.Function} without a FunctionVersion");
        var additional = alias.RoutingConfig?.AdditionalVersionWeights?.FirstOrDefault();
        return additional is { Key: { } version, Value: var weight }
            ? new AliasTraffic(primary, version, weight, alias.RevisionId ?? "")
            : new AliasTraffic(primary, null, 0, alias.RevisionId ?? "");
    }
}
