using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>Reads and checks <c>MetricDataQueries</c> (GetMetricData's, and a metric-math alarm's <c>Metrics</c>).</summary>
internal static partial class MetricQueries
{
    /// <summary>Queries per GetMetricData call.</summary>
    public const int MaxQueries = 500;

    /// <summary>Dimensions per metric.</summary>
    public const int MaxDimensions = 30;

    public static IReadOnlyList<DataQuery> Parse(IReadOnlyList<JsonObject> queries, string path)
    {
        if (queries.Count == 0)
            throw CloudWatchException.MissingParameter(path);
        if (queries.Count > MaxQueries)
            throw CloudWatchException.InvalidParameterValue($"The collection {path} must not have a size greater than {MaxQueries}.");
        var parsed = queries.Select((q, i) => One(q, $"{path}.member.{i + 1}")).ToList();
        var duplicate = parsed.GroupBy(q => q.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw CloudWatchException.InvalidParameterValue($"The value {duplicate.Key} for parameter {path}.member.N.Id is not unique: each query needs an Id of its own.");
        return parsed;
    }

    public static JsonArray DimensionsJson(IReadOnlyList<Dimension> dimensions) =>
        [.. dimensions.Select(d => (JsonNode)new JsonObject { ["Name"] = d.Name, ["Value"] = d.Value })];

    private static DataQuery One(JsonObject query, string path)
    {
        var id = CloudWatchInput.RequiredString(query, "Id", $"{path}.Id");
        if (!IdPattern().IsMatch(id))
            throw CloudWatchException.InvalidParameterValue($"The value {id} for parameter {path}.Id is not valid: an Id starts with a lowercase letter and holds letters, digits and underscores.");
        var stat = CloudWatchInput.Object(query, "MetricStat", $"{path}.MetricStat");
        var expression = CloudWatchInput.String(query, "Expression", $"{path}.Expression");
        if ((stat is null) == (expression is null))
            throw CloudWatchException.InvalidParameterCombination($"Exactly one of {path}.MetricStat and {path}.Expression must be given.");
        if (CloudWatchInput.String(query, "AccountId", $"{path}.AccountId") is not null)
            throw CloudWatchException.InvalidParameterValue($"{path}.AccountId: the sandbox has one account; cross-account queries are not emulated.");
        var period = CloudWatchInput.Integer(query, "Period", $"{path}.Period");
        if (period is < 1)
            throw CloudWatchException.InvalidParameterValue($"The parameter {path}.Period must be greater than 0.");
        return new DataQuery(
            id,
            stat is null ? null : Stat(stat, $"{path}.MetricStat"),
            expression,
            CloudWatchInput.String(query, "Label", $"{path}.Label"),
            CloudWatchInput.Boolean(query, "ReturnData", $"{path}.ReturnData") ?? true,
            period);
    }

    public static MetricStatSpec Stat(JsonObject stat, string path)
    {
        var metric = CloudWatchInput.Object(stat, "Metric", $"{path}.Metric") ?? throw CloudWatchException.MissingParameter($"{path}.Metric");
        var period = CloudWatchInput.Integer(stat, "Period", $"{path}.Period") ?? throw CloudWatchException.MissingParameter($"{path}.Period");
        if (period < 1)
            throw CloudWatchException.InvalidParameterValue($"The parameter {path}.Period must be greater than 0.");
        var statistic = CloudWatchInput.RequiredString(stat, "Stat", $"{path}.Stat");
        if (!Statistics.IsKnown(statistic))
        {
            throw CloudWatchException.InvalidParameterValue(
                $"The value {statistic} for parameter {path}.Stat is not supported by the sandbox; it keeps {string.Join(", ", Statistics.All)} and percentiles (p99, p99.9).");
        }
        return new MetricStatSpec(Metric(metric, $"{path}.Metric"), period, statistic, CloudWatchInput.String(stat, "Unit", $"{path}.Unit"));
    }

    public static MetricSpec Metric(JsonObject metric, string path)
    {
        var dimensions = CloudWatchInput.Objects(metric, "Dimensions", $"{path}.Dimensions") ?? [];
        if (dimensions.Count > MaxDimensions)
            throw CloudWatchException.InvalidParameterValue($"The collection {path}.Dimensions must not have a size greater than {MaxDimensions}.");
        return new MetricSpec(
            CloudWatchInput.RequiredString(metric, "Namespace", $"{path}.Namespace"),
            CloudWatchInput.RequiredString(metric, "MetricName", $"{path}.MetricName"),
            [.. dimensions.Select((d, i) => new Dimension(
                CloudWatchInput.RequiredString(d, "Name", $"{path}.Dimensions.member.{i + 1}.Name"),
                CloudWatchInput.RequiredString(d, "Value", $"{path}.Dimensions.member.{i + 1}.Value")))]);
    }

    [GeneratedRegex("\\A[a-z][a-zA-Z0-9_]*\\z")]
    private static partial Regex IdPattern();
}
