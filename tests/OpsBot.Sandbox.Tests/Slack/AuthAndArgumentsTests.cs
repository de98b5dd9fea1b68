using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpsBot.Sandbox.Slack;

namespace OpsBot.Sandbox.Tests.Slack;

/// <summary>Authentication, how arguments are read (JSON, form, wrong content types), scopes, and the call log.</summary>
public sealed class AuthAndArgumentsTests : SlackTestBase
{
    [Fact]
    public async Task No_token_is_not_authed_and_a_wrong_one_is_invalid_auth_both_with_HTTP_200()
    {
        var none = await JsonAsync("chat.postMessage", new { channel = Deploys, text = "x" }, token: null);
        var wrong = await JsonAsync("chat.postMessage", new { channel = Deploys, text = "x" }, token: "xoxb-stolen");

        Assert.Equal((HttpStatusCode.OK, false, "not_authed"), (none.Status, none.Ok, none.Error));
        Assert.Equal((HttpStatusCode.OK, false, "invalid_auth"), (wrong.Status, wrong.Ok, wrong.Error));
        Assert.Empty(Workspace.Messages(Deploys));
        Assert.Equal(["not_authed", "invalid_auth"], Workspace.Calls().Select(c => c.Error));
    }

    [Fact]
    public async Task A_token_in_a_JSON_body_is_not_taken_but_a_form_token_field_is()
    {
        var json = await JsonAsync("chat.postMessage", new { token = Token, channel = Deploys, text = "x" }, token: null);
        var form = await FormAsync("chat.postMessage", [F("token", Token), F("channel", Deploys), F("text", "x")], token: null);

        Assert.Equal("not_authed", json.Error);
        Assert.True(form.Ok, form.ToString());
        Assert.DoesNotContain("token", Workspace.Calls()[1].Arguments.Select(a => a.Key));
    }

