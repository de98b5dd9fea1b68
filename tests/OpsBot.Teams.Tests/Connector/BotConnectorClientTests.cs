using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpsBot.Teams.Connector;
using OpsBot.Teams.Tests.Support;
using OpsBot.Testing;

namespace OpsBot.Teams.Tests.Connector;

public sealed class BotConnectorClientTests
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";
    private const string Thread = "19:abc@thread.tacv2;messageid=1700000000000";

    private sealed class Tokens : IBotToken
    {
        public int Issued;
        public List<string> Invalidated { get; } = [];

        public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult($"token-{Issued - Invalidated.Count}");

        public void Invalidate(string token) => Invalidated.Add(token);
    }

    private readonly RecordingHandler _http = new();
    private readonly Tokens _tokens = new();
    private readonly TimerWatchingTimeProvider _time = new();
    private readonly BotConnectorClient _client;

    public BotConnectorClientTests() =>
        _client = new BotConnectorClient(new HttpClient(_http), _tokens, new ServiceUrlPolicy(Options.Create(new TeamsOptions())),
            Options.Create(new TeamsOptions { AppId = "00000000-0000-0000-0000-0000000000b0", MaxAttempts = 3 }), _time, NullLogger<BotConnectorClient>.Instance);

    private static JsonObject Message(string text) => new() { ["type"] = "message", ["text"] = text };

    [Fact]
    public async Task A_channel_post_creates_a_conversation_in_the_channel_and_answers_its_thread()
    {
        _http.Then(HttpStatusCode.Created, """{"id":"19:abc@thread.tacv2;messageid=1700000000000","activityId":"1700000000000"}""");

        var (thread, activity) = await _client.CreateChannelPostAsync(ServiceUrl, "19:abc@thread.tacv2", "tenant-1", Message("hi"), default);

        var call = Assert.Single(_http.Calls);
        Assert.Equal("https://smba.trafficmanager.net/amer/v3/conversations", call.Uri.AbsoluteUri);
        Assert.Equal("Bearer token-0", call.Authorization);
        Assert.Equal("19:abc@thread.tacv2", call.Json["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.Equal("tenant-1", call.Json["channelData"]!["tenant"]!["id"]!.GetValue<string>());
        Assert.True(call.Json["isGroup"]!.GetValue<bool>());
        Assert.Equal("hi", call.Json["activity"]!["text"]!.GetValue<string>());
        Assert.Equal((Thread, "1700000000000"), (thread, activity));
    }

    [Fact]
    public async Task Ids_with_colons_semicolons_and_at_signs_are_escaped_in_the_path_and_an_update_is_a_put_of_the_activity()
    {
        await _client.UpdateAsync(ServiceUrl, Thread, "1700000000000", Message("updated"), default);
        await _client.ReplyAsync(ServiceUrl, "a:1x@y", "17", Message("reply"), default);

        var calls = _http.Calls.ToArray();
        Assert.Equal(HttpMethod.Put, calls[0].Method);
        Assert.Equal("/amer/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D1700000000000/activities/1700000000000", calls[0].Uri.AbsolutePath);
        Assert.Equal("1700000000000", calls[0].Json["id"]!.GetValue<string>());
        Assert.Equal("/amer/v3/conversations/a%3A1x%40y/activities/17", calls[1].Uri.AbsolutePath);
        Assert.Equal("17", calls[1].Json["replyToId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_429_waits_its_Retry_After_on_the_clock_then_tries_again()
    {
        _http.Then(HttpStatusCode.TooManyRequests, "{}", ("Retry-After", "7"));

        var send = _client.SendAsync(ServiceUrl, Thread, Message("x"), default);
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(7));
        Assert.Single(_http.Calls);
        _time.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal("1", await send.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, _http.Calls.Count);
    }

    [Fact]
    public async Task Server_errors_are_tried_MaxAttempts_times_then_thrown_as_transient()
    {
        for (var i = 0; i < 3; i++)
            _http.Then(HttpStatusCode.BadGateway, """{"error":{"code":"ServiceError","message":"upstream"}}""");

        var send = _client.SendAsync(ServiceUrl, Thread, Message("x"), default);
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromSeconds(2));
        var e = await Assert.ThrowsAsync<ConnectorException>(() => send.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(3, _http.Calls.Count);
        Assert.False(e.IsPermanent);
        Assert.Contains("HTTP 502 ServiceError (upstream)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_401_drops_the_token_and_tries_once_with_a_fresh_one()
    {
        _http.Then(HttpStatusCode.Unauthorized).Then(HttpStatusCode.Unauthorized).Then(HttpStatusCode.Unauthorized);
        _tokens.Issued = 1;

        var e = await Assert.ThrowsAsync<ConnectorException>(() => _client.SendAsync(ServiceUrl, Thread, Message("x"), default));

        Assert.Equal(["token-1"], _tokens.Invalidated);
        Assert.Equal(["Bearer token-1", "Bearer token-0"], _http.Calls.Select(c => c.Authorization));
        Assert.Equal(401, e.Status);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, true)]
    [InlineData(HttpStatusCode.NotFound, true)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, true)]
    [InlineData(HttpStatusCode.BadRequest, true)]
    [InlineData(HttpStatusCode.Conflict, false)]
    public async Task What_trying_again_cannot_fix_is_permanent_and_tried_once(HttpStatusCode status, bool permanent)
    {
        _http.Then(status, """{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}""");

        var e = await Assert.ThrowsAsync<ConnectorException>(() => _client.SendAsync(ServiceUrl, Thread, Message("x"), default));

        Assert.Single(_http.Calls);
        Assert.Equal(permanent, e.IsPermanent);
    }

    [Fact]
    public async Task A_service_url_that_is_not_allowed_is_never_called_and_no_token_is_sent()
    {
        var e = await Assert.ThrowsAsync<ConnectorException>(() => _client.SendAsync("https://attacker.example/", Thread, Message("x"), default));

        Assert.Empty(_http.Calls);
        Assert.Contains("service_url_not_allowed", e.Message, StringComparison.Ordinal);
    }
}
