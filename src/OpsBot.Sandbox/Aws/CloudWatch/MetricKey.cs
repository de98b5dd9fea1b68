using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>
/// A metric as CloudWatch tells metrics apart: namespace, name and the exact set of dimensions (their order does not
/// matter; a query with fewer or more dimensions names another metric).
/// </summary>
internal sealed record MetricKey(string Namespace, string MetricName, string DimensionSet)
{
    public static MetricKey Of(string @namespace, string metricName, IEnumerable<Dimension> dimensions) =>
        new(@namespace, metricName, string.Join('\u0001', dimensions.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => $"{d.Name}\u0002{d.Value}")));
}
