namespace OpsBot.Sandbox.Slack;

/// <summary>
/// Who the fake Slack workspace believes it is talking to: the bot token it accepts, the bot user it posts as, the
/// scopes that token was granted, and the public address it puts into the upload and response URLs it hands out.
/// </summary>
public sealed class FakeSlackOptions
{
    /// <summary>The only bot token the Web API accepts (<c>Authorization: Bearer ...</c>). Default <c>xoxb-sandbox</c>.</summary>
    public string BotToken { get; set; } = "xoxb-sandbox";

    /// <summary>The bot user's id: the <c>user</c> of every message the bot token posts. Default <c>U0OPSBOT</c>.</summary>
    public string BotUserId { get; set; } = "U0OPSBOT";

    /// <summary>The bot's id (<c>bot_id</c> on its messages and in <c>auth.test</c>). Default <c>B0OPSBOT</c>.</summary>
    public string BotId { get; set; } = "B0OPSBOT";

    /// <summary>The bot user's name, as <c>auth.test</c> reports it. Default <c>opsbot</c>.</summary>
    public string BotName { get; set; } = "opsbot";

    /// <summary>The app the bot belongs to (<c>app_id</c> on its messages). Default <c>A0OPSBOT</c>.</summary>
    public string AppId { get; set; } = "A0OPSBOT";

    /// <summary>The workspace's id. Default <c>T0SANDBOX</c>.</summary>
    public string TeamId { get; set; } = "T0SANDBOX";

    /// <summary>The workspace's name. Default <c>sandbox</c>.</summary>
    public string TeamName { get; set; } = "sandbox";

    /// <summary>
    /// The OAuth scopes of the bot token. A method whose scope is missing answers <c>missing_scope</c> with
    /// <c>needed</c> and <c>provided</c>, as Slack does. Default: <c>chat:write</c>, <c>chat:write.public</c>,
    /// <c>files:write</c>, <c>usergroups:read</c>.
    /// </summary>
    public ISet<string> Scopes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "chat:write", "chat:write.public", "files:write", "usergroups:read",
    };

    /// <summary>
    /// The base address (e.g. <c>http://127.0.0.1:5080/</c>) put into minted upload URLs, file URLs and response URLs.
    /// When null, the scheme and host of the request being answered are used.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }
}
