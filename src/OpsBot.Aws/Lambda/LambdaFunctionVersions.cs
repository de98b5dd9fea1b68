using System.Globalization;
using OpsBot.Aws.Http;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Lambda;

/// <summary>A function's published versions on real Lambda: listed through every page, and published from <c>$LATEST</c>.</summary>
internal sealed class LambdaFunctionVersions(LambdaClient lambda) : IFunctionVersions
{
    private const int DescriptionLimit = 256;

    public async Task<IReadOnlyList<string>> ListAsync(FunctionTarget target, CancellationToken cancellationToken)
    {
        IReadOnlyList<FunctionConfiguration> versions;
        try
        {
            versions = await lambda.ListAllVersionsByFunctionAsync(Scope(target), target.Function, cancellationToken);
        }
        catch (AwsServiceException e) when (LambdaFailures.IsNotFound(e))
        {
            throw LambdaFailures.NotFound($"function {target.Function}", target, e);
        }
        // Only published numbers: $LATEST (and any other qualifier) is not something an alias is shifted to.
        return [.. versions
            .Select(v => v.Version)
            .Where(v => v is { Length: > 0 } && v.All(char.IsAsciiDigit))
            .Select(v => v!)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(v => long.Parse(v, CultureInfo.InvariantCulture))];
    }

    public async Task<string> PublishAsync(FunctionTarget target, string description, CancellationToken cancellationToken)
    {
        var request = new PublishVersionRequest(target.Function)
        {
            Description = description.Length <= DescriptionLimit ? description : description[..DescriptionLimit],
        };
        FunctionConfiguration published;
        try
        {
            published = await lambda.PublishVersionAsync(Scope(target), request, cancellationToken);
        }
        catch (AwsServiceException e) when (LambdaFailures.IsNotFound(e))
        {
            throw LambdaFailures.NotFound($"function {target.Function}", target, e);
        }
        catch (AwsServiceException e) when (LambdaFailures.IsConflict(e))
        {
            throw new FunctionUpdateInProgressException(
                $"Cannot publish a version of {target.Function} now: an update of the function is in progress " +
                $"(Lambda: {e.Detail ?? e.Code}). Try again when it has finished, or name a published version.", e);
        }
        return published.Version is { Length: > 0 } version
            ? version
            : throw new InvalidOperationException($"Lambda published {target.Function} but answered no version number");
    }

    private static AwsScope Scope(FunctionTarget target) => new(target.Region, target.RoleArn);
}
