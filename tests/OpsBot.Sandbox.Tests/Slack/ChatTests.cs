using System.Net;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Tests.Slack;

/// <summary>chat.postMessage, threads, chat.update in place, chat.postEphemeral.</summary>
public sealed class ChatTests : SlackTestBase
{
    private const string Card = """[{"type":"section","text":{"type":"mrkdwn","text":"*orders* canary 10%"}},{"type":"actions","elements":[{"type":"button","action_id":"promote","text":{"type":"plain_text","text":"Promote"},"value":"dep-1:3","style":"primary"}]}]""";

    [Fact]
    public async Task PostMessage_stores_the_message_and_answers_in_Slacks_shape()
    {
        var answer = await JsonAsync("chat.postMessage", new JsonObject
        {
            ["channel"] = Deploys, ["text"] = "orders canary 10%", ["blocks"] = JsonNode.Parse(Card),
        });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("application/json; charset=utf-8", answer.ContentType);
        Assert.True(answer.Ok, answer.ToString());
        Assert.Equal(Deploys, answer.String("channel"));
        var ts = answer.String("ts")!;
        Assert.Matches(@"^\d{10}\.\d{6}$", ts);
        var message = answer.Body["message"]!;
        Assert.Equal(Bot, message["user"]!.GetValue<string>());
        Assert.Equal("message", message["type"]!.GetValue<string>());
        Assert.Equal(ts, message["ts"]!.GetValue<string>());
        Assert.Equal("B0OPSBOT", message["bot_id"]!.GetValue<string>());
        Assert.Equal("orders canary 10%", message["text"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Card), message["blocks"]));

