namespace OpsBot.Sandbox.Aws.Lambda;

/// <summary>
/// One version of a function's code and configuration: <c>$LATEST</c> (which changes) or a published number (which
/// never does). <see cref="RevisionId"/> changes with every change of <c>$LATEST</c>.
/// </summary>
internal sealed record LambdaVersion(
    string Version,
    string CodeSha256,
    long CodeSize,
    string Description,
    DateTimeOffset LastModified,
    string RevisionId)
{
    public const string Latest = "$LATEST";
}
