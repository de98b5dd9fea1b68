using System.Security.Cryptography;
using System.Text;

namespace OpsBot.SlackBench;

/// <summary>Signs a request body the way Slack does (v0 HMAC-SHA256 over "v0:{timestamp}:{body}").</summary>
internal static class SlackSigning
{
    public const string Secret = "bench-signing-secret";

    public static (string Timestamp, string Signature) Sign(string body, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}"));
        return (timestamp, "v0=" + Convert.ToHexStringLower(hash));
    }
}
