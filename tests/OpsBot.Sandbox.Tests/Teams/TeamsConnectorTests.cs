using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Tests.Teams;

/// <summary>The fake Bot Connector over HTTP, as the bot's adapter will call it.</summary>
public sealed class TeamsConnectorTests : TeamsTestBase
{
    private static string Path(string conversationId, string rest = "activities") => $"v3/conversations/{Uri.EscapeDataString(conversationId)}/{rest}";

    [Fact]
    public async Task A_new_channel_post_starts_a_thread_named_by_its_activity_id()
    {
        var token = await TokenAsync();

        var (conversationId, activityId) = await PostCardAsync(token, Card("Deploying lambda_router", "approve"));

        Assert.Equal($"{Deployments};messageid={activityId}", conversationId);
        var post = Assert.Single(Teams.Conversations.History(Deployments));
        Assert.True(post.IsRoot);
        Assert.Equal(conversationId, post.Activity["conversation"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replies_go_into_the_thread_by_its_id_or_by_the_activity_replied_to()
    {
        var token = await TokenAsync();
        var (thread, root) = await PostCardAsync(token, Card("Deploying", null));

        var (inThread, a, _) = await ConnectorAsync(HttpMethod.Post, Path(thread), new JsonObject { ["type"] = "message", ["text"] = "10% now" }, token);
        var (toActivity, b, _) = await ConnectorAsync(HttpMethod.Post, Path(Deployments, $"activities/{root}"), new JsonObject { ["type"] = "message", ["text"] = "100% now" }, token);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (inThread, toActivity));
        var replies = Teams.Conversations.History(Deployments).Where(p => !p.IsRoot).ToList();
        Assert.Equal([a!["id"]!.GetValue<string>(), b!["id"]!.GetValue<string>()], replies.Select(r => r.Id));
        Assert.All(replies, r => Assert.Equal((root, thread), (r.ThreadId, r.ConversationId)));
        var history = (await Http.GetFromJsonAsync<JsonArray>(new Uri(BaseUrl, $"sandbox/teams/messages?channel={Uri.EscapeDataString(Deployments)}")))!;
        Assert.Equal([root, root, root], history.Select(h => h!["threadId"]!.GetValue<string>()));
        Assert.Equal("OpsBot", history[1]!["from"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_post_to_the_channel_itself_starts_another_thread()
    {
        var token = await TokenAsync();

        var (status, body, _) = await ConnectorAsync(HttpMethod.Post, Path(Deployments), new JsonObject { ["type"] = "message", ["text"] = "hello" }, token);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(Assert.Single(Teams.Conversations.History(Deployments)).IsRoot);
        Assert.NotNull(body!["id"]);
    }

    [Fact]
    public async Task An_update_replaces_the_card_in_place()
    {
        var token = await TokenAsync();
        var (thread, root) = await PostCardAsync(token, Card("Baking at 10%", "promote"));

        var (status, body, _) = await ConnectorAsync(HttpMethod.Put, Path(thread, $"activities/{root}"), CardActivity(Card("Promoted by bob", null)), token);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(root, body!["id"]!.GetValue<string>());
        var post = Assert.Single(Teams.Conversations.History(Deployments));
        Assert.Equal((1, "Promoted by bob"), (post.Updates, post.Activity["attachments"]![0]!["content"]!["body"]![0]!["text"]!.GetValue<string>()));
        Assert.Equal(root, post.Id);
    }

    [Fact]
    public async Task Updating_an_unknown_activity_is_a_404()
    {
        var token = await TokenAsync();

        var (status, body, _) = await ConnectorAsync(HttpMethod.Put, Path(Deployments, "activities/1234"), CardActivity(Card("x", null)), token);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("ActivityNotFound", body!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ids_with_colons_semicolons_and_at_signs_are_read_url_encoded()
    {
        var token = await TokenAsync();
        var (thread, _) = await PostCardAsync(token, Card("x", null));
        var encoded = Uri.EscapeDataString(thread);
        Assert.Contains("%3A", encoded, StringComparison.Ordinal);
        Assert.Contains("%3B", encoded, StringComparison.Ordinal);
        Assert.Contains("%40", encoded, StringComparison.Ordinal);

        var (status, _, _) = await ConnectorAsync(HttpMethod.Post, $"v3/conversations/{encoded}/activities", new JsonObject { ["type"] = "message", ["text"] = "in the thread" }, token);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, Teams.Conversations.History(Deployments).Count(p => p.ConversationId == thread));
    }

    [Fact]
    public async Task The_members_are_the_sandbox_personas()
    {
        var token = await TokenAsync();

        var (status, body, _) = await ConnectorAsync(HttpMethod.Get, Path(Deployments, "members"), null, token);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["alice", "bob", "dave", "erin", "carol"], body!.AsArray().Select(m => m!["name"]!.GetValue<string>()));
        var alice = body[0]!;
        Assert.Equal(("29:sandbox-alice", "00000000-0000-0000-0000-0000000a11ce"), (alice["id"]!.GetValue<string>(), alice["aadObjectId"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token-the-issuer-gave")]
    public async Task Every_call_needs_the_issued_bearer_token(string? token)
    {
        var (status, body, _) = await ConnectorAsync(HttpMethod.Post, Path(Deployments), new JsonObject { ["type"] = "message", ["text"] = "hi" }, token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Authorization has been denied for this request.", body!["message"]!.GetValue<string>());
        Assert.Empty(Teams.Conversations.History());
    }

    [Fact]
    public async Task An_activity_over_28_KB_is_a_413()
    {
        var token = await TokenAsync();
        var card = Card(new string('x', 29 * 1024), null);

        var (status, body, _) = await ConnectorAsync(HttpMethod.Post, Path(Deployments), CardActivity(card), token);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("MessageSizeTooBig", body!["error"]!["code"]!.GetValue<string>());
        Assert.Empty(Teams.Conversations.History());
    }

    [Fact]
    public async Task A_card_that_is_not_an_Adaptive_Card_is_a_400()
    {
        var token = await TokenAsync();
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "application/vnd.microsoft.card.hero", ["content"] = new JsonObject { ["title"] = "x" } }),
        };

        var (status, body, _) = await ConnectorAsync(HttpMethod.Post, Path(Deployments), activity, token);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BadArgument", body!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_throttle_switch_answers_429_with_Retry_After_then_lets_calls_through()
    {
        var token = await TokenAsync();
        using (var set = await Http.PostAsJsonAsync(new Uri(BaseUrl, "sandbox/teams/faults"), new { throttle = 1, retryAfterSeconds = 2 }))
            set.EnsureSuccessStatusCode();

        var (first, _, response) = await ConnectorAsync(HttpMethod.Post, Path(Deployments), new JsonObject { ["type"] = "message", ["text"] = "hi" }, token);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        var (second, _, _) = await ConnectorAsync(HttpMethod.Post, Path(Deployments), new JsonObject { ["type"] = "message", ["text"] = "hi" }, token);

        Assert.Equal((HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(2), HttpStatusCode.OK), (first, retryAfter, second));
        Assert.Single(Teams.Conversations.History());
    }
}
