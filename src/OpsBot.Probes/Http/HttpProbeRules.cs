using OpsBot.Core.Ports;

namespace OpsBot.Probes.Http;

/// <summary>The settings an <c>http</c> probe needs, checked at start without a network call.</summary>
internal static class HttpProbeRules
{
    public static IEnumerable<string> Problems(ProbeOptions o)
    {
        // Header values are secrets (an x-api-key): plain http only where they cannot leave the machine.
        foreach (var problem in ProbeUrls.Problems(o.Url, httpsUnlessLoopback: true))
            yield return problem;
        if (o.ExpectStatus is < 100 or > 599)
            yield return $"ExpectStatus: must be an HTTP status within 100..599, not {o.ExpectStatus}";
        if (o.JsonField is not null && string.IsNullOrWhiteSpace(o.JsonValue))
            yield return "JsonValue: JsonField needs the value it must have";
        if (o.JsonValue is not null && string.IsNullOrWhiteSpace(o.JsonField))
            yield return "JsonField: JsonValue needs the field it is compared with (a name or a dotted path: checks.db)";
        if (o.JsonField is { } field && field.Split('.').Any(string.IsNullOrWhiteSpace))
            yield return $"JsonField: '{field}' is not a dotted path of field names";
        if (o.MaxLatencyMs is { } max && (!(max > 0) || double.IsInfinity(max)))
            yield return $"MaxLatencyMs: must be a positive number of milliseconds, not {max}";
        foreach (var (name, value) in o.Headers)
        {
            // The problem names the header, never its value.
            if (!IsHeaderName(name))
                yield return $"Headers:{name}: is not a valid header name";
            else if (value is null || value.Any(c => c is '\r' or '\n' or '\0'))
                yield return $"Headers:{name}: the value is empty or holds a line break";
        }
        if (o.Token is not null || o.Measurement is not null)
            yield return "Token: belongs to influxdb probes; an http probe sends its secrets in Headers (x-api-key)";
    }

    private static bool IsHeaderName(string name)
    {
        if (string.IsNullOrEmpty(name))
            return false;
        using var probe = new HttpRequestMessage();
        return probe.Headers.TryAddWithoutValidation(name, "x") && !IsContentHeader(name);
    }

    // Content headers cannot go on a GET's request headers.
    private static bool IsContentHeader(string name) =>
        name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) || name.Equals("Expires", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Last-Modified", StringComparison.OrdinalIgnoreCase) || name.Equals("Allow", StringComparison.OrdinalIgnoreCase);
}
