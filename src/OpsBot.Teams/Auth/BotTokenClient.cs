using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using OpsBot.Teams.Connector;

namespace OpsBot.Teams.Auth;

/// <summary>
/// OpsBot's own token for the Bot Connector (client credentials, PROTOCOLS.md §8) from
/// <c>{LoginBaseUrl}/{TenantId or botframework.com}/oauth2/v2.0/token</c>, with the client secret or a certificate
/// assertion. Cached until five minutes before it expires; concurrent callers share one request; 429, 5xx and timeouts
/// are retried (see the transport half). A singleton: it holds the cache.
/// </summary>
internal sealed partial class BotTokenClient : IBotToken, IDisposable
{
    /// <summary>How long before its expiry a token is replaced, so one fetched now outlives the calls that use it.</summary>
    internal static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly RetryingHttp _send;
    private readonly IOptions<TeamsOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BotTokenClient> _logger;
    private readonly ClientAssertion? _assertion;
    private readonly Lock _gate = new();
    private Cached? _cached;
    private Task<Cached>? _inflight;

    private sealed record Cached(string Token, DateTimeOffset RefreshAt);

    /// <exception cref="InvalidOperationException"><see cref="TeamsOptions.LoginBaseUrl"/> is not https (nor http to loopback), or the certificate cannot be loaded.</exception>
    public BotTokenClient(IOptions<TeamsOptions> options, HttpClient http, TimeProvider time, ILogger<BotTokenClient> logger)
    {
        _send = new RetryingHttp(http, options.Value, time, logger);
        _options = options;
        _time = time;
        _logger = logger;
        var o = options.Value;
        TokenUrl = BuildTokenUrl(o);
        if (!string.IsNullOrEmpty(o.CertificatePath))
            _assertion = new ClientAssertion(o.CertificatePath, o.CertificatePassword);
    }

    /// <summary>Where tokens come from: <c>{LoginBaseUrl}/{tenant}/oauth2/v2.0/token</c>.</summary>
    public string TokenUrl { get; }

    /// <summary>A token valid for at least a few more minutes: the cached one, or a new one (one request however many callers wait).</summary>
    /// <exception cref="BotTokenException">The authority refused, or kept failing for <see cref="TeamsOptions.MaxAttempts"/> attempts.</exception>
    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        Task<Cached> fetch;
        lock (_gate)
        {
            if (_cached is { } cached && _time.GetUtcNow() < cached.RefreshAt)
                return ValueTask.FromResult(cached.Token);
            // Task.Run: the fetch clears _inflight under this lock when done, so it must not finish before it is stored.
            fetch = _inflight ??= Task.Run(FetchAndCacheAsync, CancellationToken.None);
        }
        return new ValueTask<string>(WaitAsync(fetch, cancellationToken));
    }

    /// <summary>Forgets <paramref name="token"/> (the connector answered 401 to it), so the next call fetches a new one.</summary>
    public void Invalidate(string token)
    {
        lock (_gate)
        {
            if (_cached is { } cached && string.Equals(cached.Token, token, StringComparison.Ordinal))
                _cached = null;
        }
    }

    private static async Task<string> WaitAsync(Task<Cached> fetch, CancellationToken cancellationToken) =>
        (await fetch.WaitAsync(cancellationToken)).Token;

    /// <summary>The shared fetch: not cancelled by any one caller (the others still want the token); bounded by attempts and timeouts.</summary>
    private async Task<Cached> FetchAndCacheAsync()
    {
        try
        {
            var (token, expiresIn) = await RequestTokenAsync(CancellationToken.None);
            var fresh = new Cached(token, _time.GetUtcNow() + expiresIn - RefreshMargin);
            lock (_gate)
                _cached = fresh;
            _logger.LogInformation("Got a Bot Connector token from {Url}, valid {ExpiresIn}", TokenUrl, expiresIn);
            return fresh;
        }
        finally
        {
            lock (_gate)
                _inflight = null;
        }
    }

    private static string BuildTokenUrl(TeamsOptions o)
    {
        if (!Uri.TryCreate(o.LoginBaseUrl, UriKind.Absolute, out var login) || !LoopbackUrls.IsHttpsOrLoopback(login))
            throw new InvalidOperationException($"{TeamsOptions.Section}:LoginBaseUrl: '{o.LoginBaseUrl}' must be an absolute https URL (http only to a loopback host): the credentials would cross the network in clear");
        var tenant = string.IsNullOrEmpty(o.TenantId) ? "botframework.com" : o.TenantId;
        return $"{o.LoginBaseUrl.TrimEnd('/')}/{Uri.EscapeDataString(tenant)}/oauth2/v2.0/token";
    }

    public void Dispose() => _assertion?.Dispose();
}
