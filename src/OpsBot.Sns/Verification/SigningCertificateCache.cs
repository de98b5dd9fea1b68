using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpsBot.Sns.Verification;

/// <summary>
/// Fetches signing certificates and remembers them: a URL is fetched once (concurrent requests share the fetch), and
/// used until <see cref="SnsOptions.CertificateCacheDuration"/> or its expiry. A failed fetch is remembered too, for
/// <see cref="SnsOptions.FailedFetchCacheDuration"/>, and the cache holds at most
/// <see cref="SnsOptions.MaxCachedCertificates"/> URLs: a flood of forged URLs on an allowed host costs at most that many
/// fetches per period, then answers from memory.
/// </summary>
internal sealed class SigningCertificateCache(IHttpClientFactory http, IOptions<SnsOptions> options, TimeProvider time, ILogger<SigningCertificateCache> logger)
{
    public const string HttpClientName = "OpsBot.Sns";

    /// <summary>A PEM certificate is a few KB; a body far beyond is not one.</summary>
    private const int MaxCertificateBytes = 64 * 1024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _admission = new();

    /// <summary>How many fetches were started (for tests and logs).</summary>
    public int Fetches => _fetches;

    private int _fetches;

    public async Task<SigningCertificate> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        var key = url.AbsoluteUri;
        var now = time.GetUtcNow();
        if (!_entries.TryGetValue(key, out var entry) || entry.IsExpired(now))
        {
            lock (_admission)
            {
                if (!_entries.TryGetValue(key, out entry) || entry.IsExpired(now))
                {
                    if (entry is null && !MakeRoom(now))
                    {
                        logger.LogWarning("Not fetching {Url}: {Count} certificate URLs are remembered already", key, _entries.Count);
                        return SigningCertificate.Unavailable("too many certificate URLs are being tried; not fetching another now");
                    }
                    entry = new Entry(FetchAsync(url));
                    _entries[key] = entry;
                }
            }
        }
        // The fetch belongs to the cache, not to one request: a caller that gives up does not cancel it for the others.
        return (await entry.Fetch.WaitAsync(cancellationToken)).Certificate;
    }

    private bool MakeRoom(DateTimeOffset now)
    {
        if (_entries.Count < options.Value.MaxCachedCertificates)
            return true;
        foreach (var (key, entry) in _entries)
        {
            if (entry.IsExpired(now))
                _entries.TryRemove(key, out _);
        }
        return _entries.Count < options.Value.MaxCachedCertificates;
    }

    private async Task<Fetched> FetchAsync(Uri url)
    {
        await Task.Yield(); // the download runs outside the admission lock
        Interlocked.Increment(ref _fetches);
        var result = await DownloadAsync(url);
        var settings = options.Value;
        var now = time.GetUtcNow();
        if (result.Status != CertificateStatus.Usable)
        {
            logger.LogWarning("Signing certificate {Url}: {Status}, {Problem}", url, result.Status, result.Problem);
            return new Fetched(result, now + settings.FailedFetchCacheDuration);
        }
        return new Fetched(result, Min(now + settings.CertificateCacheDuration, result.NotAfter));
    }

    private async Task<SigningCertificate> DownloadAsync(Uri url)
    {
        using var timeout = new CancellationTokenSource(options.Value.FetchTimeout, time);
        try
        {
            using var client = http.CreateClient(HttpClientName);
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
                return SigningCertificate.Unavailable($"the host answered {(int)response.StatusCode}");
            if (response.StatusCode != HttpStatusCode.OK)
                return SigningCertificate.Refused($"the host answered {(int)response.StatusCode}");
            if (response.Content.Headers.ContentLength > MaxCertificateBytes)
                return SigningCertificate.Refused("the body is too large for a certificate");
            var body = await ReadLimitedAsync(await response.Content.ReadAsStreamAsync(timeout.Token), timeout.Token);
            return body is null
                ? SigningCertificate.Refused("the body is too large for a certificate")
                : SigningCertificate.FromPem(Encoding.ASCII.GetString(body));
        }
        catch (OperationCanceledException)
        {
            return SigningCertificate.Unavailable($"no answer within {options.Value.FetchTimeout}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
        {
            return SigningCertificate.Unavailable($"the fetch failed ({e.Message})");
        }
    }

    private static async Task<byte[]?> ReadLimitedAsync(Stream stream, CancellationToken cancellationToken)
    {
        await using (stream)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxCertificateBytes)
                    return null;
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed record Fetched(SigningCertificate Certificate, DateTimeOffset Until);

    private sealed class Entry(Task<Fetched> fetch)
    {
        public Task<Fetched> Fetch { get; } = fetch;

        /// <summary>An entry still being fetched never expires; one whose fetch threw is tried again.</summary>
        public bool IsExpired(DateTimeOffset now) => Fetch.IsCompleted && (!Fetch.IsCompletedSuccessfully || now >= Fetch.Result.Until);
    }
}
