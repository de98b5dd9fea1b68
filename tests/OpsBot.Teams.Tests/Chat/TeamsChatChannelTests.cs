using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpsBot.Core.Configuration;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.Ports;
using OpsBot.Teams.Chat;
using OpsBot.Teams.Connector;
using OpsBot.Teams.Tests.Cards;
using OpsBot.Teams.Tests.Support;
using OpsBot.Testing;

namespace OpsBot.Teams.Tests.Chat;

/// <summary>Teams as a place for cards: posted as a new channel thread, updated in place, timeline and charts in the thread.</summary>
public sealed class TeamsChatChannelTests
{
    private const string Channel = "19:deploys@thread.tacv2";
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";
    private const string BobAad = "00000000-0000-0000-0000-000000000b0b";

    private sealed class MemoryDirectory : IChatDirectory
    {
        public ConcurrentDictionary<(string, string), string> Values { get; } = new();

        public Task SaveAsync(string platform, string key, string value, CancellationToken cancellationToken)
        {
            Values[(platform, key)] = value;
            return Task.CompletedTask;
        }

        public Task<string?> GetAsync(string platform, string key, CancellationToken cancellationToken) =>
            Task.FromResult(Values.TryGetValue((platform, key), out var v) ? v : null);

        public List<(string Platform, string Prefix, DateTimeOffset Before)> Purges { get; } = [];

        public Task<int> PurgeAsync(string platform, string keyPrefix, DateTimeOffset before, CancellationToken cancellationToken)
        {
            Purges.Add((platform, keyPrefix, before)); // what is deleted is the SQLite store's (OpsBot.Storage.Tests)
            return Task.FromResult(0);
        }
    }

    private sealed class ConstantToken : IBotToken
    {
        public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult("t");

        public void Invalidate(string token)
        {
        }
    }

    private readonly RecordingHandler _http = new();
    private readonly MemoryDirectory _store = new();
    private readonly TimerWatchingTimeProvider _time = new();
    private readonly TeamsDirectory _directory;
    private readonly TeamsImages _images;
    private readonly TeamsChatChannel _chat;

    public TeamsChatChannelTests()
    {
        var teams = Options.Create(new TeamsOptions { AppId = "00000000-0000-0000-0000-0000000000b0", PublicBaseUrl = "https://opsbot.example.com/" });
        var ops = TestOptions.Create();
        ops.Environments["prod"].Roles.Approver.Add("teams:" + BobAad);
        ops.People["bob"] = ["slack:U0BOB", "teams:" + BobAad];
        _directory = new TeamsDirectory(_store);
        _images = new TeamsImages(_store, teams, _time);
        var connector = new BotConnectorClient(new HttpClient(_http), new ConstantToken(), new ServiceUrlPolicy(teams), teams, _time, NullLogger<BotConnectorClient>.Instance);
        var rendering = new TeamsRendering(_directory, _images, TestMonitor.Of(ops), teams);
        _chat = new TeamsChatChannel(_directory, connector, rendering, _images, _time, NullLogger<TeamsChatChannel>.Instance);
    }

    private async Task<DeploymentCard> CardAsync() => (await TeamsSamples.DeploymentsAsync())[1].Card;