        var stored = Assert.Single(Workspace.Messages(Deploys));
        Assert.Equal((Deploys, ts, (string?)null, Bot, "orders canary 10%"), (stored.Channel, stored.Ts, stored.ThreadTs, stored.User, stored.Text));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Card), JsonNode.Parse(stored.Blocks!)));
        Assert.Null(stored.Edited);
        Assert.Equal(["chat.postMessage"], Workspace.Calls().Select(c => c.Method));
    }

    [Fact]
    public async Task Timestamps_follow_the_clock_and_strictly_increase_when_it_stands_still()
    {
        var first = await PostAsync("one");
        var second = await PostAsync("two");
        Time.Advance(TimeSpan.FromSeconds(5));
        var third = await PostAsync("three");

        Assert.Equal("1763112600.000000", first);
        Assert.Equal("1763112600.000001", second);
        Assert.Equal("1763112605.000000", third);
    }

    [Fact]
    public async Task A_channel_can_be_named_and_an_unknown_one_is_channel_not_found()
    {
        var named = await JsonAsync("chat.postMessage", new { channel = "#deploys", text = "hi" });
        var unknown = await JsonAsync("chat.postMessage", new { channel = "C0NOPE", text = "hi" });

        Assert.Equal(Deploys, named.String("channel"));
        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.False(unknown.Ok);
        Assert.Equal("channel_not_found", unknown.Error);
        Assert.Single(Workspace.Messages(Deploys));
    }

    [Fact]
    public async Task No_text_and_too_long_text_are_refused()
    {
        var empty = await JsonAsync("chat.postMessage", new { channel = Deploys });
        var tooLong = await JsonAsync("chat.postMessage", new { channel = Deploys, text = new string('x', 40_001) });
        var longest = await JsonAsync("chat.postMessage", new { channel = Deploys, text = new string('x', 40_000) });

        Assert.Equal("no_text", empty.Error);
        Assert.Equal("msg_too_long", tooLong.Error);
        Assert.True(longest.Ok);
    }

    [Fact]
    public async Task A_reply_with_thread_ts_of_the_root_goes_into_its_thread()
    {
        var root = await PostAsync("card");
        var other = await PostAsync("another card");
        var reply1 = await PostAsync("step 1 baked", threadTs: root);
        var reply2 = await PostAsync("step 2 baked", threadTs: root);

        var thread = Workspace.Thread(Deploys, root);
        Assert.Equal([root, reply1, reply2], thread.Select(m => m.Ts));
        Assert.Equal([null, root, root], thread.Select(m => m.ThreadTs));
        Assert.Equal([root, other, reply1, reply2], Workspace.Messages(Deploys).Select(m => m.Ts));
        var answer = await JsonAsync("chat.postMessage", new { channel = Deploys, text = "x", thread_ts = root });
        Assert.Equal(root, answer.Body["message"]!["thread_ts"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_reply_to_a_reply_lands_in_the_roots_thread_and_unknown_threads_are_refused()
    {
        var root = await PostAsync("card");
        var reply = await PostAsync("first", threadTs: root);

        var nested = await JsonAsync("chat.postMessage", new { channel = Deploys, text = "second", thread_ts = reply });
        var unknown = await JsonAsync("chat.postMessage", new { channel = Deploys, text = "x", thread_ts = "1700000000.000100" });
        var malformed = await JsonAsync("chat.postMessage", new { channel = Deploys, text = "x", thread_ts = "yesterday" });

        Assert.Equal(root, Workspace.Message(Deploys, nested.String("ts")!)!.ThreadTs);
        Assert.Equal("thread_not_found", unknown.Error);
        Assert.Equal("invalid_thread_ts", malformed.Error);
    }

    [Fact]
    public async Task Update_changes_the_message_in_place()
    {
        var posted = await JsonAsync("chat.postMessage", new JsonObject { ["channel"] = Deploys, ["text"] = "canary 10%", ["blocks"] = JsonNode.Parse(Card) });
        var ts = posted.String("ts")!;
        Time.Advance(TimeSpan.FromSeconds(3));

        var updated = await JsonAsync("chat.update", new { channel = Deploys, ts, text = "canary 100%" });

        Assert.True(updated.Ok, updated.ToString());
        Assert.Equal((Deploys, ts, "canary 100%"), (updated.String("channel"), updated.String("ts"), updated.String("text")));
        Assert.Equal("canary 100%", updated.Body["message"]!["text"]!.GetValue<string>());
        var stored = Assert.Single(Workspace.Messages(Deploys));
        Assert.Equal((ts, "canary 100%"), (stored.Ts, stored.Text));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Card), JsonNode.Parse(stored.Blocks!)), "blocks not sent are kept");
        Assert.Equal(Bot, stored.Edited!.User);
        Assert.Equal("1763112603.000000", stored.Edited.Ts);

        await JsonAsync("chat.update", new { channel = Deploys, ts, text = "done", blocks = Array.Empty<object>() });
        Assert.Null(Workspace.Message(Deploys, ts)!.Blocks);
    }

    [Fact]
    public async Task Update_of_a_message_the_token_did_not_post_is_cant_update_message()
    {
        var human = Workspace.PostAsUser(Deploys, Alice, "/deploy orders");

        var answer = await JsonAsync("chat.update", new { channel = Deploys, ts = human.Ts, text = "hijacked" });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("cant_update_message", answer.Error);
        Assert.Equal("/deploy orders", Workspace.Message(Deploys, human.Ts)!.Text);
    }

    [Fact]
    public async Task Update_of_an_unknown_or_ephemeral_message_is_message_not_found()
    {
        var ephemeral = await JsonAsync("chat.postEphemeral", new { channel = Deploys, user = Alice, text = "only you" });

        var unknown = await JsonAsync("chat.update", new { channel = Deploys, ts = "1700000000.000100", text = "x" });
        var ofEphemeral = await JsonAsync("chat.update", new { channel = Deploys, ts = ephemeral.String("message_ts"), text = "x" });
        var noTs = await JsonAsync("chat.update", new { channel = Deploys, text = "x" });

        Assert.All(new[] { unknown.Error, ofEphemeral.Error, noTs.Error }, e => Assert.Equal("message_not_found", e));
    }

    [Fact]
    public async Task PostEphemeral_shows_the_message_to_one_user_only()
    {
        var answer = await JsonAsync("chat.postEphemeral", new { channel = Deploys, user = Alice, text = "usage: /deploy <function> <version>" });

        Assert.True(answer.Ok, answer.ToString());
        Assert.Equal(["message_ts", "ok"], answer.Body.Select(p => p.Key).Order());
        var ephemeral = Assert.Single(Workspace.Ephemerals(Alice));
        Assert.Equal((answer.String("message_ts"), Deploys, Bot, "usage: /deploy <function> <version>", Alice),
            (ephemeral.Ts, ephemeral.Channel, ephemeral.User, ephemeral.Text, ephemeral.EphemeralTo));
        Assert.Empty(Workspace.Messages(Deploys));
        Assert.Empty(Workspace.Ephemerals(Bob));
    }

    [Fact]
    public async Task PostEphemeral_to_someone_outside_the_channel_or_unknown_is_refused()
    {
        var outside = await JsonAsync("chat.postEphemeral", new { channel = Private, user = Bob, text = "x" });
        var unknown = await JsonAsync("chat.postEphemeral", new { channel = Deploys, user = "U0NOBODY", text = "x" });
        var inside = await JsonAsync("chat.postEphemeral", new { channel = Private, user = Alice, text = "x" });

        Assert.Equal("user_not_in_channel", outside.Error);
        Assert.Equal("user_not_found", unknown.Error);
        Assert.True(inside.Ok);
    }
}
