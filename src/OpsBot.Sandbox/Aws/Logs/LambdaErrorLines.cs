using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.Logs;

/// <summary>
/// What a failed invocation of the seed's Python functions writes to CloudWatch Logs, as the Lambda Python runtime
/// writes it: <c>[ERROR]\t2026-12-03T10:15:02.123Z\t&lt;request id&gt;\t&lt;message&gt;\n</c> (tab-separated, a newline at
/// the end), or for one that ran out of time <c>&lt;time&gt; &lt;request id&gt; Task timed out after 30.00 seconds\n</c>.
/// A faulty version fails with a few distinct messages of its function (the first most often), a healthy one now and
/// then with a reset connection; request ids and milliseconds differ from line to line, so that messages only group
/// once those are taken out. Everything is derived from a hash of function, version, second and line: a run repeats.
/// Streams are named as Lambda names them, one per version per day: <c>2026/12/03/[5]&lt;32 hex&gt;</c>.
/// </summary>
internal static class LambdaErrorLines
{
    private static readonly Dictionary<string, string[]> FaultMessages = new(StringComparer.Ordinal)
    {
        ["lambda_router"] =
        [
            "RouteError: upstream rag_query_processor answered 502 for POST /v2/query",
            "KeyError: 'requestContext'",
            "botocore.exceptions.ClientError: An error occurred (TooManyRequestsException) when calling the Invoke operation: Rate Exceeded.",
        ],
        ["structured_data_processor"] =
        [
            "ValidationError: record 1042 of s3://ons-data-platform-raw/incoming/batch.json: field 'timestamp' is not ISO-8601",
            "json.decoder.JSONDecodeError: Expecting ',' delimiter: line 1 column 2048 (char 2047)",
            "botocore.exceptions.ClientError: An error occurred (SlowDown) when calling the PutObject operation: Please reduce your request rate.",
        ],
        ["rag_query_processor"] =
        [
            "OpenSearchTimeoutError: search on index 'documents' timed out after 10000 ms",
            "EmbeddingError: the embedding endpoint answered 429 Too Many Requests",
            "KeyError: 'query'",
        ],
        ["influxdb_loader"] =
        [
            "InfluxDBWriteError: write to bucket 'metrics' failed: timeout",
            "InfluxDBWriteError: write to bucket 'metrics' failed: (503) Service Unavailable",
            "urllib3.exceptions.NewConnectionError: Failed to establish a new connection: [Errno 111] Connection refused",
        ],
        ["timeseries_query_processor"] =
        [
            "InfluxDBQueryError: query on bucket 'metrics' failed: timeout",
            "ValueError: invalid aggregation window '5x' in request",
            "FluxQueryError: compilation failed: error @3:5-3:12: undefined identifier mean_by",
        ],
    };

    /// <summary>What a healthy version's rare failures say.</summary>
    private const string OccasionalMessage = "ConnectionResetError: [Errno 104] Connection reset by peer";

    /// <summary>The log group of <paramref name="function"/>, as its LoggingConfig names it.</summary>
    public static string LogGroup(string function) => $"/aws/lambda/{function}";

    /// <summary>The stream of <paramref name="version"/> on <paramref name="day"/>: <c>YYYY/MM/DD/[version]&lt;32 hex&gt;</c>.</summary>
    public static string Stream(string function, string version, DateOnly day) =>
        $"{day.ToString("yyyy'/'MM'/'dd", CultureInfo.InvariantCulture)}/[{version}]{Hex($"stream:{function}:{version}:{day.DayNumber}")[..32]}";

    /// <summary>The lines of one second of failures, each with its time in milliseconds, in time order.</summary>
    public static IReadOnlyList<(long Timestamp, string Message)> Of(LambdaErrorSecond e)
    {
        var lines = new List<(long, string)>(e.Errors);
        for (var i = 0; i < e.Errors; i++)
        {
            var key = $"{e.Function}:{e.Version}:{e.Second}:{i}";
            var hash = Hex(key);
            var at = (e.Second * 1000) + (long)(ulong.Parse(hash[..8], NumberStyles.HexNumber, CultureInfo.InvariantCulture) % 1000);
            var requestId = $"{hash[8..16]}-{hash[16..20]}-4{hash[21..24]}-{"89ab"[hash[24] % 4]}{hash[25..28]}-{hash[28..40]}";
            var time = DateTimeOffset.FromUnixTimeMilliseconds(at).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            lines.Add((at, i < e.Timeouts
                ? $"{time} {requestId} Task timed out after {SandboxSeed.FunctionTimeoutSeconds}.00 seconds\n"
                : $"[ERROR]\t{time}\t{requestId}\t{Message(e, hash)}\n"));
        }
        lines.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return lines;
    }

    /// <summary>A faulty version's message: the function's first in six of ten lines, its second in three, its third in one.</summary>
    private static string Message(LambdaErrorSecond e, string hash)
    {
        if (!e.Faulty || !FaultMessages.TryGetValue(e.Function, out var messages))
            return OccasionalMessage;
        var pick = ulong.Parse(hash[40..48], NumberStyles.HexNumber, CultureInfo.InvariantCulture) % 10;
        return messages[pick < 6 ? 0 : pick < 9 ? 1 : 2];
    }

    private static string Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
