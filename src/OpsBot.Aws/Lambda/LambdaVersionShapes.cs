using System.Text.Json.Serialization;

namespace OpsBot.Aws.Lambda;

// Lambda's version and configuration shapes (botocore lambda 2015-03-31), only the members OpsBot uses plus the
// required ones.

/// <summary>PublishVersion input: <c>FunctionName</c> is a URI label, the rest is the JSON body. Success is 201.</summary>
internal sealed record PublishVersionRequest([property: JsonIgnore] string FunctionName)
{
    /// <summary>Only publish if <c>$LATEST</c>'s code still has this hash.</summary>
    public string? CodeSha256 { get; init; }

    /// <summary>At most 256 characters.</summary>
    public string? Description { get; init; }

    /// <summary>Only publish if the function's configuration is still at this revision (else 412).</summary>
    public string? RevisionId { get; init; }
}

/// <summary>ListVersionsByFunction input: <c>FunctionName</c> is a URI label, <c>Marker</c> and <c>MaxItems</c> query parameters.</summary>
internal sealed record ListVersionsByFunctionRequest(string FunctionName)
{
    public string? Marker { get; init; }

    /// <summary>1..10000, though Lambda answers at most 50 versions a page whatever is asked.</summary>
    public int? MaxItems { get; init; }
}

/// <summary>One page of ListVersionsByFunction; <c>$LATEST</c> is among the versions.</summary>
internal sealed record ListVersionsByFunctionResponse
{
    public string? NextMarker { get; init; }

    public IReadOnlyList<FunctionConfiguration> Versions { get; init; } = [];
}

/// <summary>GetFunctionConfiguration input: <c>FunctionName</c> is a URI label, <c>Qualifier</c> (version or alias) a query parameter.</summary>
internal sealed record GetFunctionConfigurationRequest(string FunctionName)
{
    public string? Qualifier { get; init; }
}

/// <summary>A function version's configuration (PublishVersion, ListVersionsByFunction, GetFunctionConfiguration).</summary>
internal sealed record FunctionConfiguration
{
    public string? FunctionName { get; init; }

    public string? FunctionArn { get; init; }

    /// <summary><c>$LATEST</c> or a published version number.</summary>
    public string? Version { get; init; }

    public string? Description { get; init; }

    public string? CodeSha256 { get; init; }

    public string? RevisionId { get; init; }

    /// <summary>A string such as <c>2024-01-01T00:00:00.000+0000</c> (the model types it as a string, not a timestamp).</summary>
    public string? LastModified { get; init; }

    /// <summary><c>Pending|Active|Inactive|Failed|...</c>; a version can be published only from an Active function.</summary>
    public string? State { get; init; }

    public string? StateReason { get; init; }

    /// <summary><c>Successful|Failed|InProgress</c>; while InProgress, publishing answers 409.</summary>
    public string? LastUpdateStatus { get; init; }

    public string? LastUpdateStatusReason { get; init; }

    /// <summary>Where and how the function logs; its <see cref="Lambda.LoggingConfig.LogGroup"/> when not <c>/aws/lambda/&lt;name&gt;</c>.</summary>
    public LoggingConfig? LoggingConfig { get; init; }
}

/// <summary>A function's logging configuration (GetFunctionConfiguration's <c>LoggingConfig</c>).</summary>
internal sealed record LoggingConfig
{
    /// <summary><c>JSON</c> or <c>Text</c>.</summary>
    public string? LogFormat { get; init; }

    public string? ApplicationLogLevel { get; init; }

    public string? SystemLogLevel { get; init; }

    /// <summary>The log group the function sends its logs to; Lambda's default is <c>/aws/lambda/&lt;function name&gt;</c>.</summary>
    public string? LogGroup { get; init; }
}
