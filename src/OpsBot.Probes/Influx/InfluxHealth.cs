using System.Net.Http.Headers;
using System.Text.Json;

namespace OpsBot.Probes.Influx;

/// <summary>
/// What <c>/health</c> answered: InfluxDB 2.x says <c>{"status": "pass"|"fail", "message": …}</c> with 200 or 503;
/// 1.6 has no such endpoint (404); InfluxDB 3 answers plain text.
/// </summary>
internal sealed record InfluxHealth(int StatusCode, string? Status, string? Message, string? Version)
{
    private const int MaxBody = 64 * 1024;

    /// <summary>Reads <c>/health</c> under <paramref name="baseUrl"/> with the probe's token when it has one.</summary>
    public static async Task<InfluxHealth> ReadAsync(HttpClient http, string baseUrl, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, baseUrl.TrimEnd('/') + "/health");
        if (!string.IsNullOrEmpty(token))
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await LimitedBody.ReadAsync(response.Content, MaxBody, cancellationToken);
        return Parse((int)response.StatusCode, body);
    }

    internal static InfluxHealth Parse(int statusCode, string body)
    {
        if (!body.TrimStart().StartsWith('{'))
            return new InfluxHealth(statusCode, null, ProbeText.Clip(body), null);
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            return new InfluxHealth(statusCode, Text(root, "status"), Text(root, "message"), Text(root, "version"));
        }
        catch (JsonException)
        {
            return new InfluxHealth(statusCode, null, null, null);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
