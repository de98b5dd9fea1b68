using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Sandbox.Aws.Sns;

namespace OpsBot.Sandbox.Tests.Aws.Sns;

/// <summary>
/// HTTP/HTTPS subscriptions on the wire, as SNS runs them: Subscribe sends the endpoint a signed SubscriptionConfirmation
/// (JSON as text/plain, SNS's headers), nothing else is delivered until a GET of its SubscribeURL (or ConfirmSubscription
/// with the Token) confirms it, then every Publish arrives as a signed Notification until the UnsubscribeURL is visited.
/// The SubscribeURL, the UnsubscribeURL and the SigningCertURL are on the sandbox's HTTPS host, trusted here by its pinned
/// TLS thumbprint.
/// </summary>
public sealed class SnsSubscriptionTests : AwsEmulatorTestBase
{
    private SnsEndpointStub _endpoint = null!;

    private string Topic => Pages.OpsTopicArn;

    private SnsPublicHost Host => Server.SnsHost;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _endpoint = await SnsEndpointStub.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await _endpoint.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task A_new_subscription_is_sent_a_signed_SubscriptionConfirmation_and_its_SubscribeURL_confirms_it()
    {
        var subscribed = await SnsAsync(Form("Subscribe", ("TopicArn", Topic), ("Protocol", "http"), ("Endpoint", _endpoint.Url.ToString())));

        Assert.Equal(HttpStatusCode.OK, subscribed.Status);
        Assert.Equal("pending confirmation", subscribed.Xml.Element(SnsTesting.Ns + "SubscribeResult")!.Element(SnsTesting.Ns + "SubscriptionArn")!.Value);
        var confirmation = await _endpoint.FirstAsync("SubscriptionConfirmation");
        var body = confirmation.Json;
        Assert.Equal(["Type", "MessageId", "Token", "TopicArn", "Message", "SubscribeURL", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL"],
            body.Select(m => m.Key));
        Assert.StartsWith("{\n  \"Type\" : \"SubscriptionConfirmation\",\n  \"MessageId\" : \"", confirmation.Body, StringComparison.Ordinal);
        Assert.Equal(("text/plain; charset=UTF-8", (string?)body["MessageId"], Topic, null, "Amazon Simple Notification Service Agent"),
            (confirmation.Header("Content-Type"), confirmation.Header("x-amz-sns-message-id"), confirmation.Header("x-amz-sns-topic-arn"),
             confirmation.Header("x-amz-sns-subscription-arn"), confirmation.Header("User-Agent")));
        Assert.Equal(Topic, (string?)body["TopicArn"]);
        Assert.Equal($"You have chosen to subscribe to the topic {Topic}.\nTo confirm the subscription, visit the SubscribeURL included in this message.", (string?)body["Message"]);
        Assert.Equal("2026-03-02T09:00:00.000Z", (string?)body["Timestamp"]);
        Assert.Equal("2", (string?)body["SignatureVersion"]);
        var token = (string)body["Token"]!;
        Assert.Matches("^[0-9a-f]{128}$", token);
        Assert.Equal(new Uri(Host.BaseUrl, $"?Action=ConfirmSubscription&TopicArn={Uri.EscapeDataString(Topic)}&Token={token}").ToString(), (string?)body["SubscribeURL"]);
        Assert.Equal($"https://127.0.0.1:{Host.Port}/SimpleNotificationService-sandbox.pem", (string?)body["SigningCertURL"]);
        Assert.True(SnsTesting.Verifies(body, await SigningCertificateAsync()));

        // Nothing is delivered while it is pending, and it is listed as such.
        await SnsAsync(Form("Publish", ("TopicArn", Topic), ("Message", "not yet")));
        Assert.Equal([SnsSubscription.PendingArn], await ListedArnsAsync());

        using var https = SnsTesting.Pinned(Host.TlsCertificateSha256);
        using var confirmed = await https.GetAsync((string)body["SubscribeURL"]!);
        var xml = System.Xml.Linq.XElement.Parse(await confirmed.Content.ReadAsStringAsync());
        var arn = xml.Element(SnsTesting.Ns + "ConfirmSubscriptionResult")!.Element(SnsTesting.Ns + "SubscriptionArn")!.Value;

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(Topic)}:[0-9a-f-]{{36}}$", arn);
        Assert.Equal([arn], await ListedArnsAsync());
        Assert.Single(_endpoint.All);
    }

