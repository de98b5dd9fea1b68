using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Sandbox.Aws;
using OpsBot.Sandbox.Aws.Sns;

namespace OpsBot.Sandbox.Tests.Aws.Sns;

/// <summary>
/// One HTTPS host for SNS whatever the region, as the bot pins one: each world signs with the same certificate, and a
/// SubscribeURL confirms the subscription in the world of its topic's region only.
/// </summary>
public sealed class RegionalSnsTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private readonly FakeTimeProvider _time = new(EmulatorWorld.DefaultStart);
    private AwsEmulatorServer _server = null!;
    private SnsEndpointStub _bot = null!;

    public async Task InitializeAsync()
    {
        _server = new AwsEmulatorServer(configure: o =>
        {
            o.OtherRegions.Add("us-west-2");
            SnsTesting.QuickDeliveries(o);
        }, time: _time);
        await _server.StartAsync();
        _bot = await SnsEndpointStub.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_subscription_in_the_second_region_is_confirmed_there_through_the_one_shared_host()
    {
        var west = _server.Worlds.For("us-west-2")!;
        var east = _server.Services;
        const string Topic = "arn:aws:sns:us-west-2:000000000000:opsbot-alarms";
        var form = $"Action=Subscribe&Version=2010-03-31&TopicArn={Uri.EscapeDataString(Topic)}&Protocol=http&Endpoint={Uri.EscapeDataString(_bot.Url.ToString())}";
        using (var request = SignedRequest.Create(_server.BaseUrl, "sns", HttpMethod.Post, "/", form, "application/x-www-form-urlencoded; charset=utf-8", _time.GetUtcNow(), region: "us-west-2"))
            (await Http.SendAsync(request)).EnsureSuccessStatusCode();
        var confirmation = await _bot.FirstAsync("SubscriptionConfirmation");

        using var https = SnsTesting.Pinned(_server.SnsHost.TlsCertificateSha256);
        (await https.GetAsync((string)confirmation.Json["SubscribeURL"]!)).EnsureSuccessStatusCode();

        Assert.Same(east.GetRequiredService<SnsPublicHost>(), west.GetRequiredService<SnsPublicHost>());
        Assert.Equal(Topic, (string?)confirmation.Json["TopicArn"]);
        Assert.Equal(SnsSubscriptionState.Confirmed, Assert.Single(west.GetRequiredService<SnsWorld>().SubscriptionsOf(Topic)).State);
        Assert.Empty(east.GetRequiredService<SnsWorld>().Subscriptions());
        Assert.Empty(east.GetRequiredService<SnsDeliveryLog>().Recent());
    }
}
