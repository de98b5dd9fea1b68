using System.Text;
using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Core.Exceptions;
using OpsBot.Core.Ports;

namespace OpsBot.Probes.Influx;

/// <summary>What the write+query round trip found.</summary>
internal abstract record RoundTripOutcome
{
    /// <summary>The point written was read back, this long after the write began.</summary>
    public sealed record ReadBack(TimeSpan Elapsed) : RoundTripOutcome;

    /// <summary>The server cannot run it (no Flux): not a failure of the server.</summary>
    public sealed record Unsupported(string Why) : RoundTripOutcome;

    /// <summary>The write or the query failed, or the point did not come back.</summary>
    public sealed record Failed(string Why) : RoundTripOutcome;
}

/// <summary>
/// Writes one point to the probe's measurement and reads it back with Flux. The point has a fixed tag and a unique
/// field value (a tag per poll would grow the series count forever) and no timestamp, so the server's clock stamps it
/// and the query's <c>range</c> holds it whatever this machine's clock says.
/// </summary>
internal static class InfluxRoundTrip
{
    public const string Field = "nonce";

    public static async Task<RoundTripOutcome> RunAsync(
        InfluxDBClient client, ProbeRequest request, TimeProvider time, CancellationToken cancellationToken)
    {
        var o = request.Options;
        var nonce = Guid.NewGuid().ToString("N");
        var started = time.GetTimestamp();
        try
        {
            await client.GetWriteApiAsync().WriteRecordAsync(Line(o.Measurement!, request.Name, nonce), WritePrecision.Ns, o.Bucket, o.Org, cancellationToken);
        }
        catch (HttpException e) when (e.Status != 0) // no answer at all (refused, timed out) is for the caller to name
        {
            return Refused("write", e);
        }
        List<InfluxDB.Client.Core.Flux.Domain.FluxTable> tables;
        try
        {
            tables = await client.GetQueryApi().QueryAsync(Query(o.Bucket!, o.Measurement!, nonce), o.Org, cancellationToken);
        }
        catch (HttpException e) when (NoFlux(e))
        {
            return new RoundTripOutcome.Unsupported($"the server runs no Flux query ({e.Status})");
        }
        catch (HttpException e) when (e.Status != 0)
        {
            return Refused("query", e);
        }
        var elapsed = time.GetElapsedTime(started);
        return tables.SelectMany(t => t.Records).Any(r => string.Equals(r.GetValue()?.ToString(), nonce, StringComparison.Ordinal))
            ? new RoundTripOutcome.ReadBack(elapsed)
            : new RoundTripOutcome.Failed("the point written was not read back");
    }

    /// <summary><c>opsbot_probe,probe=influxdb nonce="…"</c>: line protocol, escaped.</summary>
    internal static string Line(string measurement, string probe, string nonce) =>
        $"{Escape(measurement, ", ")},probe={Escape(probe, ",= ")} {Field}=\"{nonce}\"";

    /// <summary>The Flux query that finds the point again.</summary>
    internal static string Query(string bucket, string measurement, string nonce) =>
        $"from(bucket: {Flux(bucket)})\n" +
        "  |> range(start: -5m)\n" +
        $"  |> filter(fn: (r) => r._measurement == {Flux(measurement)} and r._field == \"{Field}\" and r._value == \"{nonce}\")\n" +
        "  |> limit(n: 1)";

    // InfluxDB 3 and Cloud Serverless have no Flux: the v2 query path is missing or refused as such. A 2.x server's 404
    // names what it did not find (a bucket, an org): that is a misconfiguration, not a missing feature.
    private static bool NoFlux(HttpException e) =>
        e.Status is 405 or 501
        || (e.Status == 404 && !Mentions(e, "bucket") && !Mentions(e, "org"))
        || (e.Status == 400 && Mentions(e, "flux") && !Mentions(e, "compilation failed") && (Mentions(e, "not supported") || Mentions(e, "disabled")));

    private static bool Mentions(HttpException e, string word) => e.Message?.Contains(word, StringComparison.OrdinalIgnoreCase) == true;

    private static RoundTripOutcome.Failed Refused(string step, HttpException e) => new(e.Status switch
    {
        401 => $"{step} refused: unauthorized (401: check the token)",
        403 => $"{step} refused: forbidden (403: the token may not {step} this bucket)",
        404 => $"{step} refused: not found (404: check Org and Bucket)",
        _ => $"{step} failed: {e.Status}{(ProbeText.Clip(e.Message, 60) is { Length: > 0 } m ? $" {m}" : "")}",
    });

    private static string Escape(string text, string special)
    {
        var b = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (c == '\\' || special.Contains(c, StringComparison.Ordinal))
                b.Append('\\');
            b.Append(c);
        }
        return b.ToString();
    }

    // A Flux string literal: backslash, quote and the start of an interpolation escaped.
    private static string Flux(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("${", "\\${", StringComparison.Ordinal) + "\"";
}
