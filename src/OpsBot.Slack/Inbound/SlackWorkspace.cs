
namespace OpsBot.Slack.Inbound;

/// <summary>
/// Which workspace and app a signed request says it is from: <c>team_id</c> and <c>api_app_id</c> of a slash command,
/// <c>team.id</c> and <c>api_app_id</c> of an interaction's payload, <c>team_id</c> and <c>api_app_id</c> of an event.
/// With <see cref="SlackOptions.TeamId"/> (and <see cref="SlackOptions.AppId"/>) set, a request from anywhere else is
/// refused, so a signing secret shared with, or leaked from, another installation does not let that workspace's
/// people act here.
/// </summary>
internal static class SlackWorkspace
{
    /// <summary>Why <paramref name="body"/> is not for this installation, or null when it is (or nothing is configured).</summary>
    public static string? Refusal(byte[] body, SlackOptions options)
    {
        if (string.IsNullOrEmpty(options.TeamId) && string.IsNullOrEmpty(options.AppId))
            return null;
        var (team, app, isChallenge) = Read(body);
        if (isChallenge)
            return null; // Slack's URL verification names no workspace; it only echoes the challenge.
        if (!string.IsNullOrEmpty(options.TeamId) && !string.Equals(team, options.TeamId, StringComparison.Ordinal))
            return $"team_id '{team ?? "(none)"}' is not this installation's workspace";
        if (!string.IsNullOrEmpty(options.AppId) && !string.Equals(app, options.AppId, StringComparison.Ordinal))
            return $"api_app_id '{app ?? "(none)"}' is not this installation's app";
        return null;
    }

    private static (string? Team, string? App, bool IsChallenge) Read(byte[] body)
    {
        if (body.Length > 0 && body[0] == (byte)'{')
        {
            using var json = SlackJson.Parse(body);
            var root = json?.RootElement;
            return (root.String("team_id"), root.String("api_app_id"), root.String("type") == "url_verification");
        }
        var form = SlackForm.Parse(body);
        if (form?["payload"] is { } text)
        {
            using var payload = SlackJson.Parse(text);
            var root = payload?.RootElement;
            return (root?.Member("team").String("id"), root.String("api_app_id"), false);
        }
        return (form?["team_id"], form?["api_app_id"], false);
    }
}
