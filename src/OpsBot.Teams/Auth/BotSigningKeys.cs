using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace OpsBot.Teams.Auth;

/// <summary>
/// The Bot Framework's signing keys, read from its OpenID metadata's <c>jwks_uri</c> and cached by IdentityModel's
/// <see cref="ConfigurationManager{T}"/> (refetched every 12 h or so). A key id it does not know asks the manager for a
/// refresh and looks once more, so a rotated key is picked up at once; the manager's
/// <see cref="BaseConfigurationManager.RefreshInterval"/> (5 min) rate-limits those refreshes, so a flood of made-up
/// key ids costs at most one fetch per interval.
/// </summary>
/// <remarks>
/// IdentityModel 8 refreshes in the background unless a process-wide switch says otherwise, so the configuration read
/// right after <c>RequestRefresh</c> may still be the old one. Rather than depend on that switch, the retriever is
/// watched: a caller whose lookup did trigger a refresh (decided as the manager does, on the same wall clock and
/// interval, and never more often) waits for that fetch to end, at most <see cref="_refreshWait"/>. Should the manager
/// skip the refresh because a fetch of its own is already running, that wait runs out and the key is looked for again
/// on the next request.
/// </remarks>
internal sealed class BotSigningKeys
{
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _manager;
    private readonly WatchedRetriever _retriever = new();
    private readonly TimeSpan _refreshWait;
    private readonly Lock _gate = new();
    private DateTimeOffset? _lastRefreshRequest;
    private Task<OpenIdConnectConfiguration?>? _pendingRefresh;

    /// <param name="metadataUrl">The OpenID metadata document: https, or http to a loopback host (the sandbox).</param>
    /// <param name="http">The client the metadata and the keys are fetched with.</param>
    /// <param name="refreshWait">The longest a lookup waits for the refresh it asked for.</param>
    public BotSigningKeys(string metadataUrl, HttpClient http, TimeSpan refreshWait)
    {
        if (!Uri.TryCreate(metadataUrl, UriKind.Absolute, out var uri) || !LoopbackUrls.IsHttpsOrLoopback(uri))
            throw new InvalidOperationException($"{TeamsOptions.Section}:OpenIdMetadataUrl: '{metadataUrl}' must be an absolute https URL (http only to a loopback host)");
        var documents = new HttpDocumentRetriever(http) { RequireHttps = !LoopbackUrls.IsLoopback(uri) };
        _manager = new ConfigurationManager<OpenIdConnectConfiguration>(metadataUrl, _retriever, documents);
        _refreshWait = refreshWait;
    }

    /// <summary>The RSA signing key with id <paramref name="kid"/>, after at most one refresh; null when the issuer has none.</summary>
    /// <exception cref="InvalidOperationException">The metadata or the keys could not be fetched and none are cached.</exception>
    public async Task<JsonWebKey?> FindAsync(string kid, CancellationToken cancellationToken)
    {
        var configuration = await _manager.GetConfigurationAsync(cancellationToken);
        if (Find(configuration, kid) is { } key)
            return key;

        var refresh = RequestRefresh();
        // In blocking mode this call does the fetch; in background mode it answers the current keys at once.
        configuration = await _manager.GetConfigurationAsync(cancellationToken);
        if (Find(configuration, kid) is { } fresh)
            return fresh;
        if (refresh is null)
            return null;
        try
        {
            return await refresh.WaitAsync(_refreshWait, cancellationToken) is { } refreshed ? Find(refreshed, kid) : null;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// Asks the manager for a refresh when its rate limit allows one (its own rule: the first request, then one per
    /// <see cref="BaseConfigurationManager.RefreshInterval"/> on the system clock), and answers the fetch to wait for:
    /// the one asked for, one still pending, or none.
    /// </summary>
    private Task<OpenIdConnectConfiguration?>? RequestRefresh()
    {
        lock (_gate)
        {
            var now = TimeProvider.System.GetUtcNow();
            if (_lastRefreshRequest is { } last && now - last < _manager.RefreshInterval)
                return _pendingRefresh is { IsCompleted: false } pending ? pending : null;
            var next = _retriever.NextRetrieval;
            _manager.RequestRefresh();
            // Stamped after the manager's own stamp, so this never believes in a refresh the manager refused.
            _lastRefreshRequest = TimeProvider.System.GetUtcNow();
            return _pendingRefresh = next;
        }
    }

    private static JsonWebKey? Find(OpenIdConnectConfiguration configuration, string kid) =>
        configuration.JsonWebKeySet?.Keys.FirstOrDefault(k =>
            string.Equals(k.Kid, kid, StringComparison.Ordinal) &&
            k.Kty == JsonWebAlgorithmsKeyTypes.RSA &&
            (string.IsNullOrEmpty(k.Use) || k.Use == JsonWebKeyUseNames.Sig));

    /// <summary>The stock OpenID retriever, telling when each fetch ends (with its configuration, or null when it failed).</summary>
    private sealed class WatchedRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        private readonly OpenIdConnectConfigurationRetriever _inner = new();
        private TaskCompletionSource<OpenIdConnectConfiguration?> _next = NewSignal();

        /// <summary>Ends when the next fetch to start after this read ends.</summary>
        public Task<OpenIdConnectConfiguration?> NextRetrieval => Volatile.Read(ref _next).Task;

        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var signal = Interlocked.Exchange(ref _next, NewSignal());
            try
            {
                var configuration = await ((IConfigurationRetriever<OpenIdConnectConfiguration>)_inner).GetConfigurationAsync(address, retriever, cancel);
                signal.TrySetResult(configuration);
                return configuration;
            }
            catch
            {
                signal.TrySetResult(null);
                throw;
            }
        }

        private static TaskCompletionSource<OpenIdConnectConfiguration?> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
