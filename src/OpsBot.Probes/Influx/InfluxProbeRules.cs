using OpsBot.Core.Ports;

namespace OpsBot.Probes.Influx;

/// <summary>The settings an <c>influxdb</c> probe needs, checked at start without a network call.</summary>
internal static class InfluxProbeRules
{
    public static IEnumerable<string> Problems(ProbeOptions o)
    {
        // InfluxDB is often plain http inside a network (http://influx:8086), so http is allowed on any host here.
        foreach (var problem in ProbeUrls.Problems(o.Url, httpsUnlessLoopback: false))
            yield return problem;
        if (o.Measurement is not null)
        {
            if (string.IsNullOrWhiteSpace(o.Measurement))
                yield return "Measurement: must not be empty (leave it out for no round trip)";
            if (string.IsNullOrWhiteSpace(o.Org))
                yield return "Org: the write+query round trip (Measurement) needs Org";
            if (string.IsNullOrWhiteSpace(o.Bucket))
                yield return "Bucket: the write+query round trip (Measurement) needs Bucket";
            if (string.IsNullOrWhiteSpace(o.Token))
                yield return "Token: the write+query round trip (Measurement) needs Token (e.g. from OpsBot__Environments__<env>__Probes__<name>__Token)";
        }
        if (o.MaxLatencyMs is { } max)
        {
            if (!(max > 0) || double.IsInfinity(max))
                yield return $"MaxLatencyMs: must be a positive number of milliseconds, not {max}";
            if (o.Measurement is null)
                yield return "MaxLatencyMs: bounds the write+query round trip; set Measurement (with Org, Bucket, Token) too";
        }
        if (o.Token is { Length: > 0 } token && token.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            yield return "Token: contains whitespace or control characters";
        if (o.Headers.Count > 0)
            yield return "Headers: an influxdb probe sends no extra headers; its token goes in Token";
        if (o.JsonField is not null || o.JsonValue is not null)
            yield return "JsonField: belongs to http probes, not influxdb";
    }
}