    [Fact]
    public async Task A_confirmed_subscription_gets_every_publish_as_a_signed_Notification_until_its_UnsubscribeURL_is_visited()
    {
        var arn = await SubscribeAndConfirmAsync();
        Time.Advance(TimeSpan.FromSeconds(3.25));

        var published = await SnsAsync(Form("Publish", ("TopicArn", Topic), ("Subject", "Rollback of lambda_router"), ("Message", "Error rate 7% > 5%\n\"quoted\" <b>"),
            ("MessageAttributes.entry.1.Name", "environment"), ("MessageAttributes.entry.1.Value.DataType", "String"), ("MessageAttributes.entry.1.Value.StringValue", "prod")));
        var messageId = published.Xml.Element(SnsTesting.Ns + "PublishResult")!.Element(SnsTesting.Ns + "MessageId")!.Value;
        var notification = await _endpoint.FirstAsync("Notification");
        var body = notification.Json;

        Assert.Equal(["Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL", "MessageAttributes"],
            body.Select(m => m.Key));
        Assert.Equal((messageId, Topic, arn), (notification.Header("x-amz-sns-message-id"), notification.Header("x-amz-sns-topic-arn"), notification.Header("x-amz-sns-subscription-arn")));
        Assert.Equal((messageId, "Rollback of lambda_router", "Error rate 7% > 5%\n\"quoted\" <b>", "2026-03-02T09:00:03.250Z"),
            ((string?)body["MessageId"], (string?)body["Subject"], (string?)body["Message"], (string?)body["Timestamp"]));
        Assert.Equal("""{"Type":"String","Value":"prod"}""", body["MessageAttributes"]!["environment"]!.ToJsonString());
        Assert.Equal(new Uri(Host.BaseUrl, $"?Action=Unsubscribe&SubscriptionArn={Uri.EscapeDataString(arn)}").ToString(), (string?)body["UnsubscribeURL"]);
        var certificate = await SigningCertificateAsync();
        Assert.True(SnsTesting.Verifies(body, certificate));
        body["Message"] = "Error rate 0%";
        Assert.False(SnsTesting.Verifies(body, certificate));

        using var https = SnsTesting.Pinned(Host.TlsCertificateSha256);
        using var unsubscribed = await https.GetAsync((string)notification.Json["UnsubscribeURL"]!);
        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        var goodbye = (await _endpoint.FirstAsync("UnsubscribeConfirmation")).Json;
        Assert.True(SnsTesting.Verifies(goodbye, certificate));
        Assert.Equal([], await ListedArnsAsync());
        await SnsAsync(Form("Publish", ("TopicArn", Topic), ("Message", "after")));
        Assert.Single(Deliveries(), d => d.Type == "Notification");
    }

    [Fact]
    public async Task ConfirmSubscription_takes_the_token_and_refuses_one_the_topic_did_not_send()
    {
        await SnsAsync(Form("Subscribe", ("TopicArn", Topic), ("Protocol", "http"), ("Endpoint", _endpoint.Url.ToString()), ("ReturnSubscriptionArn", "true")));
        var token = (string)(await _endpoint.FirstAsync("SubscriptionConfirmation")).Json["Token"]!;

        var forged = await SnsAsync(Form("ConfirmSubscription", ("TopicArn", Topic), ("Token", new string('0', 128))));
        var confirmed = await SnsAsync(Form("ConfirmSubscription", ("TopicArn", Topic), ("Token", token)));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidParameter", "Invalid parameter: Invalid token"), (forged.Status, Code(forged), Message(forged)));
        Assert.Equal(HttpStatusCode.OK, confirmed.Status);
        Assert.Equal(await ListedArnsAsync(), [confirmed.Xml.Element(SnsTesting.Ns + "ConfirmSubscriptionResult")!.Element(SnsTesting.Ns + "SubscriptionArn")!.Value]);
    }

