using OpsBot.Core.Configuration;
using OpsBot.Core.Ports;
using OpsBot.Testing;

namespace OpsBot.Core.Tests.Configuration;

public sealed class ProbeValidationTests
{
    /// <summary>An adapter that finds every setting wrong in the same two ways, so its problems can be seen keyed.</summary>
    private sealed class PickyProbe : IHealthProbe
    {
        public string Type => "http";

        public IEnumerable<string> Validate(ProbeOptions options) =>
            options.Url is null ? ["Url: an absolute https URL is needed", "something else is off"] : [];

        public Task<ProbeResult> CheckAsync(ProbeRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private static IReadOnlyList<string> Failures(Action<OpsBotOptions> change)
    {
        var options = TestOptions.Create();
        change(options);
        var result = new OpsBotOptionsValidator([new FakeProbe("influxdb"), new PickyProbe()]).Validate(null, options);
        return result.Failures?.ToList() ?? [];
    }

    private static ProbeOptions Metric() => new() { Type = ProbeOptions.MetricType, Namespace = "AWS/SQS", MetricName = "ApproximateNumberOfMessagesVisible" };

    [Fact]
    public void The_test_configuration_is_valid() => Assert.Empty(Failures(_ => { }));

    [Fact]
    public void An_unknown_type_is_refused_with_the_known_ones() =>
        Assert.Equal(["OpsBot:Environments:prod:Probes:api:Type: unknown probe type 'htp' (known: http, influxdb, metric)"],
            Failures(o => o.Environments["prod"].Probes["api"] = new ProbeOptions { Type = "htp" }));

    [Fact]
    public void A_probe_without_a_type_is_refused() =>
        Assert.Equal(["OpsBot:Environments:prod:Probes:api:Type: a probe needs a Type (known: http, influxdb, metric)"],
            Failures(o => o.Environments["prod"].Probes["api"] = new ProbeOptions()));

    [Fact]
    public void An_adapters_problems_are_keyed_under_the_probe() =>
        Assert.Equal(["OpsBot:Environments:prod:Probes:api:Url: an absolute https URL is needed", "OpsBot:Environments:prod:Probes:api: something else is off"],
            Failures(o => o.Environments["prod"].Probes["api"] = new ProbeOptions { Type = "http" }));

    [Fact]
    public void A_function_naming_a_probe_its_environment_lacks_is_refused() =>
        Assert.Equal(["OpsBot:Environments:dev:Functions:lambda_router:Probes:0: no probe named 'api' is configured under OpsBot:Environments:dev:Probes (known: influxdb)"],
            Failures(o =>
            {
                o.Environments["prod"].Probes["api"] = new ProbeOptions { Type = "http", Url = "https://api.example.com/health" };
                o.Environments["dev"].Functions["lambda_router"].Probes.Add("api");
            }));

    [Theory]
    [InlineData("Comparison", "OpsBot:Environments:prod:Probes:dlq:Comparison: unknown comparison 'Above' (known: GreaterThanThreshold, GreaterThanOrEqualToThreshold, LessThanThreshold, LessThanOrEqualToThreshold)")]
    [InlineData("Statistic", "OpsBot:Environments:prod:Probes:dlq:Statistic: 'Median' is not a CloudWatch statistic (Sum, Average, Maximum, Minimum, SampleCount, p99…)")]
    [InlineData("NoMetric", "OpsBot:Environments:prod:Probes:dlq:MetricName: a metric probe needs Namespace and MetricName, or an Expression over Metrics")]
    [InlineData("ExpressionWithoutInputs", "OpsBot:Environments:prod:Probes:dlq:Metrics: an Expression needs its input metrics under Metrics (m1, m2, …)")]
    [InlineData("BadInputId", "OpsBot:Environments:prod:Probes:dlq:Metrics:M1: an id starts with a lowercase letter and holds letters, digits and underscores")]
    [InlineData("Timeout", "OpsBot:Environments:prod:Probes:dlq:Timeout: must be within 00:00:00.001..00:01:00, not 00:05:00")]
    public void Metric_probe_settings_are_checked(string what, string expected)
    {
        var failures = Failures(o =>
        {
            var p = Metric();
            switch (what)
            {
                case "Comparison": p.Comparison = "Above"; break;
                case "Statistic": p.Statistic = "Median"; break;
                case "NoMetric": p.MetricName = null; break;
                case "ExpressionWithoutInputs": p.MetricName = null; p.Expression = "100 * m1 / m2"; break;
                case "BadInputId":
                    p.MetricName = null;
                    p.Expression = "M1";
                    p.Metrics["M1"] = new ProbeMetricOptions { Namespace = "AWS/ApiGateway", MetricName = "5XXError" };
                    break;
                case "Timeout": p.Timeout = TimeSpan.FromMinutes(5); break;
            }
            o.Environments["prod"].Probes["dlq"] = p;
        });
        Assert.Equal([expected], failures);
    }

    [Fact]
    public void An_expression_over_its_metrics_and_a_percentile_are_valid() =>
        Assert.Empty(Failures(o => o.Environments["prod"].Probes["api5xx"] = new ProbeOptions
        {
            Type = ProbeOptions.MetricType, Expression = "100 * m1 / m2", Threshold = 1, Unit = "%",
            Metrics =
            {
                ["m1"] = new ProbeMetricOptions { Namespace = "AWS/ApiGateway", MetricName = "5XXError", Statistic = "p99.9" },
                ["m2"] = new ProbeMetricOptions { Namespace = "AWS/ApiGateway", MetricName = "Count" },
            },
        }));
}
