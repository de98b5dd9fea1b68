using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpsBot.Core.Ports;

namespace OpsBot.Probes.Http;

/// <summary>
/// The <c>http</c> probe: GET the Url with the configured headers (secrets: never logged or shown), expect
/// <see cref="ProbeOptions.ExpectStatus"/>, optionally a JSON field's value and an answer within
/// <see cref="ProbeOptions.MaxLatencyMs"/>. TLS is verified by the platform (no certificate callback), and
/// redirects are not followed: a 3xx is an answer to compare, and the headers never travel to another host.
/// </summary>
internal sealed class HttpHealthProbe(IHttpClientFactory httpClients, TimeProvider time, ILogger<HttpHealthProbe> logger) : IHealthProbe
{
    public const string TypeName = "http";

    public const string HttpClientName = "OpsBot.Probes.Http";

    private const int MaxBody = 256 * 1024;

    public string Type => TypeName;

    public IEnumerable<string> Validate(ProbeOptions options) => HttpProbeRules.Problems(options);

    public Task<ProbeResult> CheckAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ProbeCheck.RunAsync(request, new Secrets(request.Options.Headers.Values), time, logger, ct => CheckWithinAsync(request, ct), cancellationToken);

    private async Task<ProbeResult> CheckWithinAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        var o = request.Options;
        using var message = new HttpRequestMessage(HttpMethod.Get, o.Url);
        foreach (var (name, value) in o.Headers)
            message.Headers.TryAddWithoutValidation(name, value);

        var started = time.GetTimestamp();
        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = o.JsonField is null ? null : await LimitedBody.ReadAsync(response.Content, MaxBody, cancellationToken);
        var elapsed = time.GetElapsedTime(started);

        var status = (int)response.StatusCode;
        var took = ProbeText.Ms(elapsed);
        var code = status.ToString(CultureInfo.InvariantCulture);
        var threshold = o.ExpectStatus.ToString(CultureInfo.InvariantCulture)
            + (o.MaxLatencyMs is { } max ? $", {ProbeText.AtMost(max)}" : "");
        ProbeResult Result(bool healthy, string detail) =>
            new(request.Name, healthy, detail) { Measured = $"{code}, {took}", Threshold = threshold };

        if (status != o.ExpectStatus)
            return Result(false, $"answered {code}, expected {o.ExpectStatus.ToString(CultureInfo.InvariantCulture)} ({took})");
        if (o.JsonField is { } field && JsonProblem(body!, field, o.JsonValue!) is { } problem)
            return Result(false, problem);
        if (o.MaxLatencyMs is { } limit && elapsed.TotalMilliseconds > limit)
            return Result(false, $"answered in {took} > {ProbeText.Ms(TimeSpan.FromMilliseconds(limit))}");
        return Result(true, o.JsonField is { } f ? $"{code} in {took}, {f} = {ProbeText.Clip(o.JsonValue, 40)}" : $"{code} in {took}");
    }

    private static string? JsonProblem(string body, string field, string expected)
    {
        string? actual;
        try
        {
            using var json = JsonDocument.Parse(body);
            actual = JsonField.Read(json.RootElement, field);
        }
        catch (JsonException)
        {
            return "the answer is not JSON";
        }
        if (actual is null)
            return $"the answer has no field {field}";
        return string.Equals(actual.Trim(), expected.Trim(), StringComparison.OrdinalIgnoreCase)
            ? null
            : $"{field} is '{ProbeText.Clip(actual, 40)}', expected '{ProbeText.Clip(expected, 40)}'";
    }
}