    [Fact]
    public async Task Subscribing_again_resends_a_pending_confirmation_and_answers_a_confirmed_one_with_its_ARN()
    {
        var first = await SnsAsync(Form("Subscribe", ("TopicArn", Topic), ("Protocol", "http"), ("Endpoint", _endpoint.Url.ToString()), ("ReturnSubscriptionArn", "true")));
        var sent = await _endpoint.FirstAsync("SubscriptionConfirmation");
        var again = await SnsAsync(Form("Subscribe", ("TopicArn", Topic), ("Protocol", "http"), ("Endpoint", _endpoint.Url.ToString())));
        await _endpoint.FirstAsync(r => r.Type == "SubscriptionConfirmation" && r.Body != sent.Body, "a second confirmation");
        var tokens = _endpoint.All.Select(r => (string?)r.Json["Token"]).Distinct().ToList();
        await SnsAsync(Form("ConfirmSubscription", ("TopicArn", Topic), ("Token", tokens.Single()!)));

        var confirmed = await SnsAsync(Form("Subscribe", ("TopicArn", Topic), ("Protocol", "http"), ("Endpoint", _endpoint.Url.ToString())));

        var arn = first.Xml.Element(SnsTesting.Ns + "SubscribeResult")!.Element(SnsTesting.Ns + "SubscriptionArn")!.Value;
        Assert.StartsWith(Topic + ":", arn, StringComparison.Ordinal);
        Assert.Equal("pending confirmation", again.Xml.Element(SnsTesting.Ns + "SubscribeResult")!.Element(SnsTesting.Ns + "SubscriptionArn")!.Value);
        Assert.Equal(arn, confirmed.Xml.Element(SnsTesting.Ns + "SubscribeResult")!.Element(SnsTesting.Ns + "SubscriptionArn")!.Value);
        Assert.Equal(2, Deliveries().Count(d => d.Type == "SubscriptionConfirmation"));
    }

    [Theory]
    [InlineData("http", "http://192.0.2.10/sns", "InvalidParameter", "Invalid parameter: Endpoint Reason: the sandbox delivers to this machine only (127.0.0.1, localhost or [::1]), not 192.0.2.10")]
    [InlineData("https", "http://127.0.0.1:9/sns", "InvalidParameter", "Invalid parameter: Endpoint must match the specified protocol")]
    [InlineData("email", "ops@example.com", "InvalidParameter", "Invalid parameter: Protocol Reason: the sandbox delivers to http and https endpoints only, not email")]
    [InlineData("pigeon", "http://127.0.0.1:9/sns", "InvalidParameter", "Invalid parameter: Invalid protocol type: pigeon")]
    public async Task Subscribe_refuses_what_the_sandbox_cannot_deliver_to(string protocol, string endpoint, string code, string message)
    {
        var answer = await SnsAsync(Form("Subscribe", ("TopicArn", Topic), ("Protocol", protocol), ("Endpoint", endpoint)));

        Assert.Equal((HttpStatusCode.BadRequest, code, message), (answer.Status, Code(answer), Message(answer)));
        Assert.Equal([], await ListedArnsAsync());
    }

    [Fact]
    public async Task Subscribe_refuses_an_unknown_topic_and_raw_message_delivery()
    {
        var unknown = await SnsAsync(Form("Subscribe", ("TopicArn", "arn:aws:sns:us-east-1:000000000000:nope"), ("Protocol", "http"), ("Endpoint", _endpoint.Url.ToString())));
        var raw = await SnsAsync(Form("Subscribe", ("TopicArn", Topic), ("Protocol", "http"), ("Endpoint", _endpoint.Url.ToString()),
            ("Attributes.entry.1.key", "RawMessageDelivery"), ("Attributes.entry.1.value", "true")));

        Assert.Equal((HttpStatusCode.NotFound, "NotFound"), (unknown.Status, Code(unknown)));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidParameter"), (raw.Status, Code(raw)));
        Assert.Contains("RawMessageDelivery=true", Message(raw), StringComparison.Ordinal);
        Assert.Empty(_endpoint.All);
    }

