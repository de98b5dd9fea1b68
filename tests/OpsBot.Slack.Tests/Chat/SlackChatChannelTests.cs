using System.Net;
using OpsBot.Core.Ports;
using OpsBot.Slack.Chat;
using OpsBot.Slack.Tests.BlockKit;
using OpsBot.Slack.Tests.Support;
using OpsBot.Slack.WebApi;

namespace OpsBot.Slack.Tests.Chat;

public sealed class SlackChatChannelTests
{
    private readonly SlackClients _s = new();

    private SlackChatChannel Channel => new(_s.Client);

    [Fact]
    public async Task A_card_is_posted_with_its_summary_as_the_fallback_text_and_its_blocks()
    {
        var card = SampleCards.Empty() with { Summary = "lambda_router:live (prod) 4 → 5: baking at 10% <!here>", Title = "lambda_router:live (prod)" };

        var posted = await Channel.PostCardAsync("C0DEPLOYS", card, CancellationToken.None);

        var call = Assert.Single(_s.Slack.Calls);
        Assert.Equal("chat.postMessage", call.Target);
        Assert.Equal("lambda_router:live (prod) 4 → 5: baking at 10% &lt;!here&gt;", call.Json["text"]!.GetValue<string>());
        Assert.Equal("lambda_router:live (prod)", call.Json["blocks"]![0]!["text"]!["text"]!.GetValue<string>());
        Assert.False(call.Json["unfurl_links"]!.GetValue<bool>());
        Assert.Equal(new ChatMessageRef("slack", "C0DEPLOYS", posted.MessageId), posted);
    }

    [Fact]
    public async Task A_card_is_updated_in_place_by_its_ts()
    {
        await Channel.UpdateCardAsync(new ChatMessageRef("slack", "C0DEPLOYS", "1764230400.000009"), SampleCards.Largest(), CancellationToken.None);

        var call = Assert.Single(_s.Slack.Calls);
        Assert.Equal("chat.update", call.Target);
        Assert.Equal("1764230400.000009", call.Json["ts"]!.GetValue<string>());
        Assert.Equal("C0DEPLOYS", call.Json["channel"]!.GetValue<string>());
        Assert.True(call.Json["text"]!.GetValue<string>().Length <= 3000);
        Assert.Equal(9, call.Json["blocks"]!.AsArray().Count);
    }

    [Fact]
    public async Task Timeline_lines_and_files_go_into_the_cards_thread()
    {
        var card = new ChatMessageRef("slack", "C0DEPLOYS", "1764230400.000009");

        await Channel.PostTimelineAsync(card, "08:01 Shifted 10% to version 5 <by alice> for ⟦@slack:U0ALICE⟧", CancellationToken.None);
        await Channel.PostFileAsync(card, "dep-abc-health.png", "Health", [1, 2, 3], CancellationToken.None);

        var line = _s.Slack.CallsTo("chat.postMessage").Single();
        Assert.Equal("1764230400.000009", line.Json["thread_ts"]!.GetValue<string>());
        Assert.Equal("08:01 Shifted 10% to version 5 &lt;by alice&gt; for <@U0ALICE>", line.Json["text"]!.GetValue<string>());
        Assert.Equal("1764230400.000009", _s.Slack.CallsTo("files.completeUploadExternal").Single().Form["thread_ts"]);
    }

    [Fact]
    public async Task A_failure_is_thrown_so_that_the_outbox_retries()
    {
        _s.Slack.Script("chat.update", HttpStatusCode.OK, """{"ok":false,"error":"message_not_found"}""");

        var e = await Assert.ThrowsAsync<SlackApiException>(() =>
            Channel.UpdateCardAsync(new ChatMessageRef("slack", "C0DEPLOYS", "1.2"), SampleCards.Empty(), CancellationToken.None));

        Assert.Equal("message_not_found", e.Error);
        Assert.Single(_s.Audit.Entries);
    }

    [Theory]
    [InlineData("channel_not_found")]
    [InlineData("not_in_channel")]
    [InlineData("invalid_auth")]
    [InlineData("account_inactive")]
    public async Task An_error_no_retry_can_fix_is_thrown_as_permanent(string error)
    {
        _s.Slack.Script("chat.postMessage", HttpStatusCode.OK, $$"""{"ok":false,"error":"{{error}}"}""");

        var e = await Assert.ThrowsAsync<PermanentDeliveryException>(() => Channel.PostCardAsync("C0GONE", SampleCards.Empty(), CancellationToken.None));

        Assert.Equal($"Slack chat.postMessage failed: {error}", e.Message);
        Assert.Single(_s.Slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task Rate_limiting_past_the_clients_retries_stays_transient()
    {
        for (var i = 0; i < 10; i++)
            _s.Slack.Script("chat.postMessage", HttpStatusCode.TooManyRequests, "", ("Retry-After", "0"));

        var e = await Assert.ThrowsAsync<SlackApiException>(() =>
            Channel.PostTimelineAsync(new ChatMessageRef("slack", "C0DEPLOYS", "1.2"), "line", CancellationToken.None));

        Assert.Equal("ratelimited", e.Error);
        Assert.False(e.IsPermanent);
    }

    [Fact]
    public async Task Group_members_are_the_user_ids_of_the_user_group()
    {
        var members = await new SlackGroupMembership(_s.Client).MembersAsync("S0APPROVERS", CancellationToken.None);

        Assert.Equal(["U0BOB", "U0CAROL"], members);
        Assert.Equal("slack", new SlackGroupMembership(_s.Client).Platform);
    }
}
