namespace OpsBot.Aws.CloudWatch;

/// <summary>
/// What the GetMetricData calls of one scope answered, by query id: each result (all pages merged), or the failure of
/// the call a query travelled in.
/// </summary>
internal sealed class MetricDataAnswers
{
    private readonly Dictionary<string, MetricDataResult> _results = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _failures = new(StringComparer.Ordinal);

    public void Answered(IReadOnlyList<MetricDataResult> results)
    {
        foreach (var result in results)
        {
            if (result.Id is { } id)
                _results[id] = result;
        }
    }

    public void Failed(GetMetricDataInput call, string error)
    {
        foreach (var query in call.MetricDataQueries)
            _failures[query.Id] = error;
    }

    /// <summary>The failure of the call that carried <paramref name="id"/>, if it failed.</summary>
    public string? FailureOf(string id) => _failures.GetValueOrDefault(id);

    /// <summary>Why a series cannot be used (its call failed, it is missing, or CloudWatch marked it failed), or null with its result.</summary>
    public string? Problem(string id, string what, out MetricDataResult? result)
    {
        result = null;
        if (FailureOf(id) is { } failure)
            return failure;
        if (!_results.TryGetValue(id, out var found))
            return $"CloudWatch returned no {what} data";
        if (MetricDataStatus.IsFailure(found.StatusCode))
            return $"CloudWatch {what} data {found.StatusCode}{Describe(found.Messages)}";
        result = found;
        return null;
    }

    /// <summary>The points of a series inside [<paramref name="start"/>, <paramref name="end"/>), by period start.</summary>
    public static Dictionary<DateTimeOffset, double> PointsOf(MetricDataResult result, DateTimeOffset start, DateTimeOffset end)
    {
        var points = new Dictionary<DateTimeOffset, double>();
        var timestamps = result.Timestamps ?? [];
        var values = result.Values ?? [];
        for (var i = 0; i < Math.Min(timestamps.Count, values.Count); i++)
        {
            if (timestamps[i] >= start && timestamps[i] < end)
                points[timestamps[i]] = values[i];
        }
        return points;
    }

    private static string Describe(IReadOnlyList<MessageData>? messages) =>
        messages is { Count: > 0 } ? ": " + string.Join(", ", messages.Select(m => $"{m.Code} {m.Value}".Trim())) : "";
}
