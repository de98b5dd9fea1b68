using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>Puts the requests that reached each function through its API into the <see cref="MetricStore"/> as API Gateway publishes them (<see cref="ApiGatewayMetrics"/>).</summary>
internal sealed class ApiGatewayMetricsRecorder(MetricStore store) : IApiGatewayMetricsSink
{
    public void Write(string function, long second, LambdaMetrics.Second figures)
    {
        if (figures.Invocations <= 0)
            return;
        var n = figures.Invocations;
        var dimensions = ApiGatewayMetrics.Dimensions(function);
        var overhead = ApiGatewayMetrics.OverheadMs;
        store.Put(MetricKey.Of(ApiGatewayMetrics.Namespace, ApiGatewayMetrics.Count, dimensions), "Count", second, new SecondStats(n, n, 1, 1));
        store.Put(MetricKey.Of(ApiGatewayMetrics.Namespace, ApiGatewayMetrics.ServerErrors, dimensions), "Count", second,
            new SecondStats(figures.Errors, n, figures.Errors == n ? 1 : 0, figures.Errors > 0 ? 1 : 0));
        store.Put(MetricKey.Of(ApiGatewayMetrics.Namespace, ApiGatewayMetrics.ClientErrors, dimensions), "Count", second, new SecondStats(0, n, 0, 0));
        store.Put(MetricKey.Of(ApiGatewayMetrics.Namespace, ApiGatewayMetrics.IntegrationLatency, dimensions), "Milliseconds", second,
            new SecondStats(figures.DurationSum, n, figures.DurationMin, figures.DurationMax));
        store.Put(MetricKey.Of(ApiGatewayMetrics.Namespace, ApiGatewayMetrics.Latency, dimensions), "Milliseconds", second,
            new SecondStats(figures.DurationSum + (n * overhead), n, figures.DurationMin + overhead, figures.DurationMax + overhead));
    }
}
