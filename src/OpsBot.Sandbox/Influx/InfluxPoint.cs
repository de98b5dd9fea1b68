namespace OpsBot.Sandbox.Influx;

/// <summary>One line of line protocol: a measurement, its tags (sorted by key), its fields and its time in nanoseconds.</summary>
internal sealed record InfluxPoint(string Measurement, IReadOnlyList<KeyValuePair<string, string>> Tags, IReadOnlyList<KeyValuePair<string, InfluxValue>> Fields, long Time);

/// <summary>A series as InfluxDB stores one: measurement, tag set and field; its points hold one type of value.</summary>
internal sealed record SeriesKey(string Measurement, string TagSet, string Field)
{
    public static SeriesKey Of(InfluxPoint point, string field) =>
        new(point.Measurement, string.Join('\u0001', point.Tags.Select(t => $"{t.Key}\u0002{t.Value}")), field);
}
