using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpsBot.Core.Ports;
using OpsBot.Probes.Tests.Support;

namespace OpsBot.Probes.Tests.Http;

public sealed class HttpHealthProbeTests : IDisposable
{
    private const string ApiKey = "k3y-that-must-stay-secret-42";

    private readonly ProbeHost _host = new();

    public void Dispose() => _host.Dispose();

    private static ProbeOptions Options(string url, string? field = null, string? value = null, double? maxLatencyMs = null, int expect = 200) => new()
    {
        Type = "http",
        Url = url,
        Headers = new(StringComparer.OrdinalIgnoreCase) { ["x-api-key"] = ApiKey },
        ExpectStatus = expect,
        JsonField = field,
        JsonValue = value,
        MaxLatencyMs = maxLatencyMs,
    };

    private Task<ProbeResult> CheckAsync(ProbeOptions options) => _host.CheckAsync("http", options, "api");

    [Fact]
    public async Task The_expected_status_passes_and_status_and_latency_are_measured()
    {
        await using var api = await FakeEndpoint.StartAsync();
        api.BeforeAnswer = _ => _host.Time.Advance(TimeSpan.FromMilliseconds(42));

        var result = await CheckAsync(Options($"{api.Url}/health", maxLatencyMs: 500));

        Assert.True(result.Healthy, result.Detail);
        Assert.Equal("api", result.Name);
        Assert.Equal("200 in 42 ms", result.Detail);
        Assert.Equal("200, 42 ms", result.Measured);
        Assert.Equal("200, ≤ 500 ms", result.Threshold);
    }

    [Fact]
    public async Task The_configured_headers_are_sent()
    {
        await using var api = await FakeEndpoint.StartAsync();
        var options = Options($"{api.Url}/health");
        options.Headers["X-Tenant"] = "ons";

        await CheckAsync(options);

        var (path, headers) = Assert.Single(api.Requests);
        Assert.Equal("/health", path);
        Assert.Equal(ApiKey, headers["x-api-key"]);
        Assert.Equal("ons", headers["x-tenant"]);
    }

    [Fact]
    public async Task Another_status_fails_and_names_both()
    {
        await using var api = await FakeEndpoint.StartAsync();

        var result = await CheckAsync(Options($"{api.Url}/down"));

        Assert.False(result.Healthy);
        Assert.Equal("answered 503, expected 200 (0 ms)", result.Detail);
        Assert.Equal("503, 0 ms", result.Measured);
        Assert.Equal("200", result.Threshold);
    }

    [Fact]
    public async Task A_redirect_is_an_answer_not_followed_so_the_headers_stay_where_they_were_sent()
    {
        await using var api = await FakeEndpoint.StartAsync();

        var result = await CheckAsync(Options($"{api.Url}/moved"));

        Assert.Equal("answered 302, expected 200 (0 ms)", result.Detail);
        Assert.Equal(["/moved"], api.Requests.Select(r => r.Path));
    }

    [Theory]
    [InlineData("status", "ok")]
    [InlineData("checks.db", "OK")]
    [InlineData("checks.replicas", "3")]
    public async Task A_JSON_field_equal_to_the_value_case_insensitively_passes(string field, string value)
    {
        await using var api = await FakeEndpoint.StartAsync();

        var result = await CheckAsync(Options($"{api.Url}/health", field, value));

        Assert.True(result.Healthy, result.Detail);
        Assert.Equal($"200 in 0 ms, {field} = {value}", result.Detail);
    }

    [Theory]
    [InlineData("/health", "checks.cache", "checks.cache is 'degraded', expected 'ok'")]
    [InlineData("/health", "checks.queue", "the answer has no field checks.queue")]
    [InlineData("/text", "status", "the answer is not JSON")]
    public async Task A_JSON_field_that_differs_or_is_missing_fails_and_says_how(string path, string field, string detail)
    {
        await using var api = await FakeEndpoint.StartAsync();

        var result = await CheckAsync(Options($"{api.Url}{path}", field, "ok"));

        Assert.False(result.Healthy);
        Assert.Equal(detail, result.Detail);
    }

    [Fact]
    public async Task An_answer_slower_than_MaxLatencyMs_fails()
    {
        await using var api = await FakeEndpoint.StartAsync();
        api.BeforeAnswer = _ => _host.Time.Advance(TimeSpan.FromMilliseconds(812));

        var result = await CheckAsync(Options($"{api.Url}/health", maxLatencyMs: 500));

        Assert.False(result.Healthy);
        Assert.Equal("answered in 812 ms > 500 ms", result.Detail);
        Assert.Equal("200, 812 ms", result.Measured);
    }

    [Fact]
    public async Task No_answer_within_the_probe_timeout_has_timed_out()
    {
        await using var api = await FakeEndpoint.StartAsync();
        var options = Options($"{api.Url}/slow");
        options.Timeout = TimeSpan.FromSeconds(3);

        var check = CheckAsync(options);
        await api.SlowReached;
        _host.Time.Advance(TimeSpan.FromSeconds(3));
        var result = await check;

        Assert.False(result.Healthy);
        Assert.Equal("timed out after 3 s", result.Detail);
    }

    [Fact]
    public async Task A_closed_port_is_connection_refused()
    {
        var result = await CheckAsync(Options($"{LoopbackPorts.ClosedUrl()}/health"));

        Assert.False(result.Healthy);
        Assert.Equal("connection refused", result.Detail);
    }

    [Fact]
    public async Task A_certificate_the_machine_does_not_trust_fails_the_TLS_handshake()
    {
        using var certificate = SelfSigned();
        await using var api = await FakeEndpoint.StartAsync(certificate);

        var result = await CheckAsync(Options($"{api.Url}/health"));

        Assert.False(result.Healthy);
        Assert.StartsWith("TLS handshake failed", result.Detail, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Header_values_are_never_shown_nor_logged_even_when_the_service_quotes_them()
    {
        await using var api = await FakeEndpoint.StartAsync();
        List<ProbeResult> results =
        [
            await CheckAsync(Options($"{api.Url}/health", "key", "something-else")),
            await CheckAsync(Options($"{api.Url}/health", "key", ApiKey)),
            await CheckAsync(Options($"{api.Url}/down")),
            await CheckAsync(Options($"{LoopbackPorts.ClosedUrl()}/health")),
        ];

        Assert.Equal("key is '***', expected 'something-else'", results[0].Detail);
        Assert.Equal("200 in 0 ms, key = ***", results[1].Detail);
        foreach (var r in results)
            Assert.DoesNotContain(ApiKey, string.Join('\n', [r.Detail, r.Measured, r.Threshold, .. r.Facts]), StringComparison.Ordinal);
        Assert.Contains(_host.Logs.Lines, l => l.Contains("Probe api in prod", StringComparison.Ordinal));
        Assert.DoesNotContain(ApiKey, _host.Logs.All, StringComparison.Ordinal);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
