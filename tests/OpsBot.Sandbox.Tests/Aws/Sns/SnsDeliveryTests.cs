using System.Net;
using System.Text.Json.Nodes;
using OpsBot.Sandbox.Aws.Sns;

namespace OpsBot.Sandbox.Tests.Aws.Sns;

/// <summary>
/// How SNS's deliveries to an HTTP endpoint end (the sandbox's policy: 3 retries with backoff, here milliseconds apart):
/// a 5xx or a timeout is retried, a 4xx is dropped at once (SNS does not retry a client error), and the delivery log and
/// <c>GET /sandbox/sns/deliveries</c> say which, with the attempts.
/// </summary>
public sealed class SnsDeliveryTests : IAsyncLifetime
{
    private EmulatorWorld _world = null!;
    private RawAws _aws = null!;
    private SnsEndpointStub _endpoint = null!;

    private string Topic => _world.Get<SnsWorld>().OpsTopicArn;

    public async Task InitializeAsync()
    {
        _world = await EmulatorWorld.StartAsync();
        _aws = new RawAws(_world.BaseUrl, _world.Time);
        _endpoint = await SnsEndpointStub.StartAsync();
        await _aws.SnsAsync("Subscribe", ("TopicArn", Topic), ("Protocol", "http"), ("Endpoint", _endpoint.Url.ToString()));
        var token = (string)(await _endpoint.FirstAsync("SubscriptionConfirmation")).Json["Token"]!;
        await _aws.SnsAsync("ConfirmSubscription", ("TopicArn", Topic), ("Token", token));
    }

    public async Task DisposeAsync()
    {
        await _endpoint.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task A_5xx_is_retried_with_the_same_message_until_the_endpoint_takes_it()
    {
        _endpoint.AnswerNext(500, 503);

        var messageId = await PublishAsync("three tries");
        var delivery = await SettledAsync(messageId);

        Assert.Equal(("delivered", 3, 200), (delivery.Status, delivery.Attempts, delivery.HttpStatus));
        var attempts = _endpoint.All.Where(r => r.Type == "Notification").ToList();
        Assert.Equal(3, attempts.Count);
        Assert.Single(attempts.Select(a => a.Body).Distinct());
        Assert.All(attempts, a => Assert.Equal(messageId, a.Header("x-amz-sns-message-id")));
    }

    [Fact]
    public async Task A_4xx_drops_the_message_without_a_retry()
    {
        _endpoint.AnswerNext(400);

        var messageId = await PublishAsync("refused");
        var delivery = await SettledAsync(messageId);

        Assert.Equal(("dropped", 1, 400), (delivery.Status, delivery.Attempts, delivery.HttpStatus));
        Assert.Single(_endpoint.All, r => r.Type == "Notification");
    }

    [Fact]
    public async Task A_timeout_is_retried_and_an_endpoint_that_keeps_failing_is_given_up_after_the_retries()
    {
        _endpoint.AnswerNext(0, 200, 500, 500, 500, 500);

        var late = await SettledAsync(await PublishAsync("late"));
        var failing = await SettledAsync(await PublishAsync("failing"));

        Assert.Equal(("delivered", 2, 200), (late.Status, late.Attempts, late.HttpStatus));
        Assert.Equal(("failed", 4, 500), (failing.Status, failing.Attempts, failing.HttpStatus));
    }

    [Fact]
    public async Task The_sandbox_lists_the_deliveries_and_the_subscriptions()
    {
        _endpoint.AnswerNext(500);
        var messageId = await PublishAsync("listed");
        await SettledAsync(messageId);

        using var http = new HttpClient();
        var answer = JsonNode.Parse(await http.GetStringAsync(new Uri(_world.SandboxUrl, "sandbox/sns/deliveries")))!;

        var deliveries = answer["deliveries"]!.AsArray();
        Assert.Equal(["Notification", "SubscriptionConfirmation"], deliveries.Select(d => (string?)d!["type"]));
        var notification = deliveries[0]!;
        Assert.Equal(("prod", Topic, _endpoint.Url.ToString(), messageId, "delivered", 2, 200),
            ((string?)notification["environment"], (string?)notification["topic"], (string?)notification["endpoint"], (string?)notification["messageId"],
             (string?)notification["status"], (int)notification["attempts"]!, (int?)notification["httpStatus"]));
        var subscription = Assert.Single(answer["subscriptions"]!.AsArray())!;
        Assert.Equal((Topic, "http", _endpoint.Url.ToString(), true), ((string?)subscription["topic"], (string?)subscription["protocol"], (string?)subscription["endpoint"], (bool)subscription["confirmed"]!));
        Assert.StartsWith(Topic + ":", (string?)subscription["subscriptionArn"], StringComparison.Ordinal);
    }

    private async Task<string> PublishAsync(string message)
    {
        var answer = await _aws.SnsAsync("Publish", ("TopicArn", Topic), ("Message", message));
        Assert.Equal(200, answer.Status);
        return answer.Xml.Element(SnsTesting.Ns + "PublishResult")!.Element(SnsTesting.Ns + "MessageId")!.Value;
    }

    /// <summary>The delivery of <paramref name="messageId"/> once it has ended (bounded polling on the wall clock: the attempts are real sockets).</summary>
    private async Task<SnsDelivery> SettledAsync(string messageId)
    {
        var give = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var delivery = _world.Get<SnsDeliveryLog>().Recent().Single(d => d.MessageId == messageId);
            if (delivery.Status is "delivered" or "dropped" or "failed")
                return delivery;
            Assert.True(DateTimeOffset.UtcNow < give, $"The delivery did not end: {delivery}");
            await Task.Delay(10);
        }
    }
}
