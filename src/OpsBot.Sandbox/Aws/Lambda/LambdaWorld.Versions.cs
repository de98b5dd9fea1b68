using System.Globalization;

namespace OpsBot.Sandbox.Aws.Lambda;

internal sealed partial class LambdaWorld
{
    /// <summary>
    /// "Uploads" new code to <c>$LATEST</c> (UpdateFunctionCode's effect), so that PublishVersion has something new to
    /// publish; answers the new CodeSha256. With <paramref name="settling"/>, the update stays InProgress that long and
    /// PublishVersion answers 409 meanwhile, as Lambda does right after an update.
    /// </summary>
    public string UploadCode(string function, string? content = null, TimeSpan? settling = null)
    {
        lock (_lock)
        {
            var found = FindUnqualified(function);
            var now = _time.GetUtcNow();
            content ??= $"{found.Name} upload {++_uploads} at {now:O}";
            found.Latest = found.Latest with { CodeSha256 = Sha256(content), CodeSize = CodeSize(content), LastModified = now, RevisionId = NewRevision() };
            found.UpdateSettlesAt = settling is { } s && s > TimeSpan.Zero ? now + s : null;
            return found.Latest.CodeSha256;
        }
    }

    /// <summary>
    /// PublishVersion: a new version from <c>$LATEST</c>, or the last published version when <c>$LATEST</c> has not
    /// changed since (Lambda does not publish the same code twice). Refused while an update is in progress (409), when
    /// <paramref name="codeSha256"/> is not <c>$LATEST</c>'s (400) or <paramref name="revisionId"/> not its revision (412).
    /// </summary>
    public LambdaConfiguration Publish(string functionName, string? codeSha256, string? description, string? revisionId)
    {
        lock (_lock)
        {
            var function = FindUnqualified(functionName);
            if (UpdateInProgress(function))
                throw LambdaFault.UpdateInProgress(function.Arn);
            var latest = function.Latest;
            if (codeSha256 is not null && codeSha256 != latest.CodeSha256)
            {
                throw LambdaFault.InvalidParameter(
                    $"CodeSHA256 ({codeSha256}) is different from current CodeSHA256 in $LATEST ({latest.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.");
            }
            if (revisionId is not null && revisionId != latest.RevisionId)
                throw LambdaFault.StaleRevision("GetFunction");
            if (description is { Length: > MaxDescription })
                throw TooLong("description", description, MaxDescription);
            if (function.Published.Count > 0 && function.Published[^1].CodeSha256 == latest.CodeSha256)
                return Configuration(function, function.Published[^1], function.Qualified(function.Published[^1].Version));

            var number = (function.Published.Count == 0 ? 0 : long.Parse(function.Published[^1].Version, CultureInfo.InvariantCulture)) + 1;
            var version = latest with
            {
                Version = number.ToString(CultureInfo.InvariantCulture),
                Description = description ?? "",
                LastModified = _time.GetUtcNow(),
                RevisionId = NewRevision(),
            };
            function.Published.Add(version);
            // Publishing is a change of the function too: its revision moves on.
            function.Latest = latest with { RevisionId = NewRevision() };
            return Configuration(function, version, function.Qualified(version.Version));
        }
    }

    /// <summary>ListVersionsByFunction: <c>$LATEST</c> first, then the published versions, oldest first.</summary>
    public IReadOnlyList<LambdaConfiguration> ListVersions(string functionName)
    {
        lock (_lock)
        {
            var function = FindUnqualified(functionName);
            return [Configuration(function, function.Latest, function.Qualified(LambdaVersion.Latest)),
                .. function.Published.Select(v => Configuration(function, v, function.Qualified(v.Version)))];
        }
    }

    /// <summary>
    /// GetFunctionConfiguration: <c>$LATEST</c> without a qualifier (unqualified ARN), else the version the qualifier
    /// (<c>$LATEST</c>, a number or an alias, given in the name or as <paramref name="qualifier"/>) names, with the ARN
    /// qualified by it. An alias answers its primary version's configuration.
    /// </summary>
    public LambdaConfiguration GetConfiguration(string functionName, string? qualifier)
    {
        var name = LambdaFunctionName.Parse(functionName);
        if (name.Qualifier is not null && qualifier is not null && name.Qualifier != qualifier)
            throw LambdaFault.InvalidParameter("The derived qualifier from the function name does not match the specified qualifier.");
        qualifier ??= name.Qualifier;
        lock (_lock)
        {
            var function = Find(name);
            if (qualifier is null)
                return Configuration(function, function.Latest, function.Arn);
            if (qualifier == LambdaVersion.Latest)
                return Configuration(function, function.Latest, function.Qualified(qualifier));
            if (IsVersionNumber(qualifier))
                return Configuration(function, function.PublishedVersion(qualifier) ?? throw LambdaFault.FunctionNotFound(function.Qualified(qualifier)), function.Qualified(qualifier));
            if (!function.Aliases.TryGetValue(qualifier, out var alias))
                throw LambdaFault.FunctionNotFound(function.Qualified(qualifier));
            var version = alias.FunctionVersion == LambdaVersion.Latest ? function.Latest : function.PublishedVersion(alias.FunctionVersion)!;
            return Configuration(function, version, function.Qualified(qualifier));
        }
    }

    private LambdaConfiguration Configuration(LambdaFunction function, LambdaVersion version, string arn) =>
        new(function.Name, arn, function.Role, version, version.Version == LambdaVersion.Latest && UpdateInProgress(function));
}
