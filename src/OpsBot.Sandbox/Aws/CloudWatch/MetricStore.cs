namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>
/// The metrics of the simulated world: per metric a <see cref="SecondStats"/> for every second, and the same rolled up
/// per minute. As in CloudWatch, sub-minute data is kept for <see cref="SecondRetentionSeconds"/> (3 hours) and minute
/// data for <see cref="RetentionSeconds"/> (6 hours); older data, and a metric left with none, is dropped, so memory
/// stays bounded (about 20 MB for the seed's five functions) however long the sandbox runs.
/// </summary>
internal sealed class MetricStore
{
    /// <summary>How far back minute data is kept: six hours. Nothing older is simulated either.</summary>
    public const long RetentionSeconds = 6 * 3600;

    /// <summary>How far back second data is kept: three hours, as CloudWatch keeps high-resolution data.</summary>
    public const long SecondRetentionSeconds = 3 * 3600;

    private const long ChunkSeconds = 600;

    private readonly Lock _lock = new();
    private readonly Dictionary<MetricKey, Series> _series = [];

    /// <summary>Adds a second's statistics to a metric (merged with what that second, and its minute, already hold).</summary>
    public void Put(MetricKey key, string unit, long second, SecondStats stats)
    {
        if (!stats.HasData)
            return;
        lock (_lock)
        {
            if (!_series.TryGetValue(key, out var series))
                _series[key] = series = new Series(unit);
            var chunkStart = Floor(second, ChunkSeconds);
            if (!series.Chunks.TryGetValue(chunkStart, out var chunk))
                series.Chunks[chunkStart] = chunk = new SecondStats[ChunkSeconds];
            ref var slot = ref chunk[second - chunkStart];
            slot = slot.Merge(stats);
            var minute = Floor(second, 60);
            series.Minutes[minute] = series.Minutes.GetValueOrDefault(minute).Merge(stats);
        }
    }

    /// <summary>Drops what is older than the retentions before <paramref name="now"/> (epoch seconds).</summary>
    public void Trim(long now)
    {
        lock (_lock)
        {
            foreach (var (key, series) in _series.ToList())
            {
                foreach (var start in series.Chunks.Keys.Where(s => s + ChunkSeconds <= now - SecondRetentionSeconds).ToList())
                    series.Chunks.Remove(start);
                foreach (var minute in series.Minutes.Keys.Where(m => m + 60 <= now - RetentionSeconds).ToList())
                    series.Minutes.Remove(minute);
                if (series.Minutes.Count == 0)
                    _series.Remove(key);
            }
        }
    }

    /// <summary>
    /// The metric's statistics per period over [<paramref name="start"/>, <paramref name="end"/>) (epoch seconds),
    /// periods counted from <paramref name="start"/>, ascending; periods without data are left out, as CloudWatch
    /// does. Whole minutes come from the minute rollups (so minute periods reach back further than second ones), the
    /// rest from the seconds. A <paramref name="unit"/> other than the metric's finds nothing, as in CloudWatch.
    /// </summary>
    public IReadOnlyList<(long Start, SecondStats Stats)> Aggregate(MetricKey key, string? unit, long start, long end, int period)
    {
        var points = new List<(long, SecondStats)>();
        lock (_lock)
        {
            if (!_series.TryGetValue(key, out var series) || (unit is not null && unit != series.Unit))
                return points;
            for (var p = start; p < end; p += period)
            {
                var total = default(SecondStats);
                var periodEnd = Math.Min(p + period, end);
                for (var s = p; s < periodEnd;)
                {
                    if (s % 60 == 0 && s + 60 <= periodEnd)
                    {
                        total = total.Merge(series.Minutes.GetValueOrDefault(s));
                        s += 60;
                    }
                    else
                    {
                        total = total.Merge(series.Second(s));
                        s++;
                    }
                }
                if (total.HasData)
                    points.Add((p, total));
            }
        }
        return points;
    }

    /// <summary>
    /// A percentile of the metric per period over [<paramref name="start"/>, <paramref name="end"/>), estimated as
    /// CloudWatch estimates them, from what is kept: within each second the samples are taken as spread evenly between
    /// that second's minimum and maximum, and the period's percentile is where that mixture reaches
    /// <paramref name="fraction"/> of its samples. Second data is kept three hours; periods older than that have none.
    /// </summary>
    public IReadOnlyList<(long Start, double Value)> Percentiles(MetricKey key, string? unit, long start, long end, int period, double fraction)
    {
        var points = new List<(long, double)>();
        lock (_lock)
        {
            if (!_series.TryGetValue(key, out var series) || (unit is not null && unit != series.Unit))
                return points;
            for (var p = start; p < end; p += period)
            {
                var seconds = new List<SecondStats>();
                for (var s = p; s < Math.Min(p + period, end); s++)
                {
                    var stats = series.Second(s);
                    if (stats.HasData)
                        seconds.Add(stats);
                }
                if (seconds.Count > 0)
                    points.Add((p, Quantile(seconds, fraction)));
            }
        }
        return points;
    }

    /// <summary>The value below which <paramref name="fraction"/> of the samples lie, each second's spread evenly over [min, max].</summary>
    private static double Quantile(List<SecondStats> seconds, double fraction)
    {
        var total = seconds.Sum(s => s.SampleCount);
        double Below(double x) => seconds.Sum(s => s.Maximum <= s.Minimum
            ? (x >= s.Minimum ? s.SampleCount : 0)
            : s.SampleCount * Math.Clamp((x - s.Minimum) / (s.Maximum - s.Minimum), 0, 1));
        double low = seconds.Min(s => s.Minimum), high = seconds.Max(s => s.Maximum);
        for (var i = 0; i < 60 && high - low > 1e-9; i++)
        {
            var mid = (low + high) / 2;
            if (Below(mid) >= fraction * total)
                high = mid;
            else
                low = mid;
        }
        return high;
    }

    /// <summary>The statistics of one second, or null without data.</summary>
    public SecondStats? At(MetricKey key, long second)
    {
        lock (_lock)
        {
            var stats = _series.TryGetValue(key, out var series) ? series.Second(second) : default;
            return stats.HasData ? stats : null;
        }
    }

    /// <summary>The metrics that have data (for tests and listings).</summary>
    public IReadOnlyList<MetricKey> Keys()
    {
        lock (_lock)
            return [.. _series.Keys];
    }

    private static long Floor(long value, long step) => value - (((value % step) + step) % step);

    private sealed class Series(string unit)
    {
        public string Unit { get; } = unit;

        /// <summary>Seconds, in chunks of ten minutes by the chunk's first second.</summary>
        public Dictionary<long, SecondStats[]> Chunks { get; } = [];

        /// <summary>Every second of a minute merged, by the minute's first second.</summary>
        public Dictionary<long, SecondStats> Minutes { get; } = [];

        public SecondStats Second(long second) =>
            Chunks.TryGetValue(Floor(second, ChunkSeconds), out var chunk) ? chunk[second - Floor(second, ChunkSeconds)] : default;
    }
}
