using InfluxDB.Client;
using Microsoft.Extensions.Logging;
using OpsBot.Core.Ports;

namespace OpsBot.Probes.Influx;

/// <summary>
/// The <c>influxdb</c> probe: a ping (<c>VersionAsync</c>, which throws with the cause where <c>PingAsync</c> only says
/// false, and reads <c>X-Influxdb-Version</c>), <c>/health</c> read directly (the client's <c>HealthAsync</c> is
/// obsolete) to tell 1.x, 2.x and 3.x apart, and on 2.x, when a Measurement is configured, a write+query round trip
/// held to <see cref="ProbeOptions.MaxLatencyMs"/>. All of it within the probe's Timeout; the token is never shown.
/// </summary>
internal sealed class InfluxHealthProbe(IHttpClientFactory httpClients, TimeProvider time, ILogger<InfluxHealthProbe> logger) : IHealthProbe
{
    public const string TypeName = "influxdb";

    public const string HttpClientName = "OpsBot.Probes.Influx";

    public string Type => TypeName;

    public IEnumerable<string> Validate(ProbeOptions options) => InfluxProbeRules.Problems(options);

    public Task<ProbeResult> CheckAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ProbeCheck.RunAsync(request, new Secrets([request.Options.Token]), time, logger, ct => CheckWithinAsync(request, ct), cancellationToken);

    private async Task<ProbeResult> CheckWithinAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        var o = request.Options;
        var http = httpClients.CreateClient(HttpClientName);
        var settings = new InfluxDBClientOptions(o.Url!) { Timeout = o.Timeout, HttpClient = http, Org = o.Org, Bucket = o.Bucket };
        if (!string.IsNullOrEmpty(o.Token))
            settings.Token = o.Token;
        using var client = new InfluxDBClient(settings);

        var started = time.GetTimestamp();
        var version = await ProbeCheck.WithinAsync(client.VersionAsync(), cancellationToken);
        var ping = time.GetElapsedTime(started);
        var health = await InfluxHealth.ReadAsync(http, o.Url!, o.Token, cancellationToken);
        var server = InfluxServer.Classify(version, health);

        List<string> facts = [server.Describe(), $"ping {ProbeText.Ms(ping)}"];
        if (health.Status is { } status)
            facts.Add($"health {status}{(ProbeText.Clip(health.Message, 60) is { Length: > 0 } m ? $" ({m})" : "")}");
        if (health.Status is "fail" || (server.Generation == InfluxGeneration.V2 && health.StatusCode >= 500))
        {
            var why = $"health {health.Status ?? health.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
                + (ProbeText.Clip(health.Message, 60) is { Length: > 0 } message ? $": {message}" : "");
            return new ProbeResult(request.Name, false, why) { Measured = health.Status ?? "fail", Threshold = "pass", Facts = facts };
        }

        var reachable = new ProbeResult(request.Name, true, $"{server.Describe()}, ping {ProbeText.Ms(ping)}")
        {
            Measured = ProbeText.Ms(ping),
            Facts = facts,
        };
        if (o.Measurement is null)
            return reachable;
        if (server.Generation != InfluxGeneration.V2)
        {
            facts.Add(server.Generation switch
            {
                InfluxGeneration.V1 => "round trip unsupported on 1.x (no v2 write and Flux query API)",
                InfluxGeneration.V3 => "round trip unsupported (InfluxDB 3: no Flux)",
                _ => "round trip unsupported (the server did not say it is 2.x)",
            });
            return reachable;
        }
        return await RoundTripAsync(client, request, facts, cancellationToken);
    }

    private async Task<ProbeResult> RoundTripAsync(InfluxDBClient client, ProbeRequest request, List<string> facts, CancellationToken cancellationToken)
    {
        var max = request.Options.MaxLatencyMs;
        var threshold = max is { } m ? ProbeText.AtMost(m) : null;
        switch (await InfluxRoundTrip.RunAsync(client, request, time, cancellationToken))
        {
            case RoundTripOutcome.ReadBack(var elapsed):
                var took = ProbeText.Ms(elapsed);
                facts.Add($"write+query {took}");
                var slow = max is { } limit && elapsed.TotalMilliseconds > limit;
                var detail = slow ? $"round trip {took} > {ProbeText.Ms(TimeSpan.FromMilliseconds(max!.Value))}" : $"round trip {took}";
                return new ProbeResult(request.Name, !slow, detail) { Measured = took, Threshold = threshold, Facts = facts };
            case RoundTripOutcome.Unsupported(var why):
                facts.Add($"round trip unsupported: {why}");
                return new ProbeResult(request.Name, true, $"reachable; round trip unsupported ({why})") { Facts = facts };
            case RoundTripOutcome.Failed(var why):
                return new ProbeResult(request.Name, false, why) { Measured = "failed", Threshold = threshold, Facts = facts };
            default:
                throw new InvalidOperationException("unknown round trip outcome");
        }
    }
}
