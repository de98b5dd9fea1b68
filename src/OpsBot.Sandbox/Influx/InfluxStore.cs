namespace OpsBot.Sandbox.Influx;

/// <summary>
/// The stand-in's data: per bucket, per series (measurement, tag set, field), its points by time. A point written
/// again at the same time replaces the old one, as in InfluxDB; a value of another type than the series holds is a
/// field type conflict; each series keeps its newest <see cref="InfluxStandInOptions.MaxPointsPerSeries"/> points.
/// Kept across the stand-in going down and up again, as a server's disk is.
/// </summary>
internal sealed class InfluxStore(IEnumerable<string> buckets, int maxPointsPerSeries)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<SeriesKey, Series>> _buckets =
        buckets.ToDictionary(b => b, _ => new Dictionary<SeriesKey, Series>(), StringComparer.Ordinal);

    public bool HasBucket(string bucket) => _buckets.ContainsKey(bucket);

    /// <summary>Writes the points; answers the field type conflicts (those points' fields are dropped), as InfluxDB words them.</summary>
    public IReadOnlyList<string> Write(string bucket, IReadOnlyList<InfluxPoint> points)
    {
        var conflicts = new List<string>();
        lock (_lock)
        {
            var series = _buckets[bucket];
            foreach (var point in points)
            {
                foreach (var (field, value) in point.Fields)
                {
                    var key = SeriesKey.Of(point, field);
                    if (!series.TryGetValue(key, out var s))
                        series[key] = s = new Series(point.Measurement, point.Tags, field, value.Type);
                    if (s.Type != value.Type)
                    {
                        conflicts.Add($"field type conflict: input field \"{field}\" on measurement \"{point.Measurement}\" is type {value.TypeName}, already exists as type {new InfluxValue(s.Type, 0).TypeName}");
                        continue;
                    }
                    s.Points[point.Time] = value;
                    while (s.Points.Count > maxPointsPerSeries)
                        s.Points.Remove(s.Points.Keys[0]);
                }
            }
        }
        return conflicts;
    }

    /// <summary>A copy of the bucket's series with their points in [<paramref name="start"/>, <paramref name="stop"/>) (ns), time ascending.</summary>
    public IReadOnlyList<StoredSeries> Read(string bucket, long start, long stop)
    {
        lock (_lock)
        {
            return [.. _buckets[bucket].Values
                .Select(s => new StoredSeries(s.Measurement, s.Tags, s.Field, s.Type,
                    [.. s.Points.Where(p => p.Key >= start && p.Key < stop).Select(p => (p.Key, p.Value))]))
                .Where(s => s.Points.Count > 0)];
        }
    }

    private sealed class Series(string measurement, IReadOnlyList<KeyValuePair<string, string>> tags, string field, InfluxType type)
    {
        public string Measurement { get; } = measurement;

        public IReadOnlyList<KeyValuePair<string, string>> Tags { get; } = tags;

        public string Field { get; } = field;

        public InfluxType Type { get; } = type;

        public SortedList<long, InfluxValue> Points { get; } = [];
    }
}

/// <summary>A series as read: its key, the type of its values and its points (time in ns, value), time ascending.</summary>
internal sealed record StoredSeries(string Measurement, IReadOnlyList<KeyValuePair<string, string>> Tags, string Field, InfluxType Type,
    IReadOnlyList<(long Time, InfluxValue Value)> Points);
