namespace OpsBot.Aws.Http;

/// <summary>
/// An AWS service as its model describes it: the name OpsBot configures it by, the SigV4 signing name, the endpoint
/// prefix, and for the JSON RPC protocols the target prefix and JSON version.
/// </summary>
internal sealed record AwsService(string Name, string SigningName, string EndpointPrefix, string? TargetPrefix = null, string? JsonVersion = null, bool QueryCompatible = false)
{
    /// <summary>
    /// Error codes with which this service says "too many at once, try later", beyond the throttling codes every service
    /// shares (<see cref="AwsServiceException.IsRetryable"/>): retried like them. Per service, because elsewhere the same
    /// code can mean a quota that waiting does not lift.
    /// </summary>
    public IReadOnlyList<string> ThrottlingCodes { get; init; } = [];

    public static readonly AwsService Lambda = new("lambda", "lambda", "lambda");
    public static readonly AwsService CodeDeploy = new("codedeploy", "codedeploy", "codedeploy", "CodeDeploy_20141006", "1.1");
    public static readonly AwsService CloudWatch = new("cloudwatch", "monitoring", "monitoring", "GraniteServiceVersion20100801", "1.0", QueryCompatible: true);
    public static readonly AwsService AppConfig = new("appconfig", "appconfig", "appconfig");
    public static readonly AwsService Sns = new("sns", "sns", "sns");

    /// <summary>CloudWatch Logs: <c>LimitExceededException</c> is what StartQuery answers while too many Logs Insights queries run.</summary>
    public static readonly AwsService Logs = new("logs", "logs", "logs", "Logs_20140328", "1.1") { ThrottlingCodes = ["LimitExceededException"] };

    public static IReadOnlyList<AwsService> All { get; } = [Lambda, CodeDeploy, CloudWatch, AppConfig, Sns, Logs];
}

/// <summary>Where a call goes and as whom: the environment's region and the role OpsBot assumes there (both optional).</summary>
public sealed record AwsScope(string? Region = null, string? RoleArn = null);
