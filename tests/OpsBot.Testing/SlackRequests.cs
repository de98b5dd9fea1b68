using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OpsBot.Testing;

/// <summary>
/// What Slack sends a bot, built as Slack builds it (team T0SANDBOX, app A0OPSBOT): the form of a slash command, the
/// form of a click on a message button (<c>block_actions</c>), and the v0 signature over the raw body.
/// </summary>
public static class SlackRequests
{
    public const string FormContentType = "application/x-www-form-urlencoded";

    /// <summary>The form body of <paramref name="command"/> <paramref name="text"/> typed by <paramref name="user"/> in <paramref name="channel"/>.</summary>
    public static string SlashCommand(string user, string channel, string command, string text, Uri responseUrl, string? triggerId = null) =>
        $"token=legacy&team_id=T0SANDBOX&team_domain=sandbox&channel_id={channel}&channel_name=deploys&user_id={user}" +
        $"&user_name={Name(user)}&command={Uri.EscapeDataString(command)}&text={Uri.EscapeDataString(text)}" +
        $"&api_app_id=A0OPSBOT&response_url={Uri.EscapeDataString(responseUrl.ToString())}&trigger_id={triggerId ?? NewTrigger()}";

    /// <summary>The form body (<c>payload=…</c>) of <paramref name="user"/>'s click on <paramref name="button"/> (a Block Kit
    /// button element as the card holds it) of the message <paramref name="messageTs"/>.</summary>
    public static string BlockActions(string user, string channel, string messageTs, JsonObject button, Uri responseUrl, DateTimeOffset at)
    {
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user, ["username"] = Name(user), ["name"] = Name(user), ["team_id"] = "T0SANDBOX" },
            ["api_app_id"] = "A0OPSBOT",
            ["token"] = "legacy",
            ["trigger_id"] = NewTrigger(),
            ["team"] = new JsonObject { ["id"] = "T0SANDBOX", ["domain"] = "sandbox" },
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = messageTs, ["channel_id"] = channel, ["is_ephemeral"] = false },
            ["channel"] = new JsonObject { ["id"] = channel, ["name"] = "deploys" },
            ["response_url"] = responseUrl.ToString(),
            ["actions"] = new JsonArray(new JsonObject
            {
                ["type"] = "button",
                ["action_id"] = button["action_id"]!.GetValue<string>(),
                ["block_id"] = "actions",
                ["text"] = button["text"]!.DeepClone(),
                ["value"] = button["value"]!.GetValue<string>(),
                ["action_ts"] = $"{at.ToUnixTimeSeconds()}.000001",
            }),
        };
        return "payload=" + Uri.EscapeDataString(payload.ToJsonString());
    }

    /// <summary>A POST of <paramref name="body"/> to <paramref name="uri"/> with Slack's timestamp and v0 signature headers.</summary>
    public static HttpRequestMessage Signed(Uri uri, string body, string secret, DateTimeOffset at, string contentType = FormContentType)
    {
        var timestamp = at.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", Sign(secret, timestamp, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    /// <summary>
    /// Slack's v0 signature of a raw body (<c>v0=</c> and the HMAC-SHA256 of <c>v0:{timestamp}:{body}</c> in hex), for
    /// the tests, the bench and the stand-ins that check what the console sends. Written apart from OpsBot's verifier,
    /// so a test checks the scheme rather than echoing the code under test; Node's crypto checks both.
    /// </summary>
    public static string Sign(string secret, long timestamp, byte[] body)
    {
        var head = Encoding.UTF8.GetBytes($"v0:{timestamp.ToString(CultureInfo.InvariantCulture)}:");
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), head.Concat(body).ToArray()));
    }

    /// <summary>A trigger id in Slack's shape, never the same twice.</summary>
    public static string NewTrigger() => $"{Random.Shared.NextInt64(1_000_000_000, 9_999_999_999)}.{Random.Shared.Next(100_000, 999_999)}.{Guid.NewGuid():N}";

    /// <summary>The seeded users' names (U0ALICE is alice).</summary>
    public static string Name(string user) => user.StartsWith("U0", StringComparison.Ordinal) ? user[2..].ToLowerInvariant() : user.ToLowerInvariant();
}
