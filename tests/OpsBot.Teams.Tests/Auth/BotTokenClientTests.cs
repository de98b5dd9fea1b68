using OpsBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpsBot.Teams.Auth;

namespace OpsBot.Teams.Tests.Auth;

public sealed class BotTokenClientTests : IAsyncLifetime
{
    private const string AppId = "8f0c3a52-5f5e-4bb1-9d55-2b0b7a8f2c11";
    private const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string Secret = "s3cr3t~Value.With-Specials+/=";

    private readonly TimerWatchingTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly HttpClient _http = new();
    private FakeTokenEndpoint _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await FakeTokenEndpoint.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _endpoint.DisposeAsync();
    }

    private TeamsOptions Options(Action<TeamsOptions>? change = null)
    {
        var options = new TeamsOptions { AppId = AppId, AppPassword = Secret, TenantId = TenantId, LoginBaseUrl = _endpoint.LoginBaseUrl };
        change?.Invoke(options);
        return options;
    }

    private BotTokenClient Client(TeamsOptions? options = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options ?? Options()), _http, _time, NullLogger<BotTokenClient>.Instance);

    [Fact]
    public async Task The_client_credentials_form_is_posted_to_the_tenants_token_url()
    {
        using var client = Client();

        Assert.Equal("token-1", await client.GetTokenAsync(CancellationToken.None));

        var request = Assert.Single(_endpoint.Requests);
        Assert.Equal($"/{TenantId}/oauth2/v2.0/token", request.Path);
        Assert.Equal($"{_endpoint.LoginBaseUrl}/{TenantId}/oauth2/v2.0/token", client.TokenUrl);
        Assert.StartsWith("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = AppId,
            ["scope"] = "https://api.botframework.com/.default",
            ["client_secret"] = Secret,
        }, request.Form);
    }

    [Fact]
    public async Task A_multi_tenant_bot_asks_the_botframework_com_authority()
    {
        using var client = Client(Options(o => o.TenantId = ""));

        await client.GetTokenAsync(CancellationToken.None);

        Assert.Equal("/botframework.com/oauth2/v2.0/token", Assert.Single(_endpoint.Requests).Path);
    }

    [Fact]
    public async Task The_token_is_reused_until_five_minutes_before_it_expires()
    {
        using var client = Client();
        Assert.Equal("token-1", await client.GetTokenAsync(CancellationToken.None));

        _time.Advance(TimeSpan.FromMinutes(55) - TimeSpan.FromSeconds(1));
        Assert.Equal("token-1", await client.GetTokenAsync(CancellationToken.None));
        Assert.Single(_endpoint.Requests);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("token-2", await client.GetTokenAsync(CancellationToken.None));
        Assert.Equal(2, _endpoint.Requests.Count);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_request()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _endpoint.Gate = release.Task;
        using var client = Client();

        var callers = Enumerable.Range(0, 10).Select(_ => client.GetTokenAsync(CancellationToken.None).AsTask()).ToArray();
        await _endpoint.WaitForRequestsAsync(1);
        release.SetResult();
        var tokens = await Task.WhenAll(callers);

        Assert.All(tokens, t => Assert.Equal("token-1", t));
        Assert.Single(_endpoint.Requests);
    }

    [Fact]
    public async Task A_429_waits_its_retry_after_and_then_succeeds()
    {
        _endpoint.Answer = (n, response) => n == 1 ? FakeTokenEndpoint.Status(response, 429, retryAfter: "7") : FakeTokenEndpoint.Token(response, "after-429", 3600);
        using var client = Client();

        var token = client.GetTokenAsync(CancellationToken.None).AsTask();
        Assert.Equal([TimeSpan.FromSeconds(7)], await _time.WaitForTimersAsync(1));
        Assert.False(token.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(7));

        Assert.Equal("after-429", await token);
        Assert.Equal(2, _endpoint.Requests.Count);
    }

    [Fact]
    public async Task A_long_retry_after_is_capped_by_the_retry_max_delay()
    {
        _endpoint.Answer = (n, response) => n == 1 ? FakeTokenEndpoint.Status(response, 503, retryAfter: "120") : FakeTokenEndpoint.Token(response, "after-503", 3600);
        using var client = Client(Options(o => o.RetryMaxDelay = TimeSpan.FromSeconds(30)));

        var token = client.GetTokenAsync(CancellationToken.None).AsTask();
        Assert.Equal([TimeSpan.FromSeconds(30)], await _time.WaitForTimersAsync(1));
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal("after-503", await token);
    }

    [Fact]
    public async Task An_attempt_that_outlives_the_timeout_is_retried()
    {
        _endpoint.Answer = async (n, response) =>
        {
            if (n == 1)
                await Task.Delay(Timeout.Infinite, response.HttpContext.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            else
                await FakeTokenEndpoint.Token(response, "after-timeout", 3600);
        };
        using var client = Client(Options(o => o.Timeout = TimeSpan.FromMilliseconds(200)));

        var token = client.GetTokenAsync(CancellationToken.None).AsTask();
        Assert.Equal([TimeSpan.FromSeconds(1)], await _time.WaitForTimersAsync(1));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("after-timeout", await token);
        Assert.Equal(2, _endpoint.Requests.Count);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_then_given_up_after_max_attempts()
    {
        _endpoint.Answer = (_, response) => FakeTokenEndpoint.Status(response, 503);
        using var client = Client(Options(o => o.MaxAttempts = 3));

        var token = client.GetTokenAsync(CancellationToken.None).AsTask();
        await _time.WaitForTimersAsync(1);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], await _time.WaitForTimersAsync(2));
        _time.Advance(TimeSpan.FromSeconds(2));

        var e = await Assert.ThrowsAsync<BotTokenException>(() => token);
        Assert.True(e.IsRetryable);
        Assert.Contains(client.TokenUrl, e.Message);
        Assert.Contains("http_503", e.Message);
        Assert.Equal(3, _endpoint.Requests.Count);
    }

    [Fact]
    public async Task A_refused_secret_fails_at_once_naming_the_url_and_the_aad_error_but_not_the_secret()
    {
        _endpoint.Answer = (_, response) => FakeTokenEndpoint.Status(response, 401, body:
            $$"""{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided: {{Secret}}","error_codes":[7000215]}""");
        using var client = Client();

        var e = await Assert.ThrowsAsync<BotTokenException>(() => client.GetTokenAsync(CancellationToken.None).AsTask());

        Assert.False(e.IsRetryable);
        Assert.Contains(client.TokenUrl, e.Message);
        Assert.Contains("HTTP 401, invalid_client (AADSTS7000215)", e.Message);
        Assert.DoesNotContain(Secret, e.ToString());
        Assert.Single(_endpoint.Requests);
        Assert.Empty(_time.Timers);
    }

    [Fact]
    public async Task A_bad_request_is_not_retried_either()
    {
        _endpoint.Answer = (_, response) => FakeTokenEndpoint.Status(response, 400, body: """{"error":"invalid_scope","error_codes":[70011]}""");
        using var client = Client();

        var e = await Assert.ThrowsAsync<BotTokenException>(() => client.GetTokenAsync(CancellationToken.None).AsTask());

        Assert.Contains("HTTP 400, invalid_scope (AADSTS70011)", e.Message);
        Assert.Single(_endpoint.Requests);
    }

    [Fact]
    public async Task Invalidate_drops_that_token_only()
    {
        using var client = Client();
        var first = await client.GetTokenAsync(CancellationToken.None);

        client.Invalidate("some-older-token");
        Assert.Equal(first, await client.GetTokenAsync(CancellationToken.None));
        client.Invalidate(first);

        Assert.Equal("token-2", await client.GetTokenAsync(CancellationToken.None));
        Assert.Equal(2, _endpoint.Requests.Count);
    }

    [Fact]
    public async Task A_waiting_caller_can_give_up_without_failing_the_shared_request()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _endpoint.Gate = release.Task;
        using var client = Client();
        using var impatient = new CancellationTokenSource();

        var first = client.GetTokenAsync(impatient.Token).AsTask();
        var second = client.GetTokenAsync(CancellationToken.None).AsTask();
        await _endpoint.WaitForRequestsAsync(1);
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        release.SetResult();

        Assert.Equal("token-1", await second);
        Assert.Single(_endpoint.Requests);
    }

    [Theory]
    [InlineData("http://login.microsoftonline.com")]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("login.microsoftonline.com")]
    public void A_login_url_that_is_not_https_or_loopback_is_refused(string loginBaseUrl)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Client(Options(o => o.LoginBaseUrl = loginBaseUrl)));

        Assert.StartsWith("OpsBot:Teams:LoginBaseUrl:", e.Message);
    }
}
