using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpsBot.Aws;
using OpsBot.Core.Deployments;
using OpsBot.Core.Health;
using OpsBot.Core.Ports;

namespace OpsBot.Bench;

/// <summary>
/// How many GetMetricData calls one poll makes with 100 metric checks configured: the real
/// <c>CloudWatchMetricsSource</c> (through <c>AddAws</c>, signed, over HTTP) against <see cref="LoopbackCloudWatch"/>,
/// on the batch a poll builds (as <see cref="HealthReader"/> does: the new and the stable version of every canary, and
/// each check by <see cref="MetricChecks.Query"/>), for a range of canary counts. Prints the calls made and
/// ⌈CloudWatch queries / 500⌉; no timing.
/// </summary>
internal static class MetricCheckCalls
{
    private const int Checks = 100;
    private const int Period = 60;

    private static readonly int[] CanaryCounts = [1, 10, 50, 100, 166, 200, 500, 1000];

    public static async Task<int> RunAsync(TextWriter output)
    {
        await using var cloudWatch = LoopbackCloudWatch.Start();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpsBot:Aws:Region"] = "us-east-1",
            ["OpsBot:Aws:AccessKeyId"] = "bench",
            ["OpsBot:Aws:SecretAccessKey"] = "bench",
            ["OpsBot:Aws:ServiceUrls:cloudwatch"] = cloudWatch.Url,
            ["OpsBot:Aws:MaxAttempts"] = "1",
        }).Build();
        await using var provider = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddAws(configuration)
            .BuildServiceProvider();
        var metrics = provider.GetRequiredService<IMetricsSource>();

        output.WriteLine($"GetMetricData per poll with {Checks} metric checks configured (half one metric, half an expression over two),");
        output.WriteLine($"the real CloudWatchMetricsSource against a counting stand-in on {cloudWatch.Url}, one region");
        output.WriteLine();
        output.WriteLine("  canaries  lambda queries  checks  cloudwatch queries  calls  ceil(queries/500)  largest call  errors");
        var ok = true;
        foreach (var canaries in CanaryCounts)
        {
            var batch = Batch(canaries);
            var cost = batch.Lambda.Sum(q => q.Detailed ? 5 : 3) + batch.Checks.Sum(c => c.Cost);
            var expected = (cost + 499) / 500;
            cloudWatch.Reset();
            var answers = await metrics.ReadAsync(batch, CancellationToken.None);
            var errors = answers.Lambda.Count(s => s.Error is not null) + answers.Checks.Count(c => c.Error is not null);
            output.WriteLine($"  {canaries,8} {batch.Lambda.Count,15} {batch.Checks.Count,7} {cloudWatch.Queries,19} {cloudWatch.Calls,6} {expected,18} {cloudWatch.Largest,13} {errors,7}");
            ok &= cloudWatch.Calls == expected && cloudWatch.Queries == cost && cloudWatch.Refusable == 0 && errors == 0;
        }
        output.WriteLine();
        output.WriteLine(ok ? "  every poll took ceil(queries/500) calls" : "  MISMATCH: a poll took more calls than ceil(queries/500), or a call CloudWatch would refuse");
        return ok ? 0 : 1;
    }

    /// <summary>What one poll reads: both versions of each canary over the last 5 periods, and the checks spread over the canaries.</summary>
    private static MetricBatch Batch(int canaries)
    {
        var end = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
        var start = end.AddSeconds(-5 * Period);
        var targets = Enumerable.Range(0, canaries)
            .Select(i => new FunctionTarget { Environment = "bench", Function = $"fn_{i:D4}", Alias = "live", Region = "us-east-1" })
            .ToList();
        var lambda = targets
            .SelectMany((t, i) => new[] { new MetricQuery($"q{2 * i}", t, "5", start, end, Period), new MetricQuery($"q{2 * i + 1}", t, "4", start, end, Period) })
            .ToList();
        var checks = Enumerable.Range(0, Checks)
            .Select(i => MetricChecks.Query($"c{i}", i % 2 == 0 ? DlqDepth : ApiErrorRate, targets[i % canaries], "5", start, end, Period))
            .ToList();
        return new MetricBatch(lambda, checks);
    }

    private static readonly ProbeOptions DlqDepth = new()
    {
        Type = ProbeOptions.MetricType,
        Namespace = "AWS/SQS",
        MetricName = "ApproximateNumberOfMessagesVisible",
        Dimensions = { ["QueueName"] = "{function}-dlq" },
        Statistic = "Maximum",
        Threshold = 0,
    };

    private static readonly ProbeOptions ApiErrorRate = new()
    {
        Type = ProbeOptions.MetricType,
        Expression = "100 * errors / requests",
        Metrics =
        {
            ["errors"] = new ProbeMetricOptions { Namespace = "AWS/ApiGateway", MetricName = "5XXError", Dimensions = { ["ApiName"] = "{function}" } },
            ["requests"] = new ProbeMetricOptions { Namespace = "AWS/ApiGateway", MetricName = "Count", Dimensions = { ["ApiName"] = "{function}" } },
        },
        Threshold = 1,
        Unit = "%",
    };
}
