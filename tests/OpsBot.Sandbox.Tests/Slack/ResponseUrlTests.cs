using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpsBot.Sandbox.Slack;

namespace OpsBot.Sandbox.Tests.Slack;

/// <summary>Response URLs: ephemeral or in-channel answers, replace_original, delete_original, 5 uses in 30 minutes.</summary>
public sealed class ResponseUrlTests : SlackTestBase
{
    private const string Buttons = """[{"type":"actions","elements":[{"type":"button","action_id":"promote","text":{"type":"plain_text","text":"Promote"},"value":"dep-1:3"}]}]""";

    private async Task<(HttpStatusCode Status, JsonObject Body)> RespondAsync(Uri url, object payload)
    {
        using var content = new StringContent(JsonBody(payload), Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(url, content);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static string? Error(JsonObject body) => body["error"]?.GetValue<string>();

    [Fact]
    public async Task An_answer_is_ephemeral_to_the_person_who_acted_by_default()
    {
        var url = Server.MintResponseUrl(Deploys, Alice);

        var (status, body) = await RespondAsync(url, new { text = "Usage: /deploy <function> <version>" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"ok":true}""", body.ToJsonString());
        var ephemeral = Assert.Single(Workspace.Ephemerals(Alice));
        Assert.Equal((Deploys, Bot, "Usage: /deploy <function> <version>"), (ephemeral.Channel, ephemeral.User, ephemeral.Text));
        Assert.Empty(Workspace.Messages(Deploys));
        Assert.Equal(1, Workspace.ResponseUrlUses(url.Segments[^1]));
    }

    [Fact]
    public async Task In_channel_posts_for_everyone()
    {
        var url = Server.MintResponseUrl(Deploys, Alice);

        var (status, _) = await RespondAsync(url, new { response_type = "in_channel", text = "alice started orders v42" });

        Assert.Equal(HttpStatusCode.OK, status);
        var message = Assert.Single(Workspace.Messages(Deploys));
        Assert.Equal((Bot, "alice started orders v42", (string?)null), (message.User, message.Text, message.EphemeralTo));
    }

    [Fact]
    public async Task Replace_original_changes_the_clicked_message_in_place()
    {
        var card = await JsonAsync("chat.postMessage", new JsonObject { ["channel"] = Deploys, ["text"] = "awaiting promotion", ["blocks"] = JsonNode.Parse(Buttons) });
        var ts = card.String("ts")!;
        var url = Server.MintResponseUrl(Deploys, Bob, ts);

        var (status, _) = await RespondAsync(url, new { replace_original = true, text = "promoted by bob" });

        Assert.Equal(HttpStatusCode.OK, status);
        var message = Assert.Single(Workspace.Messages(Deploys));
        Assert.Equal((ts, "promoted by bob", (string?)null), (message.Ts, message.Text, message.Blocks));
        Assert.Empty(Workspace.Ephemerals(Bob));
    }

    [Fact]
    public async Task Replace_original_is_the_way_to_change_an_ephemeral()
    {
        var posted = await JsonAsync("chat.postEphemeral", new JsonObject { ["channel"] = Deploys, ["user"] = Alice, ["text"] = "confirm?", ["blocks"] = JsonNode.Parse(Buttons) });
        var url = Server.MintResponseUrl(Deploys, Alice, posted.String("message_ts"));

        var (status, _) = await RespondAsync(url, new { replace_original = true, text = "confirmed" });

        Assert.Equal(HttpStatusCode.OK, status);
        var ephemeral = Assert.Single(Workspace.Ephemerals(Alice));
        Assert.Equal((posted.String("message_ts"), "confirmed", Alice), (ephemeral.Ts, ephemeral.Text, ephemeral.EphemeralTo));
    }

    [Fact]
    public async Task Delete_original_deletes_the_clicked_message()
    {
        var ts = await PostAsync("stale card");
        var url = Server.MintResponseUrl(Deploys, Bob, ts);

        var (status, _) = await RespondAsync(url, new { delete_original = true });
        var (again, body) = await RespondAsync(url, new { delete_original = true });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(Workspace.Messages(Deploys));
        Assert.Equal((HttpStatusCode.NotFound, "message_not_found"), (again, Error(body)));
    }

    [Fact]
    public async Task A_response_url_works_five_times()
    {
        var url = Server.MintResponseUrl(Deploys, Alice);

        for (var i = 1; i <= FakeSlackWorkspace.ResponseUrlMaxUses; i++)
            Assert.Equal(HttpStatusCode.OK, (await RespondAsync(url, new { text = $"#{i}" })).Status);
        var (status, body) = await RespondAsync(url, new { text = "#6" });

        Assert.Equal((HttpStatusCode.NotFound, "expired_url"), (status, Error(body)));
        Assert.Equal(5, Workspace.Ephemerals(Alice).Count);
    }

    [Fact]
    public async Task A_response_url_works_for_thirty_minutes()
    {
        var url = Server.MintResponseUrl(Deploys, Alice);

        Time.Advance(TimeSpan.FromMinutes(30));
        var (atThirty, _) = await RespondAsync(url, new { text = "still here" });
        Time.Advance(TimeSpan.FromSeconds(1));
        var (after, body) = await RespondAsync(url, new { text = "too late" });

        Assert.Equal(HttpStatusCode.OK, atThirty);
        Assert.Equal((HttpStatusCode.NotFound, "expired_url"), (after, Error(body)));
        Assert.Equal(["still here"], Workspace.Ephemerals(Alice).Select(m => m.Text));
    }

    [Fact]
    public async Task Refused_payloads_change_nothing_and_do_not_use_the_url_up()
    {
        var url = Server.MintResponseUrl(Deploys, Alice);
        var tooLong = new JsonArray(new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = new string('x', 151) } });

        var (noText, noTextBody) = await RespondAsync(url, new { response_type = "in_channel" });
        var (badBlocks, badBlocksBody) = await RespondAsync(url, new JsonObject { ["text"] = "x", ["blocks"] = tooLong });
        using var notJson = await Http.PostAsync(url, new StringContent("text=hi", Encoding.UTF8, "application/x-www-form-urlencoded"));
        var (unknown, unknownBody) = await RespondAsync(new Uri(Server.BaseUrl, "response/0123abcd"), new { text = "x" });

        Assert.Equal((HttpStatusCode.BadRequest, "no_text"), (noText, Error(noTextBody)));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_blocks"), (badBlocks, Error(badBlocksBody)));
        Assert.Equal("must be less than 151 characters [json-pointer:/blocks/0/text/text]", badBlocksBody["errors"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, "no_service"), (unknown, Error(unknownBody)));
        Assert.Empty(Workspace.Timeline());
        Assert.Equal(0, Workspace.ResponseUrlUses(url.Segments[^1]));
        Assert.Equal(4, Workspace.Calls("response_url").Count);
    }
}
