namespace OpsBot.Sns;

/// <summary>
/// The <c>OpsBot:Sns</c> section: which hosts may serve SNS's signing certificates and subscription URLs, and how long
/// what was fetched is trusted. The defaults are AWS's; only a sandbox or a test names its own hosts. Which topics are
/// accepted is not here: each environment lists its <c>AlarmTopicArns</c>.
/// </summary>
public sealed class SnsOptions
{
    public const string Section = "OpsBot:Sns";

    /// <summary>
    /// Host patterns a <c>SigningCertURL</c> or a <c>SubscribeURL</c> may name (always https). <c>*</c> stands for
    /// part of one DNS label (<c>sns.*.amazonaws.com</c> matches <c>sns.eu-west-1.amazonaws.com</c>, not
    /// <c>sns.evil.com.amazonaws.com</c>). A pattern without a port allows only 443; <c>host:8443</c> that port,
    /// <c>host:*</c> any (a sandbox on a random loopback port). A configured list replaces the defaults.
    /// </summary>
    public List<string> CertificateHosts { get; set; } = [.. DefaultCertificateHosts];

    /// <summary>AWS's regional SNS hosts, China's included.</summary>
    public static IReadOnlyList<string> DefaultCertificateHosts { get; } = ["sns.*.amazonaws.com", "sns.*.amazonaws.com.cn"];

    /// <summary>
    /// SHA-256 thumbprints (64 hex digits) of TLS server certificates accepted even though they do not chain to a
    /// trusted root: a sandbox's self-signed certificate on a host of <see cref="CertificateHosts"/>. Empty in
    /// production, where the usual TLS validation decides alone.
    /// </summary>
    public List<string> PinnedCertificateThumbprints { get; set; } = [];

    /// <summary>How long a certificate fetch or a subscription confirmation may take.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a fetched signing certificate is used before it is fetched again (never beyond its expiry).</summary>
    public TimeSpan CertificateCacheDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a certificate URL whose fetch failed answers from the cache (refused, or 503 when the host could not be
    /// reached) before it is tried again: forged URLs cause no storm of fetches.
    /// </summary>
    public TimeSpan FailedFetchCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Certificate URLs remembered at once, failures included. When full of unexpired entries a new URL is not fetched
    /// (503, SNS retries), so no sender can make OpsBot fetch without bound.
    /// </summary>
    public int MaxCachedCertificates { get; set; } = 100;

    /// <summary>
    /// A message whose <c>Timestamp</c> is older than this is refused. SNS retries for at most an hour; the bound keeps a
    /// captured message from being replayed after its <c>MessageId</c> left the idempotency store (keep it below
    /// <c>OpsBot:Storage:Retention</c>).
    /// </summary>
    public TimeSpan MaxMessageAge { get; set; } = TimeSpan.FromDays(1);
}
