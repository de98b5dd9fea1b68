using System.Text;
using System.Text.Json;
using OpsBot.Sandbox.Aws;

namespace OpsBot.Sandbox.Tests.Aws;

public sealed class SigV4VerifierTests
{
    private const string Key = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private static string Vectors => Path.Combine(AppContext.BaseDirectory, "SigV4Vectors");

    /// <summary>Every official case whose path is normalized the AWS way (normalize: true); the S3-style ones are not ours to check.</summary>
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Vectors).Order())
        {
            using var context = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "context.json")));
            if (context.RootElement.GetProperty("normalize").GetBoolean())
                data.Add(Path.GetFileName(dir));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_official_signed_requests_verify(string name)
    {
        var (method, path, query, headers, body) = Parse(File.ReadAllText(Path.Combine(Vectors, name, "header-signed-request.txt")));
        var check = SigV4Verifier.Verify(method, path, query, headers, body, Key, Secret, new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero));
        Assert.True(check.Valid, $"{name}: {check.ErrorCode} {check.Message}");
        Assert.Equal("service", check.Service);
    }

    [Fact]
    public void A_wrong_secret_a_changed_body_an_unknown_key_and_a_stale_date_are_refused()
    {
        var (method, path, query, headers, body) = Parse(File.ReadAllText(Path.Combine(Vectors, "post-x-www-form-urlencoded", "header-signed-request.txt")));
        var at = new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

        Assert.Equal("InvalidSignature", SigV4Verifier.Verify(method, path, query, headers, body, Key, "wrong", at).ErrorCode);
        Assert.Equal("InvalidSignature", SigV4Verifier.Verify(method, path, query, headers, [.. body, (byte)'x'], Key, Secret, at).ErrorCode);
        Assert.Equal("UnrecognizedClient", SigV4Verifier.Verify(method, path, query, headers, body, "AKIDOTHER", Secret, at).ErrorCode);
        var stale = SigV4Verifier.Verify(method, path, query, headers, body, Key, Secret, at.AddMinutes(16));
        Assert.Equal("InvalidSignature", stale.ErrorCode);
        Assert.StartsWith("Signature expired: 20150830T123600Z is now earlier than", stale.Message, StringComparison.Ordinal);
        var unsigned = new Dictionary<string, string>(headers);
        unsigned.Remove("authorization");
        Assert.Equal("MissingAuthenticationToken", SigV4Verifier.Verify(method, path, query, unsigned, body, Key, Secret, at).ErrorCode);
    }

    /// <summary>A request as the suite writes it: the request line, headers (a line starting with whitespace continues the previous one), a blank line, the body.</summary>
    private static (string Method, string Path, string Query, Dictionary<string, string> Headers, byte[] Body) Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var requestLine = lines[0].Split(' ');
        var target = string.Join(' ', requestLine[1..^1]);
        var q = target.IndexOf('?', StringComparison.Ordinal);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        string? last = null;
        var i = 1;
        for (; i < lines.Length && lines[i].Length > 0; i++)
        {
            if (char.IsWhiteSpace(lines[i][0]) && last is not null)
            {
                headers[last] += " " + lines[i].Trim(); // an obs-fold continues the value after a space
                continue;
            }
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            last = lines[i][..colon].ToLowerInvariant();
            var value = lines[i][(colon + 1)..];
            headers[last] = headers.TryGetValue(last, out var existing) ? existing + "," + value : value;
        }
        var body = Encoding.UTF8.GetBytes(string.Join('\n', lines[Math.Min(i + 1, lines.Length)..]));
        return (requestLine[0], q < 0 ? target : target[..q], q < 0 ? "" : target[(q + 1)..], headers, body);
    }
}
