namespace OpsBot.Sandbox.Aws;

/// <summary>What the AWS-compatible endpoint starts with: the guide's platform.</summary>
public static class SandboxSeed
{
    /// <summary>The guide's five functions; each has versions 1..<see cref="Versions"/> and alias <c>live</c> on <see cref="LiveVersion"/>.</summary>
    public static readonly IReadOnlyList<string> Functions =
        ["lambda_router", "structured_data_processor", "rag_query_processor", "influxdb_loader", "timeseries_query_processor"];

    /// <summary>Published versions of each function.</summary>
    public const int Versions = 5;

    /// <summary>The version alias <see cref="Alias"/> starts on.</summary>
    public const string LiveVersion = "4";

    /// <summary>Each function's alias.</summary>
    public const string Alias = "live";

    /// <summary>The CodeDeploy application; each function has a deployment group <c>{function}-deployment-group</c>.</summary>
    public const string CodeDeployApplication = "ons-data-platform-lambda-app";

    /// <summary>The deployment group of <paramref name="function"/>.</summary>
    /// <param name="function">A function name.</param>
    public static string DeploymentGroup(string function) => $"{function}-deployment-group";

    /// <summary>
    /// Alarms per function, the guide's list: <c>{function}-error-rate</c> (errors / invocations > 5% for 2 periods),
    /// <c>{function}-duration</c> (average > 10 s), <see cref="ApiServerErrorsAlarm"/> and <see cref="DeadLetterQueueAlarm"/>.
    /// </summary>
    /// <param name="function">A function name.</param>
    public static string ErrorRateAlarm(string function) => $"{function}-error-rate";

    /// <summary>The duration alarm of <paramref name="function"/>.</summary>
    /// <param name="function">A function name.</param>
    public static string DurationAlarm(string function) => $"{function}-duration";

    /// <summary>
    /// The guide's API Gateway alarm of <paramref name="function"/>'s API (<c>{function}-api</c>): 5XXError rate above 1%.
    /// </summary>
    /// <param name="function">A function name.</param>
    public static string ApiServerErrorsAlarm(string function) => $"{function}-api-5xx";

    /// <summary>The guide's dead-letter queue alarm of <paramref name="function"/> (<c>{function}-dlq</c>): messages present.</summary>
    /// <param name="function">A function name.</param>
    public static string DeadLetterQueueAlarm(string function) => $"{function}-dlq-depth";

    /// <summary>Each function's timeout, in seconds: an invocation that runs longer ends in "Task timed out after 30.00 seconds".</summary>
    public const int FunctionTimeoutSeconds = 30;

    /// <summary>The AppConfig application with environments dev and prod and the feature-flag profile.</summary>
    public const string AppConfigApplication = "ons-data-platform";

    /// <summary>The AppConfig environments.</summary>
    public static readonly IReadOnlyList<string> AppConfigEnvironments = ["dev", "prod"];

    /// <summary>The feature-flag configuration profile (type AWS.AppConfig.FeatureFlags).</summary>
    public const string FlagProfile = "feature-flags";

    /// <summary>The guide's three flags.</summary>
    public static readonly IReadOnlyList<string> Flags = ["enable_new_api_endpoint", "enable_enhanced_processing", "enable_advanced_monitoring"];

    /// <summary>The SNS topic pages go to.</summary>
    public const string OpsTopic = "opsbot-pages";

    /// <summary>
    /// The SNS topic every seeded alarm notifies (AlarmActions and OKActions), to which the sandbox subscribes the bot's
    /// <c>/sns/alarms</c>.
    /// </summary>
    public const string AlarmTopic = "opsbot-alarms";

    /// <summary>The ARN of <see cref="AlarmTopic"/> in a world: <c>arn:aws:sns:{region}:{account}:opsbot-alarms</c>.</summary>
    /// <param name="region">The world's region.</param>
    /// <param name="accountId">The world's account id.</param>
    public static string AlarmTopicArn(string region, string accountId) => $"arn:aws:sns:{region}:{accountId}:{AlarmTopic}";
}
