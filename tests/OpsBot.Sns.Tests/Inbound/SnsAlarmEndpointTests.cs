using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpsBot.Core.Ports;
using OpsBot.Sns.Tests.Support;

namespace OpsBot.Sns.Tests.Inbound;

/// <summary>What <c>POST /sns/alarms</c> answers, case by case, and that a refused delivery changes nothing.</summary>
public sealed class SnsAlarmEndpointTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public async Task A_signed_alarm_is_handed_to_the_intake_and_answered_200_after_it(string version)
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm("5f3c6a0e-6d4b-5b8e-9a51-1f0e2c4d7b11", version));

        var response = await host.PostAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("IncidentOpened", await response.Content.ReadAsStringAsync());
        var alarm = Assert.Single(host.Intake.Received);
        Assert.Equal("5f3c6a0e-6d4b-5b8e-9a51-1f0e2c4d7b11", alarm.MessageId);
        Assert.Equal(RecordingAlarmIntake.ProdTopic, alarm.TopicArn);
        Assert.Equal("lambda_router-error-rate", alarm.AlarmName);
        Assert.Equal(AlarmState.Alarm, alarm.NewState);
    }

    [Fact]
    public async Task A_notification_that_is_not_an_alarm_is_answered_200_and_ignored()
    {
        await using var host = await SnsTestHost.StartAsync();
        var page = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Notification(CloudWatchSamples.OpsBotPage, subject: "OpsBot: rollback failed"));

        var response = await host.PostAsync(page);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, host.Intake.Calls);
    }

    [Fact]
    public async Task An_UnsubscribeConfirmation_is_answered_200_and_not_acted_on()
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.UnsubscribeConfirmation());

        var response = await host.PostAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, host.Intake.Calls);
        Assert.Empty(host.Web.Confirmations);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"Notification\"")]
    [InlineData("{\"Type\":\"Notification\"")]
    public async Task A_body_that_is_not_a_JSON_object_is_answered_400(string body)
    {
        await using var host = await SnsTestHost.StartAsync();

        var response = await host.PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingChangedAsync(host);
    }

    [Theory]
    [InlineData("Type")]
    [InlineData("MessageId")]
    [InlineData("TopicArn")]
    [InlineData("Message")]
    [InlineData("Timestamp")]
    [InlineData("SignatureVersion")]
    [InlineData("Signature")]
    [InlineData("SigningCertURL")]
    public async Task A_notification_missing_a_field_is_answered_400(string field)
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm());

        var response = await host.PostAsync(message.With(field, null).ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNothingChangedAsync(host, message);
    }

    [Theory]
    [InlineData("SubscribeURL")]
    [InlineData("Token")]
    public async Task A_confirmation_missing_its_subscription_fields_is_answered_400(string field)
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.SubscriptionConfirmation());

        var response = await host.PostAsync(message.With(field, null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(host.Web.Requests);
    }

    [Theory]
    [InlineData("Type", "Alert")]
    [InlineData("Type", "notification")]
    [InlineData("SignatureVersion", "3")]
    [InlineData("MessageId", "has spaces in it")]
    public async Task An_unknown_type_or_signature_version_or_a_malformed_id_is_answered_400(string field, string value)
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm());

        var response = await host.PostAsync(message.With(field, value).ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingChangedAsync(host, message);
    }

    [Fact]
    public async Task A_field_that_is_not_a_string_or_a_repeated_member_is_answered_400()
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm());
        var numeric = message.DeepClone().AsObject();
        numeric["SignatureVersion"] = 2;
        var json = message.ToJsonString();
        var repeated = json[..^1] + ",\"Message\":\"{}\"}";

        Assert.Equal(HttpStatusCode.BadRequest, (await host.PostAsync(numeric.ToJsonString())).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.PostAsync(repeated)).StatusCode);
        await AssertNothingChangedAsync(host, message);
    }

    [Fact]
    public async Task A_raw_delivery_is_answered_400_it_carries_no_signature()
    {
        await using var host = await SnsTestHost.StartAsync();

        var bare = await host.PostAsync(CloudWatchSamples.ErrorRateAlarm);
        var flagged = await host.PostAsync(CloudWatchSamples.ErrorRateAlarm, "Notification", r => r.Headers.Add("x-amz-sns-rawdelivery", "true"));

        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, flagged.StatusCode);
        Assert.Contains("raw message delivery", await flagged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNothingChangedAsync(host);
    }

    [Fact]
    public async Task A_message_type_header_that_contradicts_the_body_is_answered_400()
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm());

        var response = await host.PostAsync(message.ToJsonString(), "SubscriptionConfirmation");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingChangedAsync(host, message);
    }

    [Fact]
    public async Task A_body_over_512_KB_is_answered_413_whether_or_not_it_says_its_length()
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm(message: new string('x', 520 * 1024)));
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());

        var declared = await host.PostAsync(message);
        var chunked = await host.PostAsync("", "Notification", r => r.Content = new StreamContent(new MemoryStream(body)) { Headers = { ContentLength = null } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        await AssertNothingChangedAsync(host);
    }

    [Fact]
    public async Task A_message_of_a_topic_no_environment_lists_is_answered_403_without_a_certificate_fetch()
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm(topic: "arn:aws:sns:us-east-1:999999999999:someone-elses-alarms"));

        var response = await host.PostAsync(message);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(host.Web.Requests);
        await AssertNothingChangedAsync(host);
    }

    [Fact]
    public async Task A_refusal_quotes_the_sender_s_values_short_and_without_control_characters()
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = SnsMessages.Alarm(topic: "arn:aws:sns:us-east-1:1:x\n2026-12-03 WARN forged log line" + new string('a', 10_000)).With("Signature", "AAAA");

        var response = await host.PostAsync(message);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True(text.Length < 250, text);
        Assert.DoesNotContain('\n', text);
    }

    [Theory]
    [InlineData("Message")]
    [InlineData("MessageId")]
    [InlineData("Subject")]
    [InlineData("Timestamp")]
    [InlineData("Signature")]
    public async Task A_tampered_alarm_is_answered_401_and_its_MessageId_stays_unclaimed(string field)
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm());
        var value = message[field]!.GetValue<string>();
        var tampered = message.With(field, field == "Signature" ? Convert.ToBase64String(new byte[256]) : Verification.SnsMessageVerifierTests.Tamper(field, value));

        var response = await host.PostAsync(tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingChangedAsync(host, message);
    }

    [Fact]
    public async Task An_alarm_moved_to_another_known_topic_is_answered_401()
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm());

        var response = await host.PostAsync(message.With("TopicArn", RecordingAlarmIntake.DevTopic));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingChangedAsync(host, message);
    }

    [Theory]
    [InlineData("https://evil.example.com/SimpleNotificationService-0123.pem")]
    [InlineData("http://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123.pem")]
    [InlineData("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123.txt")]
    public async Task A_forged_alarm_whose_certificate_is_elsewhere_is_answered_401_without_a_fetch(string url)
    {
        await using var host = await SnsTestHost.StartAsync();
        host.Web.Serve(url, TestSigningKey.Attacker);
        var forged = await NodeSigner.SignAsync(TestSigningKey.Attacker, SnsMessages.Alarm().With("SigningCertURL", url));

        var response = await host.PostAsync(forged);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Web.Requests);
        Assert.Equal(0, host.Intake.Calls);
    }

    [Fact]
    public async Task When_the_certificate_cannot_be_fetched_the_answer_is_503_and_the_retry_after_the_failure_cache_is_taken()
    {
        await using var host = await SnsTestHost.StartAsync();
        host.Web.Fail(FakeSnsWeb.CertificateUrl, HttpStatusCode.BadGateway);
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm());

        var first = await host.PostAsync(message);
        var cached = await host.PostAsync(message);
        host.Web.Heal(FakeSnsWeb.CertificateUrl);
        host.Time.Advance(TimeSpan.FromMinutes(5));
        var retried = await host.PostAsync(message);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, cached.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Single(host.Intake.Received);
        Assert.Equal(2, host.Web.RequestsTo(FakeSnsWeb.CertificateUrl));
    }

    [Fact]
    public async Task Other_methods_than_POST_are_not_answered()
    {
        await using var host = await SnsTestHost.StartAsync();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await host.Client.GetAsync("/sns/alarms")).StatusCode);
    }

    /// <summary>
    /// Nothing reached the intake, nothing was confirmed, and (when given) the genuine message is still new: its
    /// MessageId was not claimed by the refused delivery.
    /// </summary>
    private static async Task AssertNothingChangedAsync(SnsTestHost host, JsonObject? genuine = null)
    {
        Assert.Equal(0, host.Intake.Calls);
        Assert.Empty(host.Web.Confirmations);
        if (genuine is null)
            return;
        var response = await host.PostAsync(genuine);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(genuine["MessageId"]!.GetValue<string>(), Assert.Single(host.Intake.Received).MessageId);
    }
}
