namespace OpsBot.Sandbox.Influx;

/// <summary>
/// A Flux query the stand-in will not run, said the way InfluxDB says it (<c>compilation failed: error @1:5-1:9: …</c>,
/// HTTP 400, code <c>invalid</c>), or a bucket it does not have (404, code <c>not found</c>).
/// </summary>
internal sealed class FluxException(string message, bool notFound = false) : Exception(message)
{
    public bool NotFound { get; } = notFound;

    /// <summary>A compilation error at <paramref name="start"/>..<paramref name="end"/> (offsets) of <paramref name="query"/>.</summary>
    public static FluxException At(string query, int start, int end, string message) =>
        new($"compilation failed: error @{Position(query, start)}-{Position(query, Math.Max(start, end))}: {message}");

    private static string Position(string query, int offset)
    {
        offset = Math.Clamp(offset, 0, query.Length);
        var line = 1 + query[..offset].Count(c => c == '\n');
        var column = offset - (query.LastIndexOf('\n', Math.Max(0, offset - 1)) is var nl && nl >= 0 && nl < offset ? nl + 1 : 0) + 1;
        return $"{line}:{column}";
    }
}
