using System.Net;
using System.Text.Json.Nodes;
using OpsBot.Sns.Tests.Support;
using OpsBot.Sns.Verification;

namespace OpsBot.Sns.Tests.Verification;

public sealed class SnsMessageVerifierTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Messages_SNS_signed_verify_with_the_certificate_SNS_served(int index)
    {
        var verifiers = AwsVerifiers();

        var verdict = await verifiers.VerifyAsync(AwsSignedMessages.Get(index));

        Assert.Equal(SnsVerdict.Verified, verdict);
    }

    [Theory]
    [InlineData(0, "Message")]
    [InlineData(0, "MessageId")]
    [InlineData(0, "Timestamp")]
    [InlineData(0, "TopicArn")]
    [InlineData(1, "Message")]
    [InlineData(1, "Subject")]
    [InlineData(2, "Subject")]
    [InlineData(3, "Message")]
    [InlineData(3, "MessageId")]
    [InlineData(3, "Subject")]
    [InlineData(3, "Timestamp")]
    [InlineData(3, "TopicArn")]
    public async Task A_message_SNS_signed_with_a_signed_field_changed_is_refused(int index, string field)
    {
        var verifiers = AwsVerifiers();
        var message = AwsSignedMessages.Get(index);
        var tampered = message.With(field, Tamper(field, message[field]?.GetValue<string>()));

        var verdict = await verifiers.VerifyAsync(tampered);

        Assert.Equal(SnsVerdictKind.Refused, verdict.Kind);
    }

    [Fact]
    public async Task A_message_SNS_signed_with_its_signature_version_switched_is_refused()
    {
        var verifiers = AwsVerifiers();

        Assert.Equal(SnsVerdictKind.Refused, (await verifiers.VerifyAsync(AwsSignedMessages.Get(0).With("SignatureVersion", "2"))).Kind);
        Assert.Equal(SnsVerdictKind.Refused, (await verifiers.VerifyAsync(AwsSignedMessages.Get(1).With("SignatureVersion", "1"))).Kind);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public async Task Notifications_signed_by_Node_verify(string version)
    {
        var verifiers = new Verifiers();
        var signed = await NodeSigner.SignAsync(TestSigningKey.Sns,
            SnsMessages.Alarm(version: version),
            SnsMessages.Notification("plain text, no subject", version: version),
            SnsMessages.Notification("ünïcödé — \"quotes\", a\nnewline and 🙂", version: version, subject: "Ünïcödé subject"),
            SnsMessages.Notification("empty subject", version: version, subject: ""));

        foreach (var message in signed)
            Assert.Equal(SnsVerdict.Verified, await verifiers.VerifyAsync(message));
        Assert.Equal(1, verifiers.Certificates.Fetches);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public async Task Confirmations_signed_by_Node_verify(string version)
    {
        var verifiers = new Verifiers();
        var signed = await NodeSigner.SignAsync(TestSigningKey.Sns,
            SnsMessages.SubscriptionConfirmation(version: version), SnsMessages.UnsubscribeConfirmation(version: version));

        foreach (var message in signed)
            Assert.Equal(SnsVerdict.Verified, await verifiers.VerifyAsync(message));
    }

    [Theory]
    [InlineData("1", "Message")]
    [InlineData("1", "MessageId")]
    [InlineData("1", "Subject")]
    [InlineData("1", "Timestamp")]
    [InlineData("1", "TopicArn")]
    [InlineData("2", "Message")]
    [InlineData("2", "MessageId")]
    [InlineData("2", "Subject")]
    [InlineData("2", "Timestamp")]
    [InlineData("2", "TopicArn")]
    public async Task A_Node_signed_notification_with_a_signed_field_changed_is_refused(string version, string field)
    {
        var verifiers = new Verifiers();
        var signed = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm(version: version));
        var value = signed[field]!.GetValue<string>();

        Assert.Equal(SnsVerdict.Verified, await verifiers.VerifyAsync(signed));
        Assert.Equal(SnsVerdictKind.Refused, (await verifiers.VerifyAsync(signed.With(field, Tamper(field, value)))).Kind);
    }

    [Fact]
    public async Task A_subject_added_to_or_removed_from_a_signed_notification_is_refused()
    {
        var verifiers = new Verifiers();
        var signed = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm(), SnsMessages.Notification("no subject"));

        Assert.Equal(SnsVerdictKind.Refused, (await verifiers.VerifyAsync(signed[0].With("Subject", null))).Kind);
        Assert.Equal(SnsVerdictKind.Refused, (await verifiers.VerifyAsync(signed[1].With("Subject", "added"))).Kind);
    }

    [Theory]
    [InlineData("SubscriptionConfirmation", "Message")]
    [InlineData("SubscriptionConfirmation", "MessageId")]
    [InlineData("SubscriptionConfirmation", "SubscribeURL")]
    [InlineData("SubscriptionConfirmation", "Timestamp")]
    [InlineData("SubscriptionConfirmation", "Token")]
    [InlineData("SubscriptionConfirmation", "TopicArn")]
    [InlineData("SubscriptionConfirmation", "Type")]
    [InlineData("UnsubscribeConfirmation", "Token")]
    [InlineData("UnsubscribeConfirmation", "Type")]
    public async Task A_Node_signed_confirmation_with_a_signed_field_changed_is_refused(string type, string field)
    {
        var verifiers = new Verifiers();
        var message = type == "SubscriptionConfirmation" ? SnsMessages.SubscriptionConfirmation() : SnsMessages.UnsubscribeConfirmation();
        var signed = await NodeSigner.SignAsync(TestSigningKey.Sns, message);
        var value = signed[field]!.GetValue<string>();

        Assert.Equal(SnsVerdict.Verified, await verifiers.VerifyAsync(signed));
        Assert.Equal(SnsVerdictKind.Refused, (await verifiers.VerifyAsync(signed.With(field, Tamper(field, value)))).Kind);
    }

    [Fact]
    public async Task A_message_signed_with_another_key_is_refused_though_it_names_SNS_s_certificate()
    {
        var verifiers = new Verifiers();
        var forged = await NodeSigner.SignAsync(TestSigningKey.Attacker, SnsMessages.Alarm());

        var verdict = await verifiers.VerifyAsync(forged);

        Assert.Equal(SnsVerdict.Refused("the signature does not match the message"), verdict);
    }

    [Theory]
    [InlineData("https://evil.example.com/SimpleNotificationService-0123.pem")]
    [InlineData("http://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123.pem")]
    [InlineData("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123.crt")]
    [InlineData("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123.pem?x=.pem")]
    [InlineData("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123.crt?x=.pem")]
    [InlineData("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123.pem#.pem")]
    [InlineData("https://sns.us-east-1.amazonaws.com.evil.example.com/a.pem")]
    [InlineData("https://sns.us-east-1.amazonaws.com@evil.example.com/a.pem")]
    [InlineData("https://user:pass@sns.us-east-1.amazonaws.com/a.pem")]
    [InlineData("https://evil.example.com/sns.us-east-1.amazonaws.com/a.pem")]
    [InlineData("https://sns.us-east-1.amazonaws.com:8443/a.pem")]
    [InlineData("https://s3.amazonaws.com/sns.us-east-1.amazonaws.com.pem")]
    [InlineData("https://sns.amazonaws.com/a.pem")]
    [InlineData("https://sns.a.b.amazonaws.com/a.pem")]
    [InlineData("file:///etc/passwd.pem")]
    [InlineData("/SimpleNotificationService-0123.pem")]
    public async Task A_certificate_URL_that_is_not_https_on_an_SNS_host_with_a_pem_path_is_refused_without_a_fetch(string url)
    {
        var verifiers = new Verifiers();
        verifiers.Web.Serve(url.StartsWith("http", StringComparison.Ordinal) ? url : FakeSnsWeb.CertificateUrl, TestSigningKey.Attacker);
        var forged = await NodeSigner.SignAsync(TestSigningKey.Attacker, SnsMessages.Alarm().With("SigningCertURL", url));

        var verdict = await verifiers.VerifyAsync(forged);

        Assert.Equal(SnsVerdictKind.Refused, verdict.Kind);
        Assert.Contains("SigningCertURL", verdict.Reason, StringComparison.Ordinal);
        Assert.Empty(verifiers.Web.Requests);
    }

    [Theory]
    [InlineData("https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-a.pem")]
    [InlineData("https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-a.pem")]
    [InlineData("https://SNS.US-GOV-WEST-1.AMAZONAWS.COM/SimpleNotificationService-a.pem")]
    [InlineData("https://sns.us-east-1.amazonaws.com:443/SimpleNotificationService-a.pem")]
    public async Task A_certificate_on_any_regional_SNS_host_is_fetched(string url)
    {
        var verifiers = new Verifiers();
        verifiers.Web.Serve(new Uri(url).AbsoluteUri, TestSigningKey.Sns);
        var signed = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm().With("SigningCertURL", url));

        Assert.Equal(SnsVerdict.Verified, await verifiers.VerifyAsync(signed));
    }

    [Theory]
    [InlineData("http://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=1")]
    [InlineData("https://evil.example.com/?Action=ConfirmSubscription&Token=1")]
    [InlineData("https://sns.us-east-1.amazonaws.com.evil.example.com/?Action=ConfirmSubscription")]
    public async Task A_subscription_whose_SubscribeURL_is_not_https_on_an_SNS_host_is_refused_though_signed(string url)
    {
        var verifiers = new Verifiers();
        var signed = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.SubscriptionConfirmation(subscribeUrl: url));

        var verdict = await verifiers.VerifyAsync(signed);

        Assert.Equal(SnsVerdictKind.Refused, verdict.Kind);
        Assert.Contains("SubscribeURL", verdict.Reason, StringComparison.Ordinal);
        Assert.Empty(verifiers.Web.Requests);
    }

    [Fact]
    public async Task A_certificate_outside_its_validity_period_is_refused()
    {
        var verifiers = new Verifiers();
        const string expiredUrl = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-expired.pem";
        verifiers.Web.Serve(expiredUrl, TestSigningKey.Expired);
        var signed = await NodeSigner.SignAsync(TestSigningKey.Expired, SnsMessages.Alarm().With("SigningCertURL", expiredUrl));

        var verdict = await verifiers.VerifyAsync(signed);

        Assert.Equal(SnsVerdictKind.Refused, verdict.Kind);
        Assert.Contains("not now", verdict.Reason, StringComparison.Ordinal);
        var early = new Verifiers(now: new DateTimeOffset(2025, 12, 31, 23, 0, 0, TimeSpan.Zero));
        var signedEarly = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm().With("Timestamp", "2025-12-31T22:59:00.000Z"));
        Assert.Equal(SnsVerdictKind.Refused, (await early.VerifyAsync(signedEarly)).Kind);
    }

    [Fact]
    public async Task A_message_older_than_MaxMessageAge_is_refused_without_a_fetch()
    {
        var verifiers = new Verifiers();
        var signed = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm());
        verifiers.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        var verdict = await verifiers.VerifyAsync(signed);

        Assert.Equal(SnsVerdictKind.Refused, verdict.Kind);
        Assert.Contains("older than", verdict.Reason, StringComparison.Ordinal);
        Assert.Empty(verifiers.Web.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public async Task A_signature_that_is_not_one_is_refused(string signature)
    {
        var verifiers = new Verifiers();
        var signed = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm());

        Assert.Equal(SnsVerdictKind.Refused, (await verifiers.VerifyAsync(signed.With("Signature", signature))).Kind);
    }

    [Fact]
    public async Task A_certificate_with_a_weak_key_is_refused()
    {
        var verifiers = new Verifiers();
        var weak = new TestSigningKey(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), keySize: 1024);
        verifiers.Web.Serve(FakeSnsWeb.CertificateUrl, weak);
        var signed = await NodeSigner.SignAsync(weak, SnsMessages.Alarm());

        var verdict = await verifiers.VerifyAsync(signed);

        Assert.Equal(SnsVerdictKind.Refused, verdict.Kind);
        Assert.Contains("1024 bits", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_host_that_fails_makes_the_message_unavailable_not_refused()
    {
        var verifiers = new Verifiers();
        verifiers.Web.Fail(FakeSnsWeb.CertificateUrl, HttpStatusCode.ServiceUnavailable);
        var signed = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm());

        Assert.Equal(SnsVerdictKind.Unavailable, (await verifiers.VerifyAsync(signed)).Kind);
    }

    private static Verifiers AwsVerifiers()
    {
        var verifiers = new Verifiers(now: AwsSignedMessages.Now);
        verifiers.Web.Serve(AwsSignedMessages.CertificateUrl, AwsSignedMessages.Certificate);
        return verifiers;
    }

    /// <summary>A different value of the same kind: one character changed, a type swapped, a subject dropped.</summary>
    internal static string? Tamper(string field, string? value) => field switch
    {
        "Subject" when value is null => "Hello world",
        "Type" => value == "SubscriptionConfirmation" ? "UnsubscribeConfirmation" : "SubscriptionConfirmation",
        "Timestamp" => value!.Replace(":5", ":4", StringComparison.Ordinal) is var t && t != value ? t : value!.Replace(":0", ":1", StringComparison.Ordinal),
        _ when string.IsNullOrEmpty(value) => "x",
        _ => value[..^1] + (value[^1] == 'a' ? 'b' : 'a'),
    };
}
