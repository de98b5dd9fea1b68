using System.Text.Json;
using OpsBot.Aws.Http;

namespace OpsBot.Aws.CloudWatch;

/// <summary>
/// CloudWatch over AWS JSON 1.0 (target <c>GraniteServiceVersion20100801</c>, query-compatible: errors carry their
/// code in <c>x-amzn-query-error</c>). Timestamps travel as epoch seconds.
/// </summary>
internal sealed class CloudWatchClient(AwsTransport transport)
{
    /// <summary>Pascal members, nulls left out, and every timestamp (also inside lists) as epoch seconds.</summary>
    internal static readonly JsonSerializerOptions Json = new(AwsJson.Pascal) { Converters = { new EpochSecondsConverter() } };

    public Task<GetMetricDataOutput> GetMetricDataAsync(AwsScope scope, GetMetricDataInput input, CancellationToken cancellationToken) =>
        transport.JsonRpcAsync<GetMetricDataInput, GetMetricDataOutput>(scope, AwsService.CloudWatch, "GetMetricData", input, Json, cancellationToken);

    /// <summary>
    /// Every page of <paramref name="input"/> (following <c>NextToken</c>), merged into one result per query id in the
    /// order of first appearance: points concatenated, messages collected. The merged status is a failure
    /// (<c>InternalError</c>, <c>Forbidden</c>) if any page had one, because later pages do not repair missing points;
    /// otherwise the last page's status.
    /// </summary>
    public async Task<IReadOnlyList<MetricDataResult>> GetAllMetricDataAsync(AwsScope scope, GetMetricDataInput input, CancellationToken cancellationToken)
    {
        var merged = new Dictionary<string, MergedResult>(StringComparer.Ordinal);
        string? token = input.NextToken;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var page = await GetMetricDataAsync(scope, input with { NextToken = token }, cancellationToken);
            foreach (var result in page.MetricDataResults ?? [])
            {
                var id = result.Id ?? "";
                if (!merged.TryGetValue(id, out var into))
                    merged[id] = into = new MergedResult(id, result.Label);
                into.Add(result);
            }
            token = page.NextToken;
            if (token is not null && !seen.Add(token))
                throw new AwsServiceException(AwsService.CloudWatch.Name, "GetMetricData", "RepeatedNextToken", $"the same NextToken came back twice ({token})", null, null);
        }
        while (!string.IsNullOrEmpty(token));
        return [.. merged.Values.Select(m => m.ToResult())];
    }

    public Task<DescribeAlarmsOutput> DescribeAlarmsAsync(AwsScope scope, DescribeAlarmsInput input, CancellationToken cancellationToken) =>
        transport.JsonRpcAsync<DescribeAlarmsInput, DescribeAlarmsOutput>(scope, AwsService.CloudWatch, "DescribeAlarms", input, Json, cancellationToken);

    /// <summary>Every page of <paramref name="input"/> (following <c>NextToken</c>): all metric and composite alarms.</summary>
    public async Task<DescribeAlarmsOutput> DescribeAllAlarmsAsync(AwsScope scope, DescribeAlarmsInput input, CancellationToken cancellationToken)
    {
        var metricAlarms = new List<MetricAlarm>();
        var compositeAlarms = new List<CompositeAlarm>();
        string? token = input.NextToken;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var page = await DescribeAlarmsAsync(scope, input with { NextToken = token }, cancellationToken);
            metricAlarms.AddRange(page.MetricAlarms ?? []);
            compositeAlarms.AddRange(page.CompositeAlarms ?? []);
            token = page.NextToken;
            if (token is not null && !seen.Add(token))
                throw new AwsServiceException(AwsService.CloudWatch.Name, "DescribeAlarms", "RepeatedNextToken", $"the same NextToken came back twice ({token})", null, null);
        }
        while (!string.IsNullOrEmpty(token));
        return new DescribeAlarmsOutput(metricAlarms, compositeAlarms);
    }

    /// <summary>The pages of one query's data being put together.</summary>
    private sealed class MergedResult(string id, string? label)
    {
        private readonly List<DateTimeOffset> _timestamps = [];
        private readonly List<double> _values = [];
        private readonly List<MessageData> _messages = [];
        private string? _status;

        public void Add(MetricDataResult page)
        {
            var timestamps = page.Timestamps ?? [];
            var values = page.Values ?? [];
            // The two lists pair up by position; a malformed page with unequal lengths keeps only the pairs it has.
            var count = Math.Min(timestamps.Count, values.Count);
            _timestamps.AddRange(timestamps.Take(count));
            _values.AddRange(values.Take(count));
            _messages.AddRange(page.Messages ?? []);
            if (!MetricDataStatus.IsFailure(_status))
                _status = page.StatusCode ?? _status;
        }

        public MetricDataResult ToResult() => new(id, label, _timestamps, _values, _status, _messages);
    }
}
