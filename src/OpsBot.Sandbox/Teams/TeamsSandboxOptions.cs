namespace OpsBot.Sandbox.Teams;

/// <summary>
/// The sandbox's Teams tenant: the bot's app registration (id, secret, home tenant), the team with its channels, the
/// people (each a Teams identity: an MRI and an AAD object id), and where the bot serves <c>/teams/messages</c>. The
/// defaults are the sandbox's; every value is made up and names no real tenant.
/// </summary>
public sealed class TeamsSandboxOptions
{
    /// <summary>The bot's Microsoft App ID: the audience of inbound tokens and the client id of its own.</summary>
    public string AppId { get; set; } = "00000000-0000-0000-0000-00000000b07a";

    /// <summary>The app's client secret, which the fake token endpoint checks.</summary>
    public string AppPassword { get; set; } = "sandbox-teams-app-password";

    /// <summary>The tenant of the bot and of every person (single-tenant bot).</summary>
    public string TenantId { get; set; } = "00000000-0000-0000-0000-0000000a5b0c";

    /// <summary>The scope the bot asks its token for.</summary>
    public string Scope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>The <c>iss</c> of inbound tokens (the sandbox's keys sign them, so only a bot configured for the sandbox trusts them).</summary>
    public string Issuer { get; set; } = "https://api.botframework.com";

    /// <summary>The bot's display name, mentioned as <c>&lt;at&gt;OpsBot&lt;/at&gt;</c>.</summary>
    public string BotName { get; set; } = "OpsBot";

    /// <summary>The team the channels belong to: its id is its General channel's.</summary>
    public string TeamId { get; set; } = "19:sandbox-general@thread.tacv2";

    /// <summary>The team's display name.</summary>
    public string TeamName { get; set; } = "Platform";

    /// <summary>The team's channels the console shows, in order.</summary>
    public IReadOnlyList<TeamsSandboxChannel> Channels { get; set; } =
    [
        new("19:sandbox-deploys@thread.tacv2", "Deployments", "prod"),
        new("19:sandbox-dev-deploys@thread.tacv2", "Dev deployments", "dev"),
    ];

    /// <summary>The people of the tenant, also the members of every channel. Default: <see cref="TeamsSandboxPerson.Defaults"/>.</summary>
    public IReadOnlyList<TeamsSandboxPerson> People { get; set; } = TeamsSandboxPerson.Defaults;

    /// <summary>Where the bot serves <c>teams/messages</c>. Default <c>http://127.0.0.1:5080/</c>.</summary>
    public Uri BotBaseUrl { get; set; } = new("http://127.0.0.1:5080/");

    /// <summary>Where the sandbox itself is reachable from the bot: the base of <c>teams-login/</c> and of the connector's <c>teams-connector/</c> (the activities' <c>serviceUrl</c>).</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://127.0.0.1:5080/");

    /// <summary>How long the bot may take to answer an activity before the console reports a timeout (Teams waits about 15 s for an invoke).</summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The largest activity the connector accepts, in bytes of JSON (Teams' limit is about 28 KB).</summary>
    public int MaxActivityBytes { get; set; } = 28 * 1024;

    /// <summary>The connector's base, put into every activity as <c>serviceUrl</c>.</summary>
    public Uri ServiceUrl => new(Base(PublicBaseUrl), "teams-connector/");

    /// <summary>The OpenID metadata the bot reads the signing keys from.</summary>
    public Uri OpenIdMetadataUrl => new(Base(PublicBaseUrl), "teams-login/v1/.well-known/openidconfiguration");

    /// <summary>The token authority's base: <c>{LoginBaseUrl}/{tenant}/oauth2/v2.0/token</c>.</summary>
    public Uri LoginBaseUrl => new(Base(PublicBaseUrl), "teams-login");

    /// <summary>The bot's own id in conversations: <c>28:&lt;app id&gt;</c>.</summary>
    public string BotMri => $"28:{AppId}";

    internal static Uri Base(Uri uri) => uri.ToString().EndsWith('/') ? uri : new Uri(uri + "/");
}

/// <summary>A channel of the sandbox's team.</summary>
/// <param name="Id">The channel's conversation id, e.g. <c>19:sandbox-deploys@thread.tacv2</c>.</param>
/// <param name="Name">Its display name, e.g. <c>Deployments</c>.</param>
/// <param name="Environment">The environment the bot binds it to, shown beside the name.</param>
public sealed record TeamsSandboxChannel(string Id, string Name, string Environment);

/// <summary>A person's Teams identity in the sandbox.</summary>
/// <param name="Name">The persona, the same name as their Slack user (alice, bob…).</param>
/// <param name="AadObjectId">Their Entra ID object id: roles name them <c>teams:&lt;this&gt;</c>.</param>
/// <param name="Mri">Their id in conversations, <c>29:…</c>; Adaptive Card <c>refresh.userIds</c> list these.</param>
public sealed record TeamsSandboxPerson(string Name, string AadObjectId, string Mri)
{
    /// <summary>
    /// The sandbox's personas: the object id ends with the name in hex-ish letters (a11ce, b0b, da7e, e1e1, ca201),
    /// the MRI is <c>29:sandbox-&lt;name&gt;</c>.
    /// </summary>
    public static IReadOnlyList<TeamsSandboxPerson> Defaults { get; } =
    [
        new("alice", "00000000-0000-0000-0000-0000000a11ce", "29:sandbox-alice"),
        new("bob", "00000000-0000-0000-0000-000000000b0b", "29:sandbox-bob"),
        new("dave", "00000000-0000-0000-0000-00000000da7e", "29:sandbox-dave"),
        new("erin", "00000000-0000-0000-0000-00000000e1e1", "29:sandbox-erin"),
        new("carol", "00000000-0000-0000-0000-0000000ca201", "29:sandbox-carol"),
    ];
}
