using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Sandbox.Influx;

namespace OpsBot.Sandbox.Tests.Influx;

/// <summary>An <see cref="InfluxStandIn"/> on 127.0.0.1 (any free port) per test, on a fake clock, and raw HTTP to it.</summary>
public abstract class InfluxStandInTestBase : IAsyncLifetime
{
    protected const string Token = "sandbox-influx-token";

    protected InfluxStandInTestBase(TimeProvider? time = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 10, 15, 0, TimeSpan.Zero));
        StandIn = new InfluxStandIn(0, null, time ?? Time);
    }

    protected FakeTimeProvider Time { get; }

    protected InfluxStandIn StandIn { get; }

    protected HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public virtual Task InitializeAsync() => StandIn.StartAsync();

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await StandIn.DisposeAsync();
    }

    protected Uri Url(string pathAndQuery) => new(StandIn.BaseUrl, pathAndQuery);

    protected async Task<Answer> WriteAsync(string lines, string query = "org=ons-data-platform&bucket=metrics&precision=ns", string token = Token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url($"api/v2/write?{query}"))
        {
            Content = new StringContent(lines, Encoding.UTF8, "text/plain"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        return await SendAsync(request);
    }

    protected async Task<Answer> QueryAsync(string flux, string org = "ons-data-platform", string token = Token)
    {
        var body = new JsonObject
        {
            ["query"] = flux,
            ["type"] = "flux",
            ["dialect"] = new JsonObject { ["header"] = true, ["delimiter"] = ",", ["commentPrefix"] = "#", ["annotations"] = new JsonArray("datatype", "group", "default") },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, Url($"api/v2/query?org={org}"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        return await SendAsync(request);
    }

    protected async Task<Answer> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new Answer(response.StatusCode, headers, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A raw answer: status, headers (any case) and body.</summary>
    protected sealed record Answer(HttpStatusCode Status, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

        public string? Header(string name) => Headers.GetValueOrDefault(name);

        public override string ToString() => $"{(int)Status} {Body}";
    }
}
