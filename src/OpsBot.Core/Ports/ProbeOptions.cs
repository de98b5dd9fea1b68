namespace OpsBot.Core.Ports;

/// <summary>
/// One probe as configured under <c>OpsBot:Environments:&lt;env&gt;:Probes:&lt;name&gt;</c>; a function asks for it by
/// name (<c>Probes: ["influxdb"]</c>). <see cref="Type"/> says which adapter runs it (<c>influxdb</c>, <c>http</c>) or
/// that Core reads it as a CloudWatch metric check (<c>metric</c>); each reads the fields of its own group.
/// Secrets (<see cref="Token"/>, header values) come from configuration or the environment and are never logged.
/// </summary>
public sealed class ProbeOptions
{
    /// <summary>Core's own probe type: a CloudWatch metric (or metric-math expression) judged against a threshold.</summary>
    public const string MetricType = "metric";

    public string Type { get; set; } = "";

    /// <summary>How long one check may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    // influxdb and http

    /// <summary>The server (influxdb: <c>http://influx:8086</c>) or the endpoint (http: <c>https://api…/health</c>).</summary>
    public string? Url { get; set; }

    // influxdb

    public string? Org { get; set; }

    public string? Bucket { get; set; }

    /// <summary>The API token (influxdb); never logged or shown.</summary>
    public string? Token { get; set; }

    /// <summary>The measurement the write+query round trip uses; no round trip when null.</summary>
    public string? Measurement { get; set; }

    /// <summary>The longest round trip (influxdb) or answer (http) that still passes, in ms; none when null.</summary>
    public double? MaxLatencyMs { get; set; }

    // http

    /// <summary>Request headers (<c>x-api-key</c>); values are secrets, never logged or shown.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The status the endpoint must answer.</summary>
    public int ExpectStatus { get; set; } = 200;

    /// <summary>A field of the JSON answer to check (<c>status</c>, or a dotted path <c>checks.db</c>); none when null.</summary>
    public string? JsonField { get; set; }

    /// <summary>The value <see cref="JsonField"/> must have (compared as text, case-insensitively).</summary>
    public string? JsonValue { get; set; }

    // metric

    /// <summary>One metric (with <see cref="MetricName"/>), e.g. <c>AWS/SQS</c>.</summary>
    public string? Namespace { get; set; }

    public string? MetricName { get; set; }

    /// <summary>
    /// Dimensions of <see cref="MetricName"/>; values may name <c>{function}</c>, <c>{alias}</c> and <c>{version}</c>
    /// (the version under judgement: the new one during a deployment).
    /// </summary>
    public Dictionary<string, string> Dimensions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A CloudWatch statistic: Sum, Average, Maximum, Minimum, SampleCount, or a percentile such as p99.</summary>
    public string Statistic { get; set; } = "Sum";

    /// <summary>For an expression: its input metrics by id (<c>m1</c>, <c>m2</c>), each with Namespace, MetricName, Dimensions, Statistic.</summary>
    public Dictionary<string, ProbeMetricOptions> Metrics { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A metric-math expression over <see cref="Metrics"/> (<c>100 * m1 / m2</c>); when set, it is what is judged.</summary>
    public string? Expression { get; set; }

    public double Threshold { get; set; }

    /// <summary>GreaterThanThreshold, GreaterThanOrEqualToThreshold, LessThanThreshold or LessThanOrEqualToThreshold.</summary>
    public string Comparison { get; set; } = "GreaterThanThreshold";

    /// <summary>
    /// A level (a queue's depth) rather than a rate: judged by how far it moved from its value when the deployment
    /// started, so a queue that already held messages does not fail every deployment.
    /// </summary>
    public bool RelativeToStart { get; set; }

    /// <summary>The unit the value is shown in ("%", "ms", "messages"); none when null.</summary>
    public string? Unit { get; set; }
}

/// <summary>One input metric of a metric probe's expression.</summary>
public sealed class ProbeMetricOptions
{
    public string Namespace { get; set; } = "";

    public string MetricName { get; set; } = "";

    public Dictionary<string, string> Dimensions { get; set; } = new(StringComparer.Ordinal);

    public string Statistic { get; set; } = "Sum";
}
