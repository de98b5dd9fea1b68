using OpsBot.Testing;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;

namespace OpsBot.Sandbox.Tests.ChatConsole;

/// <summary>The console's endpoints against the stub bot: what reaches the bot is what Slack would send, signed.</summary>
public sealed partial class SandboxConsoleTests : ConsoleTestBase
{
    [Fact]
    public async Task A_command_is_forwarded_to_the_bot_signed_with_the_form_fields_Slack_sends()
    {
        var (status, answer) = await CommandAsync(Alice, "/deploy", "lambda_router");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, answer["status"]!.GetValue<int>());
        Assert.Equal("", answer["body"]!.GetValue<string>());
        var request = Assert.Single(StubBot.Received);
        Assert.Equal(("/slack/commands", "application/x-www-form-urlencoded", "valid"), (request.Path, request.ContentType, request.Verdict));
        Assert.Equal(SlackRequests.Sign(Secret, long.Parse(request.Timestamp!, System.Globalization.CultureInfo.InvariantCulture), request.Body), request.Signature);
        Assert.InRange(long.Parse(request.Timestamp!, CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        var form = request.Form;
        Assert.Equal(["token", "team_id", "team_domain", "channel_id", "channel_name", "user_id", "user_name", "command", "text",
            "api_app_id", "is_enterprise_install", "response_url", "trigger_id"], form.Select(f => f.Key));
        var fields = form.ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal(("T0SANDBOX", "sandbox", "C0DEPLOYS", "deploys", "U0ALICE", "alice"),
            (fields["team_id"], fields["team_domain"], fields["channel_id"], fields["channel_name"], fields["user_id"], fields["user_name"]));
        Assert.Equal(("/deploy", "lambda_router", "A0OPSBOT", "false"), (fields["command"], fields["text"], fields["api_app_id"], fields["is_enterprise_install"]));
        Assert.Matches(ResponseUrl(), fields["response_url"]);
        Assert.StartsWith(BaseUrl.ToString(), fields["response_url"], StringComparison.Ordinal);
        Assert.Matches(TriggerId(), fields["trigger_id"]);

        // The stub's card arrived through the fake Web API, with its chart in the thread.
        var card = Card();
        Assert.Contains("\"Promote\"", card.Blocks, StringComparison.Ordinal);
        var chart = Assert.Single(Workspace.Thread(Deploys, card.Ts).Skip(1)).Files.Single();
        Assert.Equal(("error-rate.png", "image/png"), (chart.Name, chart.Mimetype));
    }

    [Fact]
    public async Task Every_command_gets_its_own_trigger_id_and_response_url()
    {
        await CommandAsync(Alice, "/deploy", "");
        await CommandAsync(Alice, "/deploy", "");

        var forms = StubBot.Received.Select(r => r.Form.ToDictionary(f => f.Key, f => f.Value)).ToList();
        Assert.NotEqual(forms[0]["trigger_id"], forms[1]["trigger_id"]);
        Assert.NotEqual(forms[0]["response_url"], forms[1]["response_url"]);
    }

    [Fact]
    public async Task The_response_url_sent_with_a_command_answers_the_person_who_typed_it()
    {
        await CommandAsync(Alice, "/deploy", "lambda_router");

        var started = Assert.Single(Workspace.Ephemerals(Alice));
        Assert.Equal((Deploys, Bot), (started.Channel, started.User));
        Assert.StartsWith("Started `dep-1`", started.Text, StringComparison.Ordinal);
        Assert.Empty(Workspace.Ephemerals(Bob));
    }

    [Fact]
    public async Task An_ephemeral_acknowledgement_is_shown_only_to_the_person_who_typed_the_command()
    {
        var (status, answer) = await CommandAsync(Alice, "/deploy", "");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, answer["status"]!.GetValue<int>());
        Assert.Equal("ephemeral", JsonNode.Parse(answer["body"]!.GetValue<string>())!["response_type"]!.GetValue<string>());
        var shown = Assert.Single(Workspace.Ephemerals(Alice));
        Assert.Equal((Deploys, Bot, Alice, (string?)null), (shown.Channel, shown.User, shown.EphemeralTo, shown.ThreadTs));
        Assert.StartsWith(":warning: Say which function.", shown.Text, StringComparison.Ordinal);
        Assert.Empty(Workspace.Ephemerals(Bob));
        Assert.Empty(Workspace.Messages(Deploys));
    }

    [Fact]
    public async Task An_in_channel_acknowledgement_is_posted_for_everyone_after_the_command()
    {
        await CommandAsync(Bob, "/rollback", "lambda_router");

        var messages = Workspace.Messages(Deploys);
        Assert.Equal([(Bob, "/rollback lambda_router"), (Bot, ":rewind: Rolling back *lambda_router*")], messages.Select(m => (m.User, m.Text)));
        Assert.Empty(Workspace.Ephemerals(Bob));
    }

