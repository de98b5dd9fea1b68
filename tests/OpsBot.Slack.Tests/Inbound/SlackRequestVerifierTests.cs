using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Slack.Inbound;
using OpsBot.Slack.Tests.Support;
using OpsBot.Testing;

namespace OpsBot.Slack.Tests.Inbound;

public sealed class SlackRequestVerifierTests
{
    // Slack's worked example (docs.slack.dev/authentication/verifying-requests-from-slack).
    private const string DocSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const long DocTimestamp = 1531420618;
    private const string DocSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private const string DocBody =
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA" +
        "&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554" +
        "%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

    private const string Secret = "s3cr3t-signing-secret";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("command=%2Fdeploy&text=lambda_router+5&user_id=U0ALICE");

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_764_230_400));

    private SlackRequestVerifier Verifier(string secret = Secret) =>
        new(Microsoft.Extensions.Options.Options.Create(new SlackOptions { SigningSecret = secret, BotToken = "xoxb-x" }), _time);

    private string Ts(long offsetSeconds = 0) => (_time.GetUtcNow().ToUnixTimeSeconds() + offsetSeconds).ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Slacks_documented_example_verifies()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DocTimestamp + 30));
        var verifier = new SlackRequestVerifier(Microsoft.Extensions.Options.Options.Create(new SlackOptions { SigningSecret = DocSecret, BotToken = "xoxb-x" }), time);

        var verdict = verifier.Verify(DocTimestamp.ToString(CultureInfo.InvariantCulture), DocSignature, Encoding.UTF8.GetBytes(DocBody));

        Assert.Equal(SlackVerification.Valid, verdict);
        Assert.Equal(DocSignature, SlackRequestVerifier.Sign(DocSecret, "1531420618", Encoding.UTF8.GetBytes(DocBody)));
    }

    [Fact]
    public void A_good_signature_passes()
    {
        var ts = Ts();
        Assert.Equal(SlackVerification.Valid, Verifier().Verify(ts, SlackRequests.Sign(Secret, long.Parse(ts, CultureInfo.InvariantCulture), Body), Body));
    }

    [Fact]
    public void A_signature_made_with_another_secret_fails()
    {
        var ts = Ts();
        Assert.Equal(SlackVerification.WrongSignature, Verifier().Verify(ts, SlackRequests.Sign("another-secret", long.Parse(ts, CultureInfo.InvariantCulture), Body), Body));
    }

    [Fact]
    public void A_tampered_body_fails()
    {
        var ts = Ts();
        var signature = SlackRequests.Sign(Secret, long.Parse(ts, CultureInfo.InvariantCulture), Body);
        var tampered = Encoding.UTF8.GetBytes("command=%2Fdeploy&text=lambda_router+6&user_id=U0ALICE");
        Assert.Equal(SlackVerification.WrongSignature, Verifier().Verify(ts, signature, tampered));
        Assert.Equal(SlackVerification.WrongSignature, Verifier().Verify(ts, signature, [.. Body, (byte)' ']));
    }

    [Fact]
    public void A_signature_for_another_timestamp_fails()
    {
        var signature = SlackRequests.Sign(Secret, long.Parse(Ts(), CultureInfo.InvariantCulture), Body);
        Assert.Equal(SlackVerification.WrongSignature, Verifier().Verify(Ts(-1), signature, Body));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86_400)]
    public void A_request_older_or_newer_than_five_minutes_is_stale_even_when_correctly_signed(long offset)
    {
        var ts = Ts(offset);
        var verdict = Verifier().Verify(ts, SlackRequests.Sign(Secret, long.Parse(ts, CultureInfo.InvariantCulture), Body), Body);
        Assert.Equal(SlackVerification.Stale, verdict);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void A_request_at_the_edge_of_the_window_passes(long offset)
    {
        var ts = Ts(offset);
        Assert.Equal(SlackVerification.Valid, Verifier().Verify(ts, SlackRequests.Sign(Secret, long.Parse(ts, CultureInfo.InvariantCulture), Body), Body));
    }

    [Fact]
    public void A_replay_of_a_once_valid_request_is_refused_after_the_window()
    {
        var ts = Ts();
        var signature = SlackRequests.Sign(Secret, long.Parse(ts, CultureInfo.InvariantCulture), Body);
        Assert.Equal(SlackVerification.Valid, Verifier().Verify(ts, signature, Body));

        _time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(SlackVerification.Stale, Verifier().Verify(ts, signature, Body));
    }

    [Theory]
    [InlineData(null, "v0=00")]
    [InlineData("", "v0=00")]
    [InlineData("1764230400", null)]
    [InlineData("1764230400", "")]
    public void Missing_headers_fail(string? ts, string? signature) =>
        Assert.Equal(SlackVerification.MissingHeaders, Verifier().Verify(ts, signature, Body));

    [Theory]
    [InlineData("abc")]
    [InlineData("-1764230400")]
    [InlineData("1764230400.5")]
    [InlineData(" 1764230400")]
    [InlineData("99999999999999999999999")]
    public void A_malformed_timestamp_fails(string ts) =>
        Assert.Equal(SlackVerification.MalformedTimestamp, Verifier().Verify(ts, "v0=" + new string('0', 64), Body));

    [Theory]
    [InlineData("v1=")]
    [InlineData("v0=")]
    [InlineData("sha256=")]
    [InlineData("V0=")]
    public void A_malformed_signature_fails(string prefix)
    {
        var ts = Ts();
        var good = SlackRequests.Sign(Secret, long.Parse(ts, CultureInfo.InvariantCulture), Body);
        var verdict = Verifier().Verify(ts, prefix + good[3..] + (prefix == "v0=" ? "0" : ""), Body);
        Assert.Equal(SlackVerification.MalformedSignature, verdict);
        Assert.Equal(SlackVerification.MalformedSignature, Verifier().Verify(ts, good.ToUpperInvariant(), Body));
    }

    [Fact]
    public void Without_a_signing_secret_nothing_verifies()
    {
        var ts = Ts();
        Assert.Equal(SlackVerification.NotConfigured, Verifier("").Verify(ts, SlackRequests.Sign("", long.Parse(ts, CultureInfo.InvariantCulture), Body), Body));
    }

    /// <summary>Signatures computed by Node's crypto (an implementation OpsBot shares nothing with) over assorted bodies.</summary>
    [Fact]
    public async Task Signatures_computed_by_node_verify_and_match()
    {
        var random = new Random(20261127);
        var cases = Enumerable.Range(0, 40).Select(i =>
        {
            var bytes = i switch
            {
                0 => Array.Empty<byte>(),
                1 => Encoding.UTF8.GetBytes(DocBody),
                2 => Encoding.UTF8.GetBytes("{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"text\":\"héllo ✓ 🚀\"}"),
                _ => Enumerable.Range(0, random.Next(1, 3000)).Select(_ => (byte)random.Next(256)).ToArray(),
            };
            var secret = i % 3 == 0 ? DocSecret : $"secret-{i}-{random.Next()}";
            return new { secret, ts = Ts(random.Next(-200, 200)), body = Convert.ToBase64String(bytes) };
        }).ToList();
        const string Script = """
            const crypto = require('crypto');
            let input = '';
            process.stdin.on('data', d => input += d);
            process.stdin.on('end', () => {
              const out = JSON.parse(input).map(c => 'v0=' + crypto.createHmac('sha256', c.secret)
                .update(Buffer.concat([Buffer.from(`v0:${c.ts}:`, 'utf8'), Buffer.from(c.body, 'base64')])).digest('hex'));
              process.stdout.write(JSON.stringify(out));
            });
            """;

        var result = await NodeScripts.ExecAsync(AppContext.BaseDirectory, "node", ["-e", Script], TimeSpan.FromMinutes(2), JsonSerializer.Serialize(cases));

        Assert.True(result.ExitCode == 0, result.ToString());
        var signatures = JsonSerializer.Deserialize<string[]>(result.Stdout)!;
        Assert.Equal(cases.Count, signatures.Length);
        for (var i = 0; i < cases.Count; i++)
        {
            var body = Convert.FromBase64String(cases[i].body);
            Assert.Equal(signatures[i], SlackRequestVerifier.Sign(cases[i].secret, cases[i].ts, body));
            Assert.Equal(SlackVerification.Valid, Verifier(cases[i].secret).Verify(cases[i].ts, signatures[i], body));
            Assert.Equal(SlackVerification.WrongSignature, Verifier(cases[i].secret + "x").Verify(cases[i].ts, signatures[i], body));
        }
    }
}