    [Fact]
    public async Task A_card_is_a_new_post_in_its_channel_updated_in_place_with_its_timeline_in_the_thread()
    {
        await _directory.RememberChannelAsync(Channel, new ChannelReference(ServiceUrl, "tenant-1", "19:team@thread.tacv2"), default);
        _http.DefaultBody = """[{"id":"29:1bob","name":"Bob","aadObjectId":"00000000-0000-0000-0000-000000000b0b"}]""";
        _http.Then(HttpStatusCode.OK, """[{"id":"29:1bob","name":"Bob","aadObjectId":"00000000-0000-0000-0000-000000000b0b"}]""")
            .Then(HttpStatusCode.Created, """{"id":"19:deploys@thread.tacv2;messageid=17","activityId":"17"}""");
        var card = await CardAsync();

        var posted = await _chat.PostCardAsync(Channel, card, default);
        _http.DefaultBody = """{"id":"18"}""";
        await _chat.UpdateCardAsync(posted, card with { Headline = "Promoting" }, default);
        await _chat.PostTimelineAsync(posted, "bob promoted it", default);

        Assert.Equal(new ChatMessageRef("teams", Channel, "17", "19:deploys@thread.tacv2;messageid=17"), posted);
        var calls = _http.Calls.ToArray();
        Assert.Equal("/amer/v3/conversations/19%3Adeploys%40thread.tacv2/members", calls[0].Uri.AbsolutePath); // learns who bob is
        var created = calls[1].Json;
        Assert.Equal(Channel, created["channelData"]!["channel"]!["id"]!.GetValue<string>());
        var content = created["activity"]!["attachments"]![0]!["content"]!;
        Assert.Contains("29:1bob", content["refresh"]!["userIds"]!.AsArray().Select(u => u!.GetValue<string>()));
        // bob approved in Slack (slack:U0BOB); OpsBot:People says he is this Teams user, so the Teams card mentions him.
        Assert.Contains("<at>Bob</at>", content.ToJsonString(OpsBot.Teams.Cards.AdaptiveCardLimits.JsonOptions), StringComparison.Ordinal);
        Assert.Contains(content["msteams"]!["entities"]!.AsArray(), e => e!["mentioned"]!["id"]!.GetValue<string>() == BobAad);
        Assert.Equal(HttpMethod.Put, calls[2].Method);
        Assert.Equal("/amer/v3/conversations/19%3Adeploys%40thread.tacv2%3Bmessageid%3D17/activities/17", calls[2].Uri.AbsolutePath);
        Assert.Equal(HttpMethod.Post, calls[3].Method);
        Assert.Equal("/amer/v3/conversations/19%3Adeploys%40thread.tacv2%3Bmessageid%3D17/activities", calls[3].Uri.AbsolutePath);
        Assert.Equal("bob promoted it", calls[3].Json["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_chart_is_an_image_card_in_the_thread_served_by_opsbot_at_an_unguessable_url_until_it_expires()
    {
        await _directory.RememberChannelAsync(Channel, new ChannelReference(ServiceUrl, "tenant-1", null), default);
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 };

        await _chat.PostFileAsync(new ChatMessageRef("teams", Channel, "17", "19:deploys@thread.tacv2;messageid=17"), "chart.png", "Error rate", png, default);

        var image = _http.Calls.Last().Json["attachments"]![0]!["content"]!["body"]![1]!;
        var url = new Uri(image["url"]!.GetValue<string>());
        Assert.Equal("opsbot.example.com", url.Host);
        var token = url.Segments[^1][..^4];
        Assert.Equal(43, token.Length);
        Assert.Equal(png, await _images.ReadAsync(token, default));
        Assert.Null(await _images.ReadAsync(token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), default));
        _time.Advance(TimeSpan.FromDays(31));
        Assert.Null(await _images.ReadAsync(token, default));
        // Saving an image deletes the expired ones, at most hourly.
        Assert.Equal([("teams", "image:", _time.GetUtcNow() - TimeSpan.FromDays(31 + 30))], _store.Purges);
    }

    [Fact]
    public async Task A_channel_opsbot_never_heard_from_is_retried_later_and_a_thread_teams_refuses_for_good_is_permanent()
    {
        var card = await CardAsync();
        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => _chat.PostCardAsync(Channel, card, default));
        Assert.Contains("has not heard from Teams channel", unknown.Message, StringComparison.Ordinal);

        await _directory.RememberChannelAsync(Channel, new ChannelReference(ServiceUrl, "tenant-1", null), default);
        _http.Then(HttpStatusCode.OK, "[]").Then(HttpStatusCode.NotFound, """{"error":{"code":"ConversationNotFound","message":"gone"}}""");
        await Assert.ThrowsAsync<PermanentDeliveryException>(() =>
            _chat.UpdateCardAsync(new ChatMessageRef("teams", Channel, "17", "19:deploys@thread.tacv2;messageid=17"), card, default));
        Assert.DoesNotContain(_store.Values.Keys, k => k.Item2.StartsWith("image:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_a_personal_chat_a_card_is_a_message_in_the_chat_and_its_timeline_the_messages_after_it()
    {
        const string Chat = "a:1personal-chat";
        await _directory.RememberChannelAsync(Chat, new ChannelReference(ServiceUrl, "tenant-1", null, IsChat: true), default);
        _http.Then(HttpStatusCode.OK, "[]").Then(HttpStatusCode.OK, """{"id":"42"}""");
        var card = await CardAsync();

        var posted = await _chat.PostCardAsync(Chat, card, default);
        await _chat.PostTimelineAsync(posted, "bob promoted it", default);

        Assert.Equal(new ChatMessageRef("teams", Chat, "42", Chat), posted);
        var calls = _http.Calls.ToArray();
        Assert.Equal("/amer/v3/conversations/a%3A1personal-chat/activities", calls[1].Uri.AbsolutePath);
        Assert.Equal("application/vnd.microsoft.card.adaptive", calls[1].Json["attachments"]![0]!["contentType"]!.GetValue<string>());
        Assert.Equal("/amer/v3/conversations/a%3A1personal-chat/activities", calls[2].Uri.AbsolutePath);
    }
}
