using System.Net;
using System.Text.Json.Nodes;
using OpsBot.Core.Identity;
using OpsBot.Slack.Tests.Support;
using OpsBot.Slack.WebApi;

namespace OpsBot.Slack.Tests.WebApi;

public sealed class SlackWebApiClientTests
{
    private readonly SlackClients _s = new();

    [Fact]
    public async Task Chat_postMessage_sends_json_with_the_bot_token_and_returns_the_ts()
    {
        var blocks = new JsonArray(new JsonObject { ["type"] = "divider" });

        var posted = await _s.Client.PostMessageAsync("C0DEPLOYS", "fallback", blocks, "1764230400.000001", CancellationToken.None);

        var call = Assert.Single(_s.Slack.Calls);
        Assert.Equal(HttpMethod.Post, call.Method);
        Assert.Equal("https://slack.com/api/chat.postMessage", call.Uri.ToString());
        Assert.Equal("Bearer xoxb-test-token", call.Header("Authorization"));
        Assert.Equal("application/json; charset=utf-8", call.Header("Content-Type"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"channel":"C0DEPLOYS","text":"fallback","unfurl_links":false,"unfurl_media":false,"blocks":[{"type":"divider"}],"thread_ts":"1764230400.000001"}
            """), call.Json), call.Text);
        Assert.Equal("C0DEPLOYS", posted.Channel);
        Assert.Matches(@"^\d+\.\d{6}$", posted.Ts);
    }

    [Fact]
    public async Task Chat_update_and_chat_postEphemeral_send_what_slack_documents()
    {
        await _s.Client.UpdateMessageAsync("C0DEPLOYS", "1764230400.000001", "new text", new JsonArray(), CancellationToken.None);
        await _s.Client.PostEphemeralAsync("C0DEPLOYS", "U0BOB", "only you", null, CancellationToken.None);

        var (update, ephemeral) = (_s.Slack.Calls.First(), _s.Slack.Calls.Last());
        Assert.Equal("https://slack.com/api/chat.update", update.Uri.ToString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"channel":"C0DEPLOYS","ts":"1764230400.000001","text":"new text","blocks":[]}"""), update.Json), update.Text);
        Assert.Equal("https://slack.com/api/chat.postEphemeral", ephemeral.Uri.ToString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"channel":"C0DEPLOYS","user":"U0BOB","text":"only you"}"""), ephemeral.Json), ephemeral.Text);
        Assert.All(_s.Slack.Calls, c => Assert.Equal("Bearer xoxb-test-token", c.Header("Authorization")));
    }

    [Fact]
    public async Task A_response_url_gets_an_ephemeral_json_answer_without_the_token()
    {
        var sent = await _s.Client.RespondAsync("https://hooks.slack.com/commands/T0/1/abc", "hello", CancellationToken.None);

        Assert.True(sent);
        var call = Assert.Single(_s.Slack.Calls);
        Assert.Equal("https://hooks.slack.com/commands/T0/1/abc", call.Uri.ToString());
        Assert.Null(call.Header("Authorization"));
        Assert.Equal("application/json; charset=utf-8", call.Header("Content-Type"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"response_type":"ephemeral","replace_original":false,"text":"hello"}"""), call.Json), call.Text);
    }

    [Theory]
    [InlineData("https://evil.example.com/commands/T0/1/abc")]
    [InlineData("http://hooks.slack.com/commands/T0/1/abc")]
    [InlineData("https://hooks.slack.com.evil.example.com/x")]
    [InlineData("https://user:pass@hooks.slack.com/x")]
    [InlineData("ftp://hooks.slack.com/x")]
    [InlineData("/commands/relative")]
    [InlineData("")]
    [InlineData(null)]
    public async Task A_response_url_off_the_allowed_hosts_is_refused_and_not_called(string? url)
    {
        Assert.False(await _s.Client.RespondAsync(url, "hello", CancellationToken.None));
        Assert.Empty(_s.Slack.Calls);
    }

    [Fact]
    public async Task A_loopback_response_url_is_allowed_over_http_when_configured()
    {
        var s = new SlackClients(o => o.ResponseUrlHosts = ["127.0.0.1"]);

        Assert.True(await s.Client.RespondAsync("http://127.0.0.1:5080/response/abc", "hi", CancellationToken.None));
        Assert.False(await s.Client.RespondAsync("https://hooks.slack.com/commands/T0/1/abc", "hi", CancellationToken.None));
        Assert.Equal("http://127.0.0.1:5080/response/abc", Assert.Single(s.Slack.Calls).Uri.ToString());
    }

    [Fact]
    public async Task The_web_api_base_url_comes_from_configuration()
    {
        var s = new SlackClients(o => o.ApiBaseUrl = "http://127.0.0.1:5080/api/");

        await s.Client.PostEphemeralAsync("C1", "U1", "x", null, CancellationToken.None);

        Assert.Equal("http://127.0.0.1:5080/api/chat.postEphemeral", Assert.Single(s.Slack.Calls).Uri.ToString());
    }

    [Fact]
    public async Task A_file_is_uploaded_with_the_v2_flow_into_the_thread()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 };

        await _s.Client.UploadFileAsync("C0DEPLOYS", "1764230400.000001", "dep-abc-health.png", "Health of dep-abc", png, CancellationToken.None);

        var calls = _s.Slack.Calls.ToList();
        Assert.Equal(3, calls.Count);
        Assert.Equal("https://slack.com/api/files.getUploadURLExternal", calls[0].Uri.ToString());
        Assert.Equal("application/x-www-form-urlencoded", calls[0].Header("Content-Type"));
        Assert.Equal("Bearer xoxb-test-token", calls[0].Header("Authorization"));
        Assert.Equal(new Dictionary<string, string> { ["filename"] = "dep-abc-health.png", ["length"] = "7" }, calls[0].Form);

        Assert.Equal("https://files.slack.com/upload/v1/ABC123", calls[1].Uri.ToString());
        Assert.Null(calls[1].Header("Authorization"));
        Assert.Equal(png, calls[1].Body);

        Assert.Equal("https://slack.com/api/files.completeUploadExternal", calls[2].Uri.ToString());
        Assert.Equal("Bearer xoxb-test-token", calls[2].Header("Authorization"));
        var form = calls[2].Form;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"id":"F0CHART","title":"Health of dep-abc"}]"""), JsonNode.Parse(form["files"])), form["files"]);
        Assert.Equal("C0DEPLOYS", form["channel_id"]);
        Assert.Equal("1764230400.000001", form["thread_ts"]);
    }

    [Fact]
    public async Task An_upload_url_off_the_allowed_hosts_is_refused_and_not_called()
    {
        _s.Slack.Script("files.getUploadURLExternal", _ => FakeSlackApi.Ok(new JsonObject { ["upload_url"] = "https://evil.example.com/up", ["file_id"] = "F1" }));

        var e = await Assert.ThrowsAsync<SlackApiException>(() =>
            _s.Client.UploadFileAsync("C0DEPLOYS", null, "a.png", "a", [1], CancellationToken.None));

        Assert.Equal("upload_url_not_allowed", e.Error);
        Assert.DoesNotContain(_s.Slack.Calls, c => c.Uri.Host == "evil.example.com");
    }

    [Fact]
    public async Task Usergroup_members_are_read_with_usergroups_users_list()
    {
        var members = await _s.Client.UsergroupMembersAsync("S0APPROVERS", CancellationToken.None);

        var call = Assert.Single(_s.Slack.Calls);
        Assert.Equal("https://slack.com/api/usergroups.users.list", call.Uri.ToString());
        Assert.Equal("usergroup=S0APPROVERS", call.Text);
        Assert.Equal(["U0BOB", "U0CAROL"], members);
    }

    [Fact]
    public async Task A_429_waits_Retry_After_on_the_clock_then_retries()
    {
        _s.Slack.Script("chat.postMessage", HttpStatusCode.TooManyRequests, """{"ok":false,"error":"ratelimited"}""", ("Retry-After", "7"));

        var call = _s.Client.PostMessageAsync("C0DEPLOYS", "x", null, null, CancellationToken.None);
        await _s.Time.WaitForTimerAsync(TimeSpan.FromSeconds(7));
        Assert.Single(_s.Slack.Calls);
        _s.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.False(call.IsCompleted);
        _s.Time.Advance(TimeSpan.FromSeconds(1));
        var posted = await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, _s.Slack.Calls.Count);
        Assert.Equal("C0DEPLOYS", posted.Channel);
        Assert.Empty(_s.Audit.Entries);
    }

    [Fact]
    public async Task The_callers_cancellation_ends_a_wait_between_attempts_at_once_and_nothing_is_audited()
    {
        _s.Slack.Script("chat.postMessage", HttpStatusCode.TooManyRequests, """{"ok":false,"error":"ratelimited"}""", ("Retry-After", "7"));
        using var cts = new CancellationTokenSource();

        var call = _s.Client.PostMessageAsync("C0DEPLOYS", "x", null, null, cts.Token);
        await _s.Time.WaitForTimerAsync(TimeSpan.FromSeconds(7));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Single(_s.Slack.Calls);
        Assert.Empty(_s.Audit.Entries);
    }

    [Fact]
    public async Task With_one_attempt_a_429_is_not_waited_for()
    {
        _s.Options.MaxAttempts = 1;
        _s.Slack.Script("chat.postMessage", HttpStatusCode.TooManyRequests, """{"ok":false,"error":"ratelimited"}""", ("Retry-After", "7"));

        var e = await Assert.ThrowsAsync<SlackApiException>(() => _s.Client.PostMessageAsync("C0DEPLOYS", "x", null, null, CancellationToken.None));

        Assert.Equal("ratelimited", e.Error);
        Assert.Single(_s.Slack.Calls);
    }

    [Fact]
    public async Task A_long_Retry_After_is_capped()
    {
        _s.Slack.Script("chat.update", HttpStatusCode.TooManyRequests, "", ("Retry-After", "3600"));

        var call = _s.Client.UpdateMessageAsync("C1", "1.2", "x", null, CancellationToken.None);
        await _s.Time.WaitForTimerAsync(_s.Options.RetryMaxDelay);
        _s.Time.Advance(_s.Options.RetryMaxDelay);
        await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, _s.Slack.Calls.Count);
    }

    [Fact]
    public async Task A_5xx_is_retried_with_backoff()
    {
        _s.Slack.Script("chat.postEphemeral", HttpStatusCode.ServiceUnavailable, "upstream")
            .Script("chat.postEphemeral", HttpStatusCode.BadGateway, "upstream");

        var call = _s.Client.PostEphemeralAsync("C1", "U1", "x", null, CancellationToken.None);
        await _s.Time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        _s.Time.Advance(TimeSpan.FromSeconds(1));
        await _s.Time.WaitForTimerAsync(TimeSpan.FromSeconds(2));
        _s.Time.Advance(TimeSpan.FromSeconds(2));
        await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, _s.Slack.Calls.Count);
    }

    [Fact]
    public async Task A_5xx_that_outlives_the_retries_throws_and_is_audited()
    {
        var s = new SlackClients(o => o.MaxAttempts = 1);
        s.Slack.Script("chat.postMessage", HttpStatusCode.ServiceUnavailable, "down");

        var e = await Assert.ThrowsAsync<SlackApiException>(() => s.Client.PostMessageAsync("C1", "x", null, null, CancellationToken.None));

        Assert.Equal("http_503", e.Error);
        Assert.Equal("slack.chat.postMessage", Assert.Single(s.Audit.Entries).Action);
    }

    [Fact]
    public async Task Ok_false_throws_with_the_error_and_warnings_is_audited_and_is_not_retried()
    {
        _s.Slack.Script("chat.postMessage", HttpStatusCode.OK,
            """{"ok":false,"error":"channel_not_found","response_metadata":{"warnings":["missing_charset"]}}""");

        var e = await Assert.ThrowsAsync<SlackApiException>(() => _s.Client.PostMessageAsync("C0GONE", "x", null, null, CancellationToken.None));

        Assert.Equal("chat.postMessage", e.Method);
        Assert.Equal("channel_not_found", e.Error);
        Assert.Equal(["missing_charset"], e.Warnings);
        Assert.Single(_s.Slack.Calls);
        var entry = Assert.Single(_s.Audit.Entries);
        Assert.Equal("opsbot", entry.Actor);
        Assert.Equal("slack.chat.postMessage", entry.Action);
        Assert.Equal(AuditOutcome.Failed, entry.Outcome);
        Assert.Equal("C0GONE", entry.Channel);
        Assert.Contains("channel_not_found", entry.Detail);
    }

    [Fact]
    public async Task A_usergroup_answer_without_its_member_list_throws_rather_than_meaning_nobody()
    {
        _s.Slack.Script("usergroups.users.list", HttpStatusCode.OK, """{"ok":true}""");

        var e = await Assert.ThrowsAsync<SlackApiException>(() => _s.Client.UsergroupMembersAsync("S1", CancellationToken.None));

        Assert.Equal("users_missing", e.Error);
    }

    [Fact]
    public async Task An_answer_that_is_not_json_throws()
    {
        _s.Slack.Script("usergroups.users.list", HttpStatusCode.OK, "<html>maintenance</html>");

        var e = await Assert.ThrowsAsync<SlackApiException>(() => _s.Client.UsergroupMembersAsync("S1", CancellationToken.None));

        Assert.Equal("invalid_json_answer", e.Error);
    }

    [Fact]
    public async Task A_connection_failure_is_retried()
    {
        _s.Slack.Script("chat.postEphemeral", _ => throw new HttpRequestException("Connection refused"));

        var call = _s.Client.PostEphemeralAsync("C1", "U1", "x", null, CancellationToken.None);
        await _s.Time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        _s.Time.Advance(TimeSpan.FromSeconds(1));
        await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(_s.Slack.Calls); // the refused attempt never reached the wire
    }
}
