using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpsBot.Slack.Tests.Support;

/// <summary>
/// Signs requests as Slack does, written apart from the verifier (an HMAC instance over the concatenated parts), so a
/// test checks the scheme rather than echoing the code under test. Node's crypto checks both in the verifier tests.
/// </summary>
public static class SlackSigner
{
    public static string Sign(string secret, long timestamp, byte[] body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var head = Encoding.UTF8.GetBytes("v0:" + timestamp.ToString(CultureInfo.InvariantCulture) + ":");
        hmac.TransformBlock(head, 0, head.Length, null, 0);
        hmac.TransformFinalBlock(body, 0, body.Length);
        var sb = new StringBuilder("v0=");
        foreach (var b in hmac.Hash!)
            sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        return sb.ToString();
    }
}
