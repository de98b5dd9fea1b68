using System.Text.Json.Nodes;
using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>A metric by namespace, name and dimensions.</summary>
internal sealed record MetricSpec(string Namespace, string MetricName, IReadOnlyList<Dimension> Dimensions)
{
    public MetricKey Key => MetricKey.Of(Namespace, MetricName, Dimensions);

    public JsonObject ToJson() => new()
    {
        ["Namespace"] = Namespace,
        ["MetricName"] = MetricName,
        ["Dimensions"] = MetricQueries.DimensionsJson(Dimensions),
    };
}

/// <summary>A metric, its period (seconds), statistic and, optionally, unit.</summary>
internal sealed record MetricStatSpec(MetricSpec Metric, int Period, string Stat, string? Unit = null)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["Metric"] = Metric.ToJson(), ["Period"] = Period, ["Stat"] = Stat };
        if (Unit is not null)
            json["Unit"] = Unit;
        return json;
    }
}

/// <summary>One query of GetMetricData or of a metric-math alarm: a metric statistic or an expression over other queries' ids.</summary>
internal sealed record DataQuery(string Id, MetricStatSpec? MetricStat, string? Expression, string? Label, bool ReturnData, int? Period = null)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["Id"] = Id };
        if (MetricStat is not null)
            json["MetricStat"] = MetricStat.ToJson();
        if (Expression is not null)
            json["Expression"] = Expression;
        if (Label is not null)
            json["Label"] = Label;
        json["ReturnData"] = ReturnData;
        if (Period is not null)
            json["Period"] = Period;
        return json;
    }
}
