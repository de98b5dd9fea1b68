namespace OpsBot.Slack.Inbound;

/// <summary>The slash commands OpsBot registers (see <c>manifest/slack-app.yaml</c>).</summary>
internal static class SlackCommands
{
    public const string Deploy = "/deploy";
    public const string Rollback = "/rollback";
    public const string Flags = "/flags";
    public const string Health = "/health";
    public const string Logs = "/logs";
    public const string Incident = "/incident";

    /// <summary>"/Deploy " → "/deploy", as Core's grammar reads it.</summary>
    public static string Normalize(string? command) => "/" + (command ?? "").Trim().TrimStart('/').ToLowerInvariant();
}
