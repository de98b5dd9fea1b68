using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;

namespace OpsBot.Sandbox.Tests.Teams;

/// <summary>What the console sends the bot when a person types in a Teams channel or clicks an Action.Execute.</summary>
public sealed class TeamsConsoleEndpointsTests : TeamsTestBase
{
    [Theory]
    [InlineData("@OpsBot deploy lambda_router 5")]
    [InlineData("deploy lambda_router 5")]
    public async Task A_typed_message_reaches_the_bot_as_a_channel_message_mentioning_it(string typed)
    {
        var answer = await PostAsync("sandbox/teams/console/message", new { persona = "alice", channel = "Deployments", text = typed });

        Assert.Equal(200, answer["status"]!.GetValue<int>());
        var (authorization, activity) = Assert.Single(BotReceived);
        Assert.Equal(("message", "msteams", Options.ServiceUrl.ToString()), (S(activity, "type"), S(activity, "channelId"), S(activity, "serviceUrl")));
        Assert.Equal("<at>OpsBot</at> deploy lambda_router 5", S(activity, "text"));
        Assert.Equal(answer["activityId"]!.GetValue<string>(), S(activity, "id"));
        Assert.Equal(("29:sandbox-alice", "alice", "00000000-0000-0000-0000-0000000a11ce"), (S(activity["from"]!, "id"), S(activity["from"]!, "name"), S(activity["from"]!, "aadObjectId")));
        Assert.Equal(($"28:{Options.AppId}", "OpsBot"), (S(activity["recipient"]!, "id"), S(activity["recipient"]!, "name")));
        var conversation = activity["conversation"]!;
        Assert.Equal(($"{Deployments};messageid={S(activity, "id")}", "channel", Options.TenantId, true),
            (S(conversation, "id"), S(conversation, "conversationType"), S(conversation, "tenantId"), conversation["isGroup"]!.GetValue<bool>()));
        var mention = activity["entities"]!.AsArray().Single(e => S(e!, "type") == "mention")!;
        Assert.Equal(("<at>OpsBot</at>", $"28:{Options.AppId}", "OpsBot"), (S(mention, "text"), S(mention["mentioned"]!, "id"), S(mention["mentioned"]!, "name")));
        var channelData = activity["channelData"]!;
        Assert.Equal((Options.TenantId, Options.TeamId, "Platform", Deployments, "Deployments"),
            (S(channelData["tenant"]!, "id"), S(channelData["team"]!, "id"), S(channelData["team"]!, "name"), S(channelData["channel"]!, "id"), S(channelData["channel"]!, "name")));
        // Signed for this bot and this serviceUrl.
        Assert.StartsWith("Bearer ", authorization, StringComparison.Ordinal);
        var jwt = new JsonWebToken(authorization["Bearer ".Length..]);
        Assert.Equal((Options.AppId, Options.ServiceUrl.ToString(), Options.Issuer), (jwt.Audiences.Single(), jwt.GetClaim("serviceurl").Value, jwt.Issuer));
        // The person's message is in the channel, as a thread's root.
        Assert.Equal(S(activity, "id"), Assert.Single(Teams.Conversations.History(Deployments)).Id);
    }

    [Fact]
    public async Task A_click_sends_an_adaptiveCard_action_invoke_in_the_cards_thread_and_returns_its_card()
    {
        var token = await TokenAsync();
        var (thread, cardId) = await PostCardAsync(token, Card("Baking at 10%", "promote"));

        var answer = await PostAsync("sandbox/teams/console/invoke", new
        {
            persona = "bob",
            conversationId = thread,
            activityId = cardId,
            action = new { type = "Action.Execute", id = "promote", verb = "promote", data = new { deployment = "dep-1", reason = "looks good" } },
        });

        Assert.Equal(200, answer["status"]!.GetValue<int>());
        Assert.Equal("Approved by bob", answer["invokeResponse"]!["value"]!["body"]![0]!["text"]!.GetValue<string>());
        var (_, invoke) = Assert.Single(BotReceived);
        Assert.Equal(("invoke", "adaptiveCard/action", cardId, thread), (S(invoke, "type"), S(invoke, "name"), S(invoke, "replyToId"), S(invoke["conversation"]!, "id")));
        Assert.Equal("29:sandbox-bob", S(invoke["from"]!, "id"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"action":{"type":"Action.Execute","id":"promote","verb":"promote","data":{"deployment":"dep-1","reason":"looks good"}},"trigger":"manual"}
            """), invoke["value"]));
        Assert.Equal("invoke", S(Assert.Single((await Http.GetFromJsonAsync<JsonArray>(new Uri(BaseUrl, "sandbox/teams/sent")))!)!["activity"]!, "type"));
    }

    [Fact]
    public async Task A_refresh_is_an_automatic_invoke()
    {
        var token = await TokenAsync();
        var (thread, cardId) = await PostCardAsync(token, Card("Baking", null, refreshFor: "29:sandbox-bob"));

        await PostAsync("sandbox/teams/console/invoke", new { persona = "bob", conversationId = thread, activityId = cardId, action = new { type = "Action.Execute", verb = "refresh" }, trigger = "automatic" });

        var (_, invoke) = Assert.Single(BotReceived);
        Assert.Equal(("refresh", "automatic"), (S(invoke["value"]!["action"]!, "verb"), S(invoke["value"]!, "trigger")));
    }

    [Fact]
    public async Task Without_the_bots_Teams_endpoint_the_page_gets_its_404()
    {
        BotPresent = false;

        var answer = await PostAsync("sandbox/teams/console/message", new { persona = "alice", channel = Deployments, text = "deploy lambda_router 5" });

        Assert.Equal(404, answer["status"]!.GetValue<int>());
        Assert.Single(Teams.Conversations.History(Deployments));
    }

    [Fact]
    public async Task An_unknown_persona_is_refused_and_nothing_is_sent()
    {
        using var response = await Http.PostAsJsonAsync(new Uri(BaseUrl, "sandbox/teams/console/message"), new { persona = "mallory", channel = Deployments, text = "deploy x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(BotReceived);
    }

    private async Task<JsonObject> PostAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(new Uri(BaseUrl, path), body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static string S(JsonNode node, string name) => node[name]!.GetValue<string>();
}
