namespace OpsBot.Sandbox.Aws.Shared;

/// <summary>
/// The AWS/ApiGateway metrics of the API in front of each function (a REST API named <c>{function}-api</c>, dimension
/// set {ApiName}), as API Gateway publishes them per request: Count 1, 5XXError 0 or 1 (a Lambda error is a 502, a
/// timeout a 504), 4XXError 0, Latency and IntegrationLatency in milliseconds. So Sum of 5XXError counts server
/// errors and Average is their rate, as the guide's "API Gateway 5xx > 1%" alarm reads it. Written by the traffic
/// (through <see cref="IApiGatewayMetricsSink"/>), kept by CloudWatch.
/// </summary>
internal static class ApiGatewayMetrics
{
    public const string Namespace = "AWS/ApiGateway";
    public const string Count = "Count";
    public const string ServerErrors = "5XXError";
    public const string ClientErrors = "4XXError";
    public const string Latency = "Latency";
    public const string IntegrationLatency = "IntegrationLatency";

    /// <summary>What API Gateway adds to the integration's time, in milliseconds.</summary>
    public const double OverheadMs = 15;

    /// <summary>The API in front of <paramref name="function"/>.</summary>
    public static string ApiName(string function) => $"{function}-api";

    public static IReadOnlyList<Dimension> Dimensions(string function) => [new("ApiName", ApiName(function))];
}

/// <summary>Where the simulated traffic puts what the API in front of a function saw in one second: CloudWatch's metric store.</summary>
internal interface IApiGatewayMetricsSink
{
    /// <summary>Records the requests of one second that reached <paramref name="function"/> (nothing when there were none).</summary>
    void Write(string function, long second, LambdaMetrics.Second figures);
}