    [Fact]
    public async Task Form_and_JSON_arguments_post_the_same_message()
    {
        const string blocks = """[{"type":"section","text":{"type":"plain_text","text":"hello"}}]""";
        var form = await FormAsync("chat.postMessage", [F("channel", Deploys), F("text", "hello"), F("blocks", blocks)]);
        var json = await JsonAsync("chat.postMessage", new JsonObject { ["channel"] = Deploys, ["text"] = "hello", ["blocks"] = JsonNode.Parse(blocks) });

        Assert.True(form.Ok, form.ToString());
        Assert.True(json.Ok, json.ToString());
        var (a, b) = (Workspace.Messages(Deploys)[0], Workspace.Messages(Deploys)[1]);
        Assert.Equal(blocks, a.Blocks);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(a.Blocks!), JsonNode.Parse(b.Blocks!)));
        Assert.Equal((a.Text, a.User), (b.Text, b.User));
        Assert.Equal(blocks, Workspace.Calls()[0].Arguments["blocks"]!.GetValue<string>());
        Assert.True(Workspace.Calls()[1].Arguments["blocks"] is JsonArray);
    }

    [Fact]
    public async Task Multipart_form_fields_are_arguments_too()
    {
        using var form = new MultipartFormDataContent { { new StringContent(Deploys), "channel" }, { new StringContent("from a multipart form"), "text" } };

        var answer = await SendAsync("chat.postMessage", form);

        Assert.True(answer.Ok, answer.ToString());
        Assert.Equal("from a multipart form", Assert.Single(Workspace.Messages(Deploys)).Text);
    }

    [Fact]
    public async Task JSON_without_a_charset_succeeds_with_Slacks_missing_charset_warning()
    {
        using var content = new StringContent("""{"channel":"C0DEPLOYS","text":"x"}""", Encoding.UTF8);
        content.Headers.ContentType = new("application/json");

        var answer = await SendAsync("chat.postMessage", content);

        Assert.True(answer.Ok, answer.ToString());
        Assert.Equal("missing_charset", answer.String("warning"));
        Assert.Equal("missing_charset", answer.Body["response_metadata"]!["warnings"]![0]!.GetValue<string>());
        Assert.StartsWith("[WARN] ", answer.Body["response_metadata"]!["messages"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JSON_sent_as_a_form_is_read_as_form_fields_so_its_arguments_are_not_seen()
    {
        // Slack reads a body as JSON only when the Content-Type says application/json.
        using var content = new StringContent("""{"channel":"C0DEPLOYS","text":"x"}""", Encoding.UTF8);
        content.Headers.ContentType = new("application/x-www-form-urlencoded");

        var answer = await SendAsync("chat.postMessage", content);

        Assert.Equal("channel_not_found", answer.Error);
        Assert.Empty(Workspace.Messages(Deploys));
    }

    [Theory]
    [InlineData("application/json; charset=utf-8", "{\"channel\":", "invalid_json")]
    [InlineData("application/json; charset=utf-8", "[1,2]", "json_not_object")]
    [InlineData("application/xml", "<channel/>", "invalid_post_type")]
    [InlineData("application/json; charset=koi8-r", "{}", "invalid_charset")]
    public async Task Bodies_Slack_cannot_read_are_refused(string contentType, string body, string error)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var answer = await SendAsync("chat.postMessage", content);

        Assert.Equal((HttpStatusCode.OK, error), (answer.Status, answer.Error));
    }

    [Fact]
    public async Task A_method_outside_the_tokens_scopes_is_missing_scope_with_needed_and_provided()
    {
        Server.Options.Scopes.Remove("files:write");

        var answer = await FormAsync("files.getUploadURLExternal", [F("filename", "a.txt"), F("length", "3")]);

        Assert.Equal("missing_scope", answer.Error);
        Assert.Equal("files:write", answer.String("needed"));
        Assert.Equal("chat:write,chat:write.public,usergroups:read", answer.String("provided"));
    }

    [Fact]
    public async Task Answers_carry_the_scope_headers_and_an_unknown_method_is_unknown_method()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.ApiUrl, "chat.postMessage"));
        request.Headers.Authorization = new("Bearer", Token);
        request.Content = new FormUrlEncodedContent([F("channel", Deploys), F("text", "x")]);
        using var response = await Http.SendAsync(request);
        var unknown = await FormAsync("chat.frobnicate", []);

        Assert.Equal("chat:write", response.Headers.GetValues("X-Accepted-OAuth-Scopes").Single());
        Assert.Contains("files:write", response.Headers.GetValues("X-OAuth-Scopes").Single(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.NotFound, "unknown_method", "chat.frobnicate"), (unknown.Status, unknown.Error, unknown.String("req_method")));
    }

    [Fact]
    public async Task Auth_test_tells_who_the_token_is()
    {
        var answer = await SendAsync("auth.test", null);

        Assert.True(answer.Ok, answer.ToString());
        Assert.Equal(("U0OPSBOT", "B0OPSBOT", "T0SANDBOX", "opsbot", "sandbox"),
            (answer.String("user_id"), answer.String("bot_id"), answer.String("team_id"), answer.String("user"), answer.String("team")));
        Assert.Equal(Server.BaseUrl.ToString(), answer.String("url"));
    }

    [Fact]
    public async Task The_call_log_holds_exactly_the_calls_made_with_their_arguments_and_times()
    {
        var root = await PostAsync("card");
        Time.Advance(TimeSpan.FromSeconds(2));
        await JsonAsync("chat.update", new { channel = Deploys, ts = root, text = "card v2" });
        await FormAsync("usergroups.users.list", [F("usergroup", "S0APPROVERS")]);

        var calls = Workspace.Calls();
        Assert.Equal(["chat.postMessage", "chat.update", "usergroups.users.list"], calls.Select(c => c.Method));
        Assert.All(calls, c => Assert.True(c.Ok));
        Assert.Equal(Time.GetUtcNow(), calls[1].At);
        Assert.Equal(root, calls[1].Arguments["ts"]!.GetValue<string>());
        Assert.Equal("S0APPROVERS", calls[2].Arguments["usergroup"]!.GetValue<string>());
        Assert.Single(Workspace.Calls("chat.update"));

        Workspace.ClearCalls();
        Assert.Empty(Workspace.Calls());
    }

    [Fact]
    public async Task The_server_listens_on_loopback_and_stops_when_disposed()
    {
        await using var second = new FakeSlackServer(new FakeSlackWorkspace(Time));
        await second.StartAsync();
        var url = second.ApiUrl;

        Assert.Equal("127.0.0.1", url.Host);
        Assert.NotEqual(Server.BaseUrl.Port, url.Port);
        await second.DisposeAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => Http.PostAsync(new Uri(url, "auth.test"), null));
    }
}
