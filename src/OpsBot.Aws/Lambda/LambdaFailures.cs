using System.Net;
using OpsBot.Aws.Http;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Lambda;

/// <summary>The Lambda errors the ports translate into the Core's words, matched on the model's error code (status as a fallback).</summary>
internal static class LambdaFailures
{
    public static bool IsNotFound(AwsServiceException e) =>
        e.Code == "ResourceNotFoundException" || (e.Code.StartsWith("Http", StringComparison.Ordinal) && e.Status == HttpStatusCode.NotFound);

    /// <summary>A stale <c>RevisionId</c>: the alias (or function) changed since it was read.</summary>
    public static bool IsStaleRevision(AwsServiceException e) =>
        e.Code == "PreconditionFailedException" || (e.Code.StartsWith("Http", StringComparison.Ordinal) && e.Status == HttpStatusCode.PreconditionFailed);

    public static bool IsConflict(AwsServiceException e) =>
        e.Code == "ResourceConflictException" || (e.Code.StartsWith("Http", StringComparison.Ordinal) && e.Status == HttpStatusCode.Conflict);

    public static FunctionNotFoundException NotFound(string what, FunctionTarget target, AwsServiceException e) =>
        new($"Lambda has no {what} in {target.Region ?? "the default region"} ({target.Environment}): {e.Detail ?? e.Code}");
}