    [Fact]
    public async Task The_topic_attribute_SignatureVersion_is_2_and_1_signs_with_SHA1()
    {
        var arn = await SubscribeAndConfirmAsync();
        var before = await SnsAsync(Form("GetTopicAttributes", ("TopicArn", Topic)));
        var bad = await SnsAsync(Form("SetTopicAttributes", ("TopicArn", Topic), ("AttributeName", "SignatureVersion"), ("AttributeValue", "3")));
        var set = await SnsAsync(Form("SetTopicAttributes", ("TopicArn", Topic), ("AttributeName", "SignatureVersion"), ("AttributeValue", "1")));
        await SnsAsync(Form("Publish", ("TopicArn", Topic), ("Message", "signed with SHA1")));
        var notification = (await _endpoint.FirstAsync("Notification")).Json;

        Assert.Equal("2", Attribute(before, "SignatureVersion"));
        Assert.Equal(("1", "0"), (Attribute(before, "SubscriptionsConfirmed"), Attribute(before, "SubscriptionsPending")));
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.OK), (bad.Status, set.Status));
        Assert.Equal("1", (string?)notification["SignatureVersion"]);
        Assert.True(SnsTesting.Verifies(notification, await SigningCertificateAsync()));
        Assert.Null(notification["Subject"]);
        Assert.StartsWith(Topic, arn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_HTTPS_host_serves_the_signing_certificate_with_the_pinned_TLS_certificate_and_refuses_other_actions()
    {
        await Host.StartAsync();
        using var https = SnsTesting.Pinned(Host.TlsCertificateSha256);
        using var wrongPin = SnsTesting.Pinned(new string('A', 64));

        var pem = await https.GetStringAsync(Host.SigningCertificateUrl);
        using var other = await https.GetAsync(new Uri(Host.BaseUrl, "?Action=Publish&TopicArn=x&Message=y"));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => wrongPin.GetStringAsync(Host.SigningCertificateUrl));

        Assert.StartsWith("-----BEGIN CERTIFICATE-----", pem, StringComparison.Ordinal);
        Assert.Equal(("127.0.0.1", "https"), (Host.Host, Host.BaseUrl.Scheme));
        Assert.Matches("^[0-9A-F]{64}$", Host.TlsCertificateSha256);
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.NotNull(refused);
    }

    private async Task<string> SubscribeAndConfirmAsync()
    {
        await SnsAsync(Form("Subscribe", ("TopicArn", Topic), ("Protocol", "http"), ("Endpoint", _endpoint.Url.ToString())));
        var token = (string)(await _endpoint.FirstAsync("SubscriptionConfirmation")).Json["Token"]!;
        var confirmed = await SnsAsync(Form("ConfirmSubscription", ("TopicArn", Topic), ("Token", token)));
        return confirmed.Xml.Element(SnsTesting.Ns + "ConfirmSubscriptionResult")!.Element(SnsTesting.Ns + "SubscriptionArn")!.Value;
    }

    private async Task<X509Certificate2> SigningCertificateAsync()
    {
        using var https = SnsTesting.Pinned(Host.TlsCertificateSha256);
        return X509Certificate2.CreateFromPem(await https.GetStringAsync(Host.SigningCertificateUrl));
    }

    private async Task<List<string>> ListedArnsAsync()
    {
        var listed = await SnsAsync(Form("ListSubscriptionsByTopic", ("TopicArn", Topic)));
        Assert.Equal(HttpStatusCode.OK, listed.Status);
        return [.. listed.Xml.Descendants(SnsTesting.Ns + "member").Select(m => m.Element(SnsTesting.Ns + "SubscriptionArn")!.Value)];
    }

    private IReadOnlyList<SnsDelivery> Deliveries() => Server.Services.GetRequiredService<SnsDeliveryLog>().Recent();

    private static string? Attribute(Answer answer, string key) =>
        answer.Xml.Descendants(SnsTesting.Ns + "entry").Where(e => e.Element(SnsTesting.Ns + "key")!.Value == key).Select(e => e.Element(SnsTesting.Ns + "value")!.Value).SingleOrDefault();

    private static string Code(Answer answer) => answer.Xml.Element(SnsTesting.Ns + "Error")!.Element(SnsTesting.Ns + "Code")!.Value;

    private static string Message(Answer answer) => answer.Xml.Element(SnsTesting.Ns + "Error")!.Element(SnsTesting.Ns + "Message")!.Value;

    private static List<KeyValuePair<string, string>> Form(string action, params (string Name, string Value)[] parameters) =>
        [new("Action", action), new("Version", "2010-03-31"), .. parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))];
}
