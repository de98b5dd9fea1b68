namespace OpsBot.Slack;

/// <summary>
/// The <c>OpsBot:Slack</c> section. Slack is on when both <see cref="SigningSecret"/> and <see cref="BotToken"/> are set
/// and off when both are empty; one without the other refuses to start. Every host OpsBot calls for Slack is named here,
/// so nothing else is ever called: the Web API base URL, and the hosts a <c>response_url</c> or an upload URL may have.
/// </summary>
public sealed class SlackOptions
{
    public const string Section = "OpsBot:Slack";

    /// <summary>The app's signing secret (Basic Information → App Credentials); every inbound request is checked with it.</summary>
    public string SigningSecret { get; set; } = "";

    /// <summary>The bot token (<c>xoxb-…</c>, OAuth &amp; Permissions) sent as <c>Authorization: Bearer</c> to the Web API.</summary>
    public string BotToken { get; set; } = "";

    /// <summary>
    /// The workspace's id (<c>T…</c>, in the app's install page or any request's <c>team_id</c>). When set, a request
    /// from another workspace is refused with 403 even if it is signed. Set it in production.
    /// </summary>
    public string TeamId { get; set; } = "";

    /// <summary>The app's id (<c>A…</c>, Basic Information → App ID). When set, a request for another app is refused with 403.</summary>
    public string AppId { get; set; } = "";

    /// <summary>Base URL of the Web API, ending with '/'; a sandbox or a test points it at 127.0.0.1.</summary>
    public string ApiBaseUrl { get; set; } = "https://slack.com/api/";

    /// <summary>Hosts a slash command's or a click's <c>response_url</c> may have; any other is refused and not called.</summary>
    public List<string> ResponseUrlHosts { get; set; } = ["hooks.slack.com"];

    /// <summary>Hosts the <c>upload_url</c> of <c>files.getUploadURLExternal</c> may have; any other is refused and not called.</summary>
    public List<string> UploadUrlHosts { get; set; } = ["files.slack.com"];

    /// <summary>How far <c>X-Slack-Request-Timestamp</c> may be from now (either way); Slack recommends five minutes.</summary>
    public TimeSpan RequestMaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts per Web API call, the first included, on 429, 5xx and timeouts.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Longest wait between attempts, a <c>Retry-After</c> included.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Per-attempt timeout of a Web API call.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Requests acknowledged but not yet worked on (all but rolling back, pausing and rejecting); past this the person
    /// is told OpsBot is busy (a command in its acknowledgement, a click through its response_url).
    /// </summary>
    public int QueueCapacity { get; set; } = 256;

    /// <summary>Queued requests worked on at once.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Roll back, Pause and Reject (clicks and commands) waiting in their own lane, which slow starts cannot hold up.</summary>
    public int SafetyQueueCapacity { get; set; } = 64;

    /// <summary>Requests of the safety lane worked on at once, apart from <see cref="MaxConcurrency"/>.</summary>
    public int SafetyConcurrency { get; set; } = 2;

    /// <summary>True when both secrets are set: the endpoints answer and the chat channel is registered.</summary>
    public bool IsEnabled => !string.IsNullOrEmpty(SigningSecret) && !string.IsNullOrEmpty(BotToken);
}
