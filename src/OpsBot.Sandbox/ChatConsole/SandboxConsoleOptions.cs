namespace OpsBot.Sandbox.ChatConsole;

/// <summary>
/// What the chat console needs to stand in for Slack in front of the bot: where the bot serves <c>/slack/*</c>, the
/// signing secret it verifies requests with, the workspace's identity, and the channels and people the page offers.
/// The defaults match the sandbox: the bot in the same process on <c>http://127.0.0.1:5080/</c>, #deploys (prod) and
/// #dev-deploys (dev), alice the deployer, bob the approver and carol the viewer.
/// </summary>
public sealed class SandboxConsoleOptions
{
    /// <summary>Where the bot serves <c>/slack/commands</c> and <c>/slack/interactions</c>. Default
    /// <c>http://127.0.0.1:5080/</c> (the sandbox runs the bot in the same process).</summary>
    public Uri BotBaseUrl { get; set; } = new("http://127.0.0.1:5080/");

    /// <summary>The Slack signing secret requests are signed with; the bot must be configured with the same one.
    /// Default <c>sandbox-signing-secret</c>.</summary>
    public string SigningSecret { get; set; } = "sandbox-signing-secret";

    /// <summary>The base address put into minted response URLs (<c>{base}/response/{token}</c>): where the fake Slack
    /// API is reachable from the bot. When null, the scheme and host of the console request are used.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>The channels the page shows, in order. Default: <c>C0DEPLOYS</c> #deploys (prod) and
    /// <c>C0DEVDEPLOYS</c> #dev-deploys (dev). Channels missing from the workspace are added to it.</summary>
    public IReadOnlyList<SandboxConsoleChannel> Channels { get; set; } =
    [
        new("C0DEPLOYS", "deploys", "prod"),
        new("C0DEVDEPLOYS", "dev-deploys", "dev"),
    ];

    /// <summary>The people a visitor can act as, in order. Default: <c>U0ALICE</c> alice (deployer), <c>U0BOB</c> bob
    /// (approver), <c>U0CAROL</c> carol (viewer). Users missing from the workspace are added to it.</summary>
    public IReadOnlyList<SandboxConsoleUser> Users { get; set; } =
    [
        new("U0ALICE", "alice", "deployer"),
        new("U0BOB", "bob", "approver"),
        new("U0CAROL", "carol", "viewer"),
    ];

    /// <summary>The slash commands the bot registers; the page sends only these. Default <c>/deploy</c>, <c>/rollback</c> and <c>/flags</c>.</summary>
    public IReadOnlyList<string> Commands { get; set; } = ["/deploy", "/rollback", "/flags", "/health", "/logs", "/incident"];

    /// <summary>The workspace's id, sent as <c>team_id</c>. Default <c>T0SANDBOX</c> (the fake's default).</summary>
    public string TeamId { get; set; } = "T0SANDBOX";

    /// <summary>The workspace's domain, sent as <c>team_domain</c>. Default <c>sandbox</c>.</summary>
    public string TeamDomain { get; set; } = "sandbox";

    /// <summary>The app's id, sent as <c>api_app_id</c>. Default <c>A0OPSBOT</c> (the fake's default).</summary>
    public string ApiAppId { get; set; } = "A0OPSBOT";

    /// <summary>The deprecated verification token Slack still sends as <c>token</c>. Default <c>sandbox-verification-token</c>.</summary>
    public string VerificationToken { get; set; } = "sandbox-verification-token";

    /// <summary>The bot user's id: ephemeral acknowledgements are stored as its messages. Default <c>U0OPSBOT</c>.</summary>
    public string BotUserId { get; set; } = "U0OPSBOT";

    /// <summary>The bot's display name on the page. Default <c>opsbot</c>.</summary>
    public string BotName { get; set; } = "opsbot";

    /// <summary>How long the bot has to acknowledge a command or a click before the person is told it failed with
    /// <c>operation_timeout</c>, as Slack does. Default 3 seconds (Slack's limit).</summary>
    public TimeSpan AcknowledgementTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The Teams stand-in's team, channels and people, when the sandbox has one: the page then shows its
    /// channels beside Slack's (see <see cref="Teams.SandboxTeams"/>). Default null: Slack only.</summary>
    public Teams.TeamsSandboxOptions? Teams { get; set; }

    /// <summary>The clock for request timestamps (<c>X-Slack-Request-Timestamp</c>, <c>action_ts</c>); the
    /// workspace's clock when null, since the bot checks the timestamp against the clock it shares with the sandbox.</summary>
    public TimeProvider? Time { get; set; }
}

/// <summary>A channel shown on the console page.</summary>
/// <param name="Id">The channel id, e.g. <c>C0DEPLOYS</c>.</param>
/// <param name="Name">The channel name without '#', e.g. <c>deploys</c>.</param>
/// <param name="Environment">The environment the bot binds it to, shown beside the name, e.g. <c>prod</c>.</param>
public sealed record SandboxConsoleChannel(string Id, string Name, string Environment);

/// <summary>A person a visitor can act as on the console page.</summary>
/// <param name="Id">The user id, e.g. <c>U0ALICE</c>.</param>
/// <param name="Name">The user name, e.g. <c>alice</c>.</param>
/// <param name="Role">The role the bot gives them, shown beside the name, e.g. <c>deployer</c>.</param>
public sealed record SandboxConsoleUser(string Id, string Name, string Role);
