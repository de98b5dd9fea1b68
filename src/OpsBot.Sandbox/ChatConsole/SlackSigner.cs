using System.Security.Cryptography;
using System.Text;

namespace OpsBot.Sandbox.ChatConsole;

/// <summary>
/// Signs a request the way Slack does, so that the bot's real verifier accepts it:
/// <c>X-Slack-Signature: v0=hex(HMAC-SHA256(signing secret, "v0:{timestamp}:{raw body}"))</c> beside
/// <c>X-Slack-Request-Timestamp: {unix seconds}</c>.
/// </summary>
internal static class SlackSigner
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";

    public static string Sign(string secret, string timestamp, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var basestring = new byte[prefix.Length + body.Length];
        prefix.CopyTo(basestring, 0);
        body.CopyTo(basestring, prefix.Length);
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), basestring));
    }
}
