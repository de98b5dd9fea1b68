using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OpsBot.Slack.Inbound;

/// <summary>Why a request was or was not accepted as Slack's.</summary>
internal enum SlackVerification
{
    Valid,
    MissingHeaders,
    MalformedTimestamp,
    Stale,
    MalformedSignature,
    WrongSignature,
    NotConfigured,
}

/// <summary>
/// Checks Slack's v0 request signature: <c>v0=hex(HMAC-SHA256(signing secret, "v0:{timestamp}:{raw body}"))</c> in
/// <c>X-Slack-Signature</c>, with <c>X-Slack-Request-Timestamp</c> within <see cref="SlackOptions.RequestMaxAge"/> of now
/// (either way), so a captured request cannot be replayed later. The body must be the exact bytes received, before any
/// parsing; the comparison takes constant time.
/// </summary>
internal sealed class SlackRequestVerifier(IOptions<SlackOptions> options, TimeProvider time)
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";

    private const string Prefix = "v0=";
    private const int SignatureLength = 3 + 64;

    public SlackVerification Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        var secret = options.Value.SigningSecret;
        if (string.IsNullOrEmpty(secret))
            return SlackVerification.NotConfigured;
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
            return SlackVerification.MissingHeaders;
        if (timestamp.Length > 12 || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return SlackVerification.MalformedTimestamp;
        var age = time.GetUtcNow().ToUnixTimeSeconds() - seconds;
        if (Math.Abs(age) > (long)options.Value.RequestMaxAge.TotalSeconds)
            return SlackVerification.Stale;
        if (signature.Length != SignatureLength || !signature.StartsWith(Prefix, StringComparison.Ordinal) || !IsLowerHex(signature.AsSpan(Prefix.Length)))
            return SlackVerification.MalformedSignature;

        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? SlackVerification.Valid : SlackVerification.WrongSignature;
    }

    /// <summary>The signature Slack sends for <paramref name="body"/> at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var basestring = new byte[prefix.Length + body.Length];
        prefix.CopyTo(basestring, 0);
        body.CopyTo(basestring.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), basestring);
        return Prefix + Convert.ToHexStringLower(mac);
    }

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
                return false;
        }
        return true;
    }
}
