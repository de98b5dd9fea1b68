using System.Net;
using System.Text.Json.Nodes;
using OpsBot.Slack.Tests.Support;

namespace OpsBot.Slack.Tests.Inbound;

public sealed class SlackEventEndpointTests
{
    private static string Mention(string eventId, string? threadTs = null) => new JsonObject
    {
        ["token"] = "deprecated",
        ["team_id"] = "T0TEAM",
        ["api_app_id"] = "A0OPSBOT",
        ["type"] = "event_callback",
        ["event_id"] = eventId,
        ["event_time"] = 1764230400,
        ["event"] = new JsonObject
        {
            ["type"] = "app_mention",
            ["user"] = "U0ALICE",
            ["text"] = "<@U0OPSBOT> what can you do?",
            ["ts"] = "1764230400.000200",
            ["thread_ts"] = threadTs,
            ["channel"] = "C0DEPLOYS",
            ["event_ts"] = "1764230400.000200",
        },
    }.ToJsonString();

    [Fact]
    public async Task Url_verification_echoes_the_challenge()
    {
        await using var host = await SlackTestHost.StartAsync();
        var body = """{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""";

        var response = await host.PostSignedAsync("/slack/events", body, "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["challenge"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unsigned_url_verification_gets_401()
    {
        await using var host = await SlackTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/events")
        {
            Content = new StringContent("""{"challenge":"x","type":"url_verification"}""", System.Text.Encoding.UTF8, "application/json"),
        };

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_mention_gets_the_usage_as_a_thread_reply()
    {
        await using var host = await SlackTestHost.StartAsync();

        var response = await host.PostSignedAsync("/slack/events", Mention("Ev0MENTION1"), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await host.Slack.WaitForAsync("chat.postMessage");
        Assert.Equal("C0DEPLOYS", reply.Json["channel"]!.GetValue<string>());
        Assert.Equal("1764230400.000200", reply.Json["thread_ts"]!.GetValue<string>());
        Assert.Contains("/deploy &lt;function&gt;", reply.Json["text"]!.GetValue<string>());
        Assert.Contains("/rollback flags &lt;flag&gt;", reply.Json["text"]!.GetValue<string>());
        Assert.Contains("/flags enable|disable &lt;flag&gt;", reply.Json["text"]!.GetValue<string>());
        Assert.Contains("<@U0ALICE>", reply.Json["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_mention_inside_a_thread_is_answered_in_that_thread()
    {
        await using var host = await SlackTestHost.StartAsync();

        await host.PostSignedAsync("/slack/events", Mention("Ev0MENTION2", threadTs: "1764230000.000100"), "application/json");

        var reply = await host.Slack.WaitForAsync("chat.postMessage");
        Assert.Equal("1764230000.000100", reply.Json["thread_ts"]!.GetValue<string>());
    }

    [Fact]
    public async Task Slack_retries_of_one_event_are_acknowledged_and_answered_once()
    {
        await using var host = await SlackTestHost.StartAsync();
        var body = Mention("Ev0RETRIED");

        var first = await host.PostSignedAsync("/slack/events", body, "application/json");
        var responses = new List<HttpResponseMessage> { first };
        for (var retry = 1; retry <= 3; retry++)
        {
            var n = retry;
            responses.Add(await host.PostSignedAsync("/slack/events", body, "application/json", change: r =>
            {
                r.Headers.Add("X-Slack-Retry-Num", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                r.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
            }));
        }
        await host.SettleAsync(4);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(host.Slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task Another_event_type_is_acknowledged_and_ignored()
    {
        await using var host = await SlackTestHost.StartAsync();
        var body = Mention("Ev0OTHER").Replace("\"app_mention\"", "\"reaction_added\"", StringComparison.Ordinal);

        var response = await host.PostSignedAsync("/slack/events", body, "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, host.Queue.Completed);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"type":"event_callback"}""")]
    [InlineData("""{"type":"event_callback","event_id":"Ev 1"}""")]
    [InlineData("""{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention","channel":"C0DEPLOYS"}}""")]
    [InlineData("""{"type":"url_verification"}""")]
    public async Task An_event_that_cannot_be_read_gets_400(string body)
    {
        await using var host = await SlackTestHost.StartAsync();

        var response = await host.PostSignedAsync("/slack/events", body, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