    [Fact]
    public async Task A_click_is_forwarded_as_the_block_actions_payload_Slack_sends()
    {
        await CommandAsync(Alice, "/deploy", "lambda_router");
        var card = Card();

        var (status, answer) = await PostAsync("sandbox/console/click",
            new { user = Bob, channel = Deploys, messageTs = card.Ts, actionId = "promote", value = "dep-1|1|Promote" });

        Assert.Equal((HttpStatusCode.OK, 200), (status, answer["status"]!.GetValue<int>()));
        var request = StubBot.Received[^1];
        Assert.Equal(("/slack/interactions", "application/x-www-form-urlencoded", "valid"), (request.Path, request.ContentType, request.Verdict));
        Assert.Equal(["payload"], request.Form.Select(f => f.Key));
        var payload = request.Payload!;
        Assert.Equal("block_actions", payload["type"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"id":"U0BOB","username":"bob","name":"bob","team_id":"T0SANDBOX"}"""), payload["user"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"id":"T0SANDBOX","domain":"sandbox"}"""), payload["team"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"type":"message","message_ts":"{{card.Ts}}","channel_id":"C0DEPLOYS","is_ephemeral":false}"""), payload["container"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"id":"C0DEPLOYS","name":"deploys"}"""), payload["channel"]));
        Assert.Equal((card.Ts, card.Text, Bot), (payload["message"]!["ts"]!.GetValue<string>(), payload["message"]!["text"]!.GetValue<string>(), payload["message"]!["user"]!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(card.Blocks!), payload["message"]!["blocks"]));
        Assert.Matches(ResponseUrl(), payload["response_url"]!.GetValue<string>());
        Assert.Matches(TriggerId(), payload["trigger_id"]!.GetValue<string>());
        Assert.Equal("A0OPSBOT", payload["api_app_id"]!.GetValue<string>());

        var action = Assert.Single(payload["actions"]!.AsArray())!.AsObject();
        Assert.Equal(["type", "action_id", "block_id", "text", "value", "style", "action_ts"], action.Select(p => p.Key));
        Assert.Equal(("button", "promote", "actions", "dep-1|1|Promote", "primary"),
            (action["type"]!.GetValue<string>(), action["action_id"]!.GetValue<string>(), action["block_id"]!.GetValue<string>(),
             action["value"]!.GetValue<string>(), action["style"]!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":"plain_text","text":"Promote","emoji":true}"""), action["text"]));
        Assert.Matches(@"^\d{10}\.\d{6}$", action["action_ts"]!.GetValue<string>());

        // The stub updated the card in place: the page will show it edited.
        var updated = Card();
        Assert.Equal(":white_check_mark: *Promoted by* <@U0BOB> — version 5 has 100% of the traffic",
            JsonNode.Parse(updated.Blocks!)![1]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal(Bot, updated.Edited?.User);
    }

    [Fact]
    public async Task The_response_url_of_a_click_acts_on_the_clicked_message()
    {
        await CommandAsync(Alice, "/deploy", "lambda_router");
        var card = Card();
        await PostAsync("sandbox/console/click", new { user = Bob, channel = Deploys, messageTs = card.Ts, actionId = "approve", value = "dep-1|1|Approve" });
        var responseUrl = StubBot.Received[^1].Payload!["response_url"]!.GetValue<string>();

        using var replaced = await Http.PostAsync(responseUrl, new StringContent("""{"replace_original":true,"text":"replaced"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("replaced", Card().Text);
    }

    [Fact]
    public async Task A_click_on_a_button_the_card_no_longer_has_still_reaches_the_bot_as_the_person_saw_it()
    {
        await CommandAsync(Alice, "/deploy", "lambda_router");
        var card = Card();
        await PostAsync("sandbox/console/click", new { user = Bob, channel = Deploys, messageTs = card.Ts, actionId = "promote", value = "dep-1|1|Promote" });

        var (status, _) = await PostAsync("sandbox/console/click",
            new { user = Alice, channel = Deploys, messageTs = card.Ts, actionId = "rollback", value = "dep-1|1|Rollback", blockId = "actions", text = "Roll back", style = "danger" });

        Assert.Equal(HttpStatusCode.OK, status);
        var action = StubBot.Received[^1].Payload!["actions"]![0]!;
        Assert.Equal(("rollback", "actions", "Roll back", "dep-1|1|Rollback"),
            (action["action_id"]!.GetValue<string>(), action["block_id"]!.GetValue<string>(), action["text"]!["text"]!.GetValue<string>(), action["value"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_click_on_a_message_or_button_that_is_not_there_is_refused_without_reaching_the_bot()
    {
        await CommandAsync(Alice, "/deploy", "lambda_router");
        var received = StubBot.Received.Count;

        var (gone, goneBody) = await PostAsync("sandbox/console/click", new { user = Bob, channel = Deploys, messageTs = "1.000001", actionId = "promote", value = "x" });
        var (missing, missingBody) = await PostAsync("sandbox/console/click", new { user = Bob, channel = Deploys, messageTs = Card().Ts, actionId = "nope", value = "x" });
        var started = Assert.Single(Workspace.Ephemerals(Alice));
        var (foreign, _) = await PostAsync("sandbox/console/click", new { user = Bob, channel = Deploys, messageTs = started.Ts, actionId = "x", value = "x" });

        Assert.Equal((HttpStatusCode.NotFound, "message_not_found"), (gone, goneBody["error"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.Conflict, "button_not_found"), (missing, missingBody["error"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, foreign); // someone else's ephemeral
        Assert.Equal(received, StubBot.Received.Count);
    }

    [Fact]
    public async Task A_bot_that_refuses_the_signature_leaves_a_dispatch_failed_note_for_the_person()
    {
        Options.SigningSecret = "not-the-bots-secret";

        var (status, answer) = await CommandAsync(Alice, "/deploy", "lambda_router");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((401, "This request is not signed by Slack."), (answer["status"]!.GetValue<int>(), answer["body"]!.GetValue<string>()));
        Assert.Equal("wrong signature", Assert.Single(StubBot.Received).Verdict);
        var note = Assert.Single(Workspace.Ephemerals(Alice));
        Assert.Equal(("USLACKBOT", "`/deploy` failed with the error \"dispatch_failed\""), (note.User, note.Text));
        Assert.Empty(Workspace.Messages(Deploys));
    }

    [Fact]
    public async Task A_request_signed_more_than_five_minutes_ago_is_refused_by_the_bot()
    {
        Options.Time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-6));

        var (_, answer) = await CommandAsync(Alice, "/deploy", "lambda_router");

        Assert.Equal(401, answer["status"]!.GetValue<int>());
        Assert.Equal("stale", Assert.Single(StubBot.Received).Verdict);
    }

    [Fact]
    public async Task A_bot_that_cannot_be_reached_is_dispatch_failed()
    {
        Options.BotBaseUrl = new Uri("http://127.0.0.1:9/"); // the discard port: nothing listens

        var (status, answer) = await CommandAsync(Alice, "/deploy", "lambda_router");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(answer["status"]);
        Assert.Equal("dispatch_failed", answer["error"]!.GetValue<string>());
        Assert.Equal("`/deploy` failed with the error \"dispatch_failed\"", Assert.Single(Workspace.Ephemerals(Alice)).Text);
    }

    [Fact]
    public async Task A_bot_that_does_not_acknowledge_in_time_is_an_operation_timeout()
    {
        Options.AcknowledgementTimeout = TimeSpan.FromMilliseconds(300);

        var (_, answer) = await CommandAsync(Alice, "/deploy", "slow");
        StubBot.ReleaseSlow();

        Assert.Equal("operation_timeout", answer["error"]!.GetValue<string>());
        Assert.Equal("`/deploy` failed with the error \"operation_timeout\"", Assert.Single(Workspace.Ephemerals(Alice)).Text);
    }

    [Theory]
    [InlineData("U0MALLORY", Deploys, "/deploy", "unknown_user")]
    [InlineData(Alice, "C0NOPE", "/deploy", "unknown_channel")]
    [InlineData(Alice, Deploys, "/shrug", "unknown_command")]
    [InlineData(Alice, Deploys, "", "unknown_command")]
    public async Task Unknown_people_channels_and_commands_are_refused_without_reaching_the_bot(string user, string channel, string command, string error)
    {
        var (status, answer) = await CommandAsync(user, command, "lambda_router", channel);

        Assert.Equal((HttpStatusCode.BadRequest, error), (status, answer["error"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(answer["message"]!.GetValue<string>()));
        Assert.Empty(StubBot.Received);
    }

    [Fact]
    public async Task Users_and_channels_may_be_named_instead_of_given_by_id()
    {
        var (_, answer) = await CommandAsync("alice", "deploy", "lambda_router", "#deploys");

        Assert.Equal(200, answer["status"]!.GetValue<int>());
        var fields = Assert.Single(StubBot.Received).Form.ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal(("U0ALICE", "C0DEPLOYS", "/deploy"), (fields["user_id"], fields["channel_id"], fields["command"]));
    }

    [GeneratedRegex(@"^http://127\.0\.0\.1:\d+/response/[0-9a-f]{32}$")]
    private static partial Regex ResponseUrl();

    [GeneratedRegex(@"^\d{13}\.\d{10}\.[0-9a-f]{32}$")]
    private static partial Regex TriggerId();
}
