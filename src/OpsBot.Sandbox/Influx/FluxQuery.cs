namespace OpsBot.Sandbox.Influx;

/// <summary>A time bound of <c>range()</c>: nanoseconds since the epoch, or relative to now (a duration such as -1h, or now()).</summary>
internal readonly record struct FluxTime(long Nanoseconds, bool Relative)
{
    public long Resolve(long now) => Relative ? now + Nanoseconds : Nanoseconds;
}

/// <summary>
/// A step at the end of the pipeline, per table: <c>last()</c>, <c>first()</c> (the last or first row in the table's
/// order: by time as the storage reads them, unless a sort came before),
/// <c>limit(n:, offset:)</c>, or <c>sort(columns: ["_time"] or ["_value"], desc:)</c>.
/// </summary>
internal sealed record FluxSelector(string Name, int N = 1, int Offset = 0, string Column = "_time", bool Descending = false)
{
    public IReadOnlyList<(long Time, InfluxValue Value)> Apply(IReadOnlyList<(long Time, InfluxValue Value)> rows) => Name switch
    {
        "last" => rows.Count == 0 ? [] : [rows[^1]],
        "first" => rows.Count == 0 ? [] : [rows[0]],
        "sort" => Column == "_time"
            ? [.. Descending ? rows.OrderByDescending(r => r.Time) : rows.OrderBy(r => r.Time)]
            : [.. Descending ? rows.OrderByDescending(r => r.Value, ValueOrder.Instance) : rows.OrderBy(r => r.Value, ValueOrder.Instance)],
        _ => [.. rows.Skip(Offset).Take(N)],
    };

    /// <summary>Values of one series (one type): numbers by value, strings ordinally, false before true.</summary>
    private sealed class ValueOrder : IComparer<InfluxValue>
    {
        public static readonly ValueOrder Instance = new();

        public int Compare(InfluxValue x, InfluxValue y) =>
            x.Number is { } a && y.Number is { } b ? a.CompareTo(b)
            : x.Value is bool p && y.Value is bool q ? p.CompareTo(q)
            : string.CompareOrdinal(x.Text, y.Text);
    }
}

/// <summary>One table of a result: its group key (start, stop, field, measurement, tags) and its rows, time ascending.</summary>
internal sealed record FluxTable(long Start, long Stop, string Measurement, string Field, IReadOnlyList<KeyValuePair<string, string>> Tags, InfluxType Type,
    IReadOnlyList<(long Time, InfluxValue Value)> Rows);

/// <summary>
/// What the stand-in evaluates: <c>from(bucket:) |> range(start:, stop:) |> filter(fn:)… |> last()/first()/limit()/sort()… |> yield(name:)</c>.
/// As in InfluxDB, each series in the range is a table (grouped by start, stop, field, measurement and tags), a filter
/// keeps the rows its predicate matches, a selector works per table, and a table left without rows is dropped.
/// </summary>
internal sealed record FluxQuery(string Bucket, FluxTime Start, FluxTime Stop, IReadOnlyList<FluxPredicate> Filters, IReadOnlyList<FluxSelector> Selectors, string ResultName)
{
    public IReadOnlyList<FluxTable> Run(InfluxStore store, long now)
    {
        if (!store.HasBucket(Bucket))
            throw new FluxException($"failed to initialize execute state: could not find bucket \"{Bucket}\"", notFound: true);
        var start = Start.Resolve(now);
        var stop = Stop.Resolve(now);
        var tables = new List<FluxTable>();
        foreach (var series in store.Read(Bucket, start, stop)
            .OrderBy(s => s.Measurement, StringComparer.Ordinal)
            .ThenBy(s => string.Join('\u0001', s.Tags.Select(t => $"{t.Key}\u0002{t.Value}")), StringComparer.Ordinal)
            .ThenBy(s => s.Field, StringComparer.Ordinal))
        {
            var rows = series.Points.Where(p => Filters.All(f => f.Matches(Row(series, start, stop, p)))).ToList();
            IReadOnlyList<(long, InfluxValue)> selected = rows;
            foreach (var selector in Selectors)
                selected = selector.Apply(selected);
            if (selected.Count > 0)
                tables.Add(new FluxTable(start, stop, series.Measurement, series.Field, series.Tags, series.Type, selected));
        }
        return tables;
    }

    private static Dictionary<string, InfluxValue> Row(StoredSeries series, long start, long stop, (long Time, InfluxValue Value) point)
    {
        var row = new Dictionary<string, InfluxValue>(StringComparer.Ordinal)
        {
            ["_measurement"] = new(InfluxType.String, series.Measurement),
            ["_field"] = new(InfluxType.String, series.Field),
            ["_value"] = point.Value,
            ["_time"] = new(InfluxType.Integer, point.Time),
            ["_start"] = new(InfluxType.Integer, start),
            ["_stop"] = new(InfluxType.Integer, stop),
        };
        foreach (var (key, value) in series.Tags)
            row[key] = new(InfluxType.String, value);
        return row;
    }
}
