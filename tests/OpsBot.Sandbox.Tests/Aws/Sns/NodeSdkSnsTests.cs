using System.Text.Json.Nodes;
using OpsBot.Sandbox.Aws.Sns;
using OpsBot.Testing;

namespace OpsBot.Sandbox.Tests.Aws.Sns;

/// <summary>
/// The official AWS SDK for JavaScript v3 (<c>@aws-sdk/client-sns</c>, pinned by
/// <c>tests/OpsBot.Sandbox.Tests/node/package-lock.json</c>) subscribes an HTTP endpoint of its own to the alarm topic,
/// confirms it with the Token it was sent, publishes, lists and unsubscribes (<c>sns-sdk-check.mjs</c>); if the
/// emulator's answers were off, the SDK would reject them. Each message the endpoint got verifies with Node's crypto.
/// The SDK signs with the wall clock, so the world's clock starts a minute before it.
/// </summary>
public sealed class NodeSdkSnsTests : IAsyncLifetime
{
    private EmulatorWorld _world = null!;

    public async Task InitializeAsync() =>
        _world = await EmulatorWorld.StartAsync(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60));

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task The_official_JS_SDK_subscribes_confirms_lists_publishes_and_unsubscribes_an_HTTP_endpoint()
    {
        var topic = _world.Get<SnsWorld>().AlarmTopicArn;
        var host = _world.Get<SnsPublicHost>();
        await host.StartAsync();

        var stdout = await NodeScripts.RunAsync(NodeScripts.Folder("tests", "OpsBot.Sandbox.Tests", "node"), "sns-sdk-check.mjs",
            [_world.BaseUrl.ToString().TrimEnd('/'), "us-east-1", topic, host.TlsCertificateSha256], TimeSpan.FromMinutes(2));
        var r = JsonNode.Parse(stdout)!;
        var hook = (string)r["hook"]!;

        Assert.Equal("pending confirmation", (string?)r["subscribe"]);
        Assert.Equal(("SubscriptionConfirmation", topic, "text/plain; charset=UTF-8"),
            ((string?)r["confirmationHeaders"]!["type"], (string?)r["confirmationHeaders"]!["topic"], (string?)r["confirmationHeaders"]!["contentType"]));
        var pending = Assert.Single(r["pending"]!.AsArray())!;
        Assert.Equal(("PendingConfirmation", "http", hook, "000000000000", topic),
            ((string?)pending["SubscriptionArn"], (string?)pending["Protocol"], (string?)pending["Endpoint"], (string?)pending["Owner"], (string?)pending["TopicArn"]));
        var arn = (string)r["confirmed"]!;
        Assert.StartsWith(topic + ":", arn, StringComparison.Ordinal);
        Assert.Equal(arn, (string?)Assert.Single(r["listed"]!.AsArray())!["SubscriptionArn"]);

        var notification = r["notification"]!;
        Assert.Equal(((string?)r["messageId"], "From the SDK", "hello over http", arn),
            ((string?)notification["messageId"], (string?)notification["subject"], (string?)notification["message"], (string?)notification["subscriptionHeader"]));
        Assert.Equal("""{"environment":{"Type":"String","Value":"prod"}}""", notification["attributes"]!.ToJsonString());
        Assert.Empty(r["afterUnsubscribe"]!.AsArray());
        Assert.Equal(["SubscriptionConfirmation", "Notification", "UnsubscribeConfirmation"], r["verified"]!.AsArray().Select(v => (string?)v!["type"]));
        Assert.All(r["verified"]!.AsArray(), v => Assert.True((bool)v!["valid"]!, v.ToJsonString()));

        var refusals = r["refusals"]!;
        Assert.Equal(("InvalidParameterException", 400), ((string?)refusals["foreignEndpoint"]!["name"], (int)refusals["foreignEndpoint"]!["status"]!));
        Assert.Equal(("NotFoundException", 404), ((string?)refusals["unknownTopic"]!["name"], (int)refusals["unknownTopic"]!["status"]!));
        Assert.Equal(("InvalidParameterException", "Invalid parameter: Invalid token"), ((string?)refusals["badToken"]!["name"], (string?)refusals["badToken"]!["message"]));
    }
}
