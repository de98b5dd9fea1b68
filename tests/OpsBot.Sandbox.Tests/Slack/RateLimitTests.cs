using System.Net;

namespace OpsBot.Sandbox.Tests.Slack;

/// <summary>HTTP 429 with Retry-After on demand.</summary>
public sealed class RateLimitTests : SlackTestBase
{
    [Fact]
    public async Task The_next_calls_of_a_method_answer_429_with_Retry_After_then_it_recovers()
    {
        var ts = await PostAsync("card");
        Workspace.RateLimit("chat.update", calls: 2, retryAfterSeconds: 7);

        var first = await JsonAsync("chat.update", new { channel = Deploys, ts, text = "v2" });
        var second = await JsonAsync("chat.update", new { channel = Deploys, ts, text = "v2" });
        var other = await JsonAsync("chat.postMessage", new { channel = Deploys, text = "unaffected" });
        var third = await JsonAsync("chat.update", new { channel = Deploys, ts, text = "v3" });

        foreach (var limited in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
            Assert.Equal(TimeSpan.FromSeconds(7), limited.RetryAfter);
            Assert.Equal("ratelimited", limited.Error);
        }
        Assert.True(other.Ok);
        Assert.True(third.Ok, third.ToString());
        Assert.Equal("v3", Workspace.Message(Deploys, ts)!.Text);
        Assert.Equal([429, 429, 200], Workspace.Calls("chat.update").Select(c => c.Status));
    }

    [Fact]
    public async Task A_call_that_fails_authentication_does_not_take_a_rate_limited_turn()
    {
        Workspace.RateLimit("chat.postMessage");

        var unauthenticated = await JsonAsync("chat.postMessage", new { channel = Deploys, text = "x" }, token: null);
        var limited = await JsonAsync("chat.postMessage", new { channel = Deploys, text = "x" });

        Assert.Equal("not_authed", unauthenticated.Error);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Empty(Workspace.Messages(Deploys));
    }
}
