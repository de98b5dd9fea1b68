namespace OpsBot.Teams;

/// <summary>
/// The <c>OpsBot:Teams</c> section. Teams is on when <see cref="AppId"/> is set (with a credential: <see cref="AppPassword"/>
/// or <see cref="CertificatePath"/>) and off when it is empty. Every host OpsBot calls for Teams is named here: the
/// OpenID metadata it trusts inbound tokens from, the token endpoint it gets its own token from, and the Bot Connector
/// hosts (<c>serviceUrl</c>) it may call. HTTPS everywhere, except plain HTTP to a loopback address (the sandbox).
/// </summary>
public sealed class TeamsOptions
{
    public const string Section = "OpsBot:Teams";

    /// <summary>The bot's Microsoft App ID (the Azure Bot resource's; a GUID): the audience of inbound tokens and the client id of outbound ones.</summary>
    public string AppId { get; set; } = "";

    /// <summary>The app's client secret (Certificates &amp; secrets → Client secrets).</summary>
    public string AppPassword { get; set; } = "";

    /// <summary>Instead of a secret: a PFX with the app's certificate (uploaded to the app registration), and its password.</summary>
    public string CertificatePath { get; set; } = "";

    public string CertificatePassword { get; set; } = "";

    /// <summary>
    /// The bot's home tenant (a single-tenant Azure Bot, required for new bots): the outbound token comes from this
    /// tenant's authority. Empty: a legacy multi-tenant bot, whose token comes from <c>botframework.com</c>.
    /// </summary>
    public string TenantId { get; set; } = "";

    /// <summary>Tenants whose activities are acted on; empty: only <see cref="TenantId"/> (and any tenant when that is empty too).</summary>
    public List<string> AllowedTenants { get; set; } = [];

    /// <summary>OpenID metadata of the Bot Framework's token issuer (its <c>jwks_uri</c> gives the signing keys).</summary>
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>The issuer inbound tokens must name.</summary>
    public string Issuer { get; set; } = "https://api.botframework.com";

    /// <summary>Base of the token authority: <c>{LoginBaseUrl}/{tenant}/oauth2/v2.0/token</c>.</summary>
    public string LoginBaseUrl { get; set; } = "https://login.microsoftonline.com";

    /// <summary>The scope of the outbound token.</summary>
    public string Scope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>Hosts a <c>serviceUrl</c> may have (<c>*.</c> for subdomains); an activity naming another is refused, and no other is ever called.</summary>
    public List<string> ServiceUrlHosts { get; set; } = ["smba.trafficmanager.net", "*.botframework.com", "smba.infra.gcc.teams.microsoft.com"];

    /// <summary>
    /// OpsBot's own public HTTPS address (<c>https://opsbot.example.com/</c>, the messaging endpoint's host): chart
    /// images in cards are served under it, at <c>teams/images/…</c>, for Teams to fetch.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>How long a chart image stays readable at its URL (its card keeps showing it that long).</summary>
    public TimeSpan ImageLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How far a token's lifetime may be off (either way).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts per Bot Connector call, the first included, on 429, 5xx and timeouts.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Longest wait between attempts, a <c>Retry-After</c> included.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Per-attempt timeout of a Bot Connector or token call.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>True when the app id is set: the endpoint answers and the chat channel is registered.</summary>
    public bool IsEnabled => !string.IsNullOrEmpty(AppId);
}
