using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>
/// GetMetricData: up to 500 queries (metric statistics at any period of whole seconds, and arithmetic expressions)
/// over [StartTime, EndTime); per returned query its period starts and values, newest first unless ScanBy says
/// TimestampAscending. Points beyond MaxDatapoints go to further pages: the NextToken holds the position and the
/// moment of the first page, so every page answers the same question even while the simulation moves on.
/// </summary>
internal sealed class GetMetricDataOperation(MetricDataEngine engine, TimeProvider time)
{
    /// <summary>CloudWatch's default and largest number of points per call.</summary>
    public const int DefaultMaxDatapoints = 100_800;

    public JsonObject Handle(JsonObject input)
    {
        var queries = MetricQueries.Parse(
            CloudWatchInput.Objects(input, "MetricDataQueries", "MetricDataQueries") ?? throw CloudWatchException.MissingParameter("MetricDataQueries"),
            "MetricDataQueries");
        var start = CloudWatchInput.Timestamp(input, "StartTime", "StartTime") ?? throw CloudWatchException.MissingParameter("StartTime");
        var end = CloudWatchInput.Timestamp(input, "EndTime", "EndTime") ?? throw CloudWatchException.MissingParameter("EndTime");
        if (start >= end)
            throw CloudWatchException.InvalidParameterValue("The parameter StartTime must be less than the parameter EndTime.");
        var scanBy = CloudWatchInput.String(input, "ScanBy", "ScanBy") ?? "TimestampDescending";
        if (scanBy is not ("TimestampDescending" or "TimestampAscending"))
            throw CloudWatchException.InvalidParameterValue($"The value {scanBy} for parameter ScanBy is not valid: TimestampDescending or TimestampAscending.");
        var max = CloudWatchInput.Integer(input, "MaxDatapoints", "MaxDatapoints") ?? DefaultMaxDatapoints;
        if (max < 1)
            throw CloudWatchException.InvalidParameterValue("The parameter MaxDatapoints must be greater than 0.");

        var fingerprint = Fingerprint(input);
        var (offset, asOf) = CloudWatchInput.String(input, "NextToken", "NextToken") is { Length: > 0 } token
            ? Decode(token, fingerprint)
            : (0, time.GetUtcNow().ToUnixTimeSeconds());
        var startSecond = (long)Math.Floor(start.ToUnixTimeMilliseconds() / 1000.0);
        var endSecond = Math.Min((long)Math.Ceiling(end.ToUnixTimeMilliseconds() / 1000.0), asOf);
        var series = engine.Evaluate(queries, startSecond, endSecond);

        var returned = queries.Where(q => q.ReturnData).ToList();
        var points = returned.Select(q => scanBy == "TimestampAscending" ? series[q.Id].ToList() : series[q.Id].Reverse().ToList()).ToList();
        var total = points.Sum(p => (long)p.Count);
        var pageEnd = Math.Min(total, offset + max);

        var results = new JsonArray();
        long before = 0;
        for (var i = 0; i < returned.Count; i++)
        {
            var from = (int)Math.Clamp(offset - before, 0, points[i].Count);
            var to = (int)Math.Clamp(pageEnd - before, 0, points[i].Count);
            var page = points[i].GetRange(from, to - from);
            results.Add(new JsonObject
            {
                ["Id"] = returned[i].Id,
                ["Label"] = returned[i].Label ?? returned[i].MetricStat?.Metric.MetricName ?? returned[i].Id,
                ["Timestamps"] = new JsonArray([.. page.Select(p => (JsonNode)p.Key)]),
                ["Values"] = new JsonArray([.. page.Select(p => (JsonNode)p.Value)]),
                ["StatusCode"] = to < points[i].Count ? "PartialData" : "Complete",
                ["Messages"] = new JsonArray(),
            });
            before += points[i].Count;
        }
        var output = new JsonObject { ["MetricDataResults"] = results, ["Messages"] = new JsonArray() };
        if (pageEnd < total)
            output["NextToken"] = Encode(pageEnd, asOf, fingerprint);
        return output;
    }

    /// <summary>What the request asks, without its NextToken: a token is only good for the request it came from.</summary>
    private static ulong Fingerprint(JsonObject input)
    {
        var copy = (JsonObject)input.DeepClone();
        copy.Remove("NextToken");
        return Jitter.Fnv(copy.ToJsonString());
    }

    private static string Encode(long offset, long asOf, ulong fingerprint) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{offset}.{asOf}.{fingerprint:x}")));

    private static (long Offset, long AsOf) Decode(string token, ulong fingerprint)
    {
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token)).Split('.');
            if (parts.Length == 3 && ulong.Parse(parts[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == fingerprint &&
                long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var offset) &&
                long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var asOf))
                return (offset, asOf);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            // Not a token of ours: refused below.
        }
        throw CloudWatchException.InvalidNextToken();
    }
}
