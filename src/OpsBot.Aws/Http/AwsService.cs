namespace OpsBot.Aws.Http;

/// <summary>
/// An AWS service as its model describes it: the name OpsBot configures it by, the SigV4 signing name, the endpoint
/// prefix, and for the JSON RPC protocols the target prefix and JSON version.
/// </summary>
internal sealed record AwsService(string Name, string SigningName, string EndpointPrefix, string? TargetPrefix = null, string? JsonVersion = null, bool QueryCompatible = false)
{
    public static readonly AwsService Lambda = new("lambda", "lambda", "lambda");
    public static readonly AwsService CodeDeploy = new("codedeploy", "codedeploy", "codedeploy", "CodeDeploy_20141006", "1.1");
    public static readonly AwsService CloudWatch = new("cloudwatch", "monitoring", "monitoring", "GraniteServiceVersion20100801", "1.0", QueryCompatible: true);
    public static readonly AwsService AppConfig = new("appconfig", "appconfig", "appconfig");
    public static readonly AwsService Sns = new("sns", "sns", "sns");

    public static IReadOnlyList<AwsService> All { get; } = [Lambda, CodeDeploy, CloudWatch, AppConfig, Sns];
}

/// <summary>Where a call goes and as whom: the environment's region and the role OpsBot assumes there (both optional).</summary>
public sealed record AwsScope(string? Region = null, string? RoleArn = null);
