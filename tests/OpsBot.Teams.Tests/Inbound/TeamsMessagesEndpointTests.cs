using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;
using OpsBot.Teams.Tests.Auth;
using OpsBot.Teams.Tests.Support;

namespace OpsBot.Teams.Tests.Inbound;

/// <summary>
/// <c>POST /teams/messages</c> end to end on a TestServer, with tokens from an independent issuer (jose): every token,
/// body or tenant that is not right is refused before anything happens (no deployment, no call to Teams); a right one
/// runs the command once, however often Teams delivers it.
/// </summary>
public sealed class TeamsMessagesEndpointTests(BotFrameworkIssuer issuer) : IClassFixture<BotFrameworkIssuer>, IAsyncLifetime
{
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await TeamsTestHost.StartAsync(issuer);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static JsonObject Message(string text, string id = "1701000000001", string aad = TeamsTestHost.AliceAad,
        string serviceUrl = BotFrameworkIssuer.ServiceUrl, string tenant = TeamsTestHost.Tenant, string channelId = "msteams") => new()
    {
        ["type"] = "message",
        ["id"] = id,
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = channelId,
        ["from"] = new JsonObject { ["id"] = "29:1" + aad[^4..], ["name"] = "alice", ["aadObjectId"] = aad },
        ["recipient"] = new JsonObject { ["id"] = "28:" + BotFrameworkIssuer.AppId, ["name"] = "OpsBot" },
        ["conversation"] = new JsonObject
        {
            ["id"] = $"{TeamsTestHost.Channel};messageid={id}", ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = tenant,
        },
        ["text"] = "<at>OpsBot</at> " + text,
        ["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention", ["text"] = "<at>OpsBot</at>",
            ["mentioned"] = new JsonObject { ["id"] = "28:" + BotFrameworkIssuer.AppId, ["name"] = "OpsBot" },
        }),
        ["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = tenant },
            ["team"] = new JsonObject { ["id"] = "19:team@thread.tacv2" },
            ["channel"] = new JsonObject { ["id"] = TeamsTestHost.Channel },
        },
    };

    private async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token = "valid", string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/teams/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        else if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issuer.Tokens[token]);
        return await _host.Client.SendAsync(request);
    }

    private async Task AssertNothingHappenedAsync()
    {
        Assert.Empty(await _host.Store.ListAsync(new DeploymentQuery(), default));
        Assert.Empty(_host.Connector.Calls);
    }

    [Theory]
    [InlineData("wrong-issuer")]
    [InlineData("wrong-audience")]
    [InlineData("expired")]
    [InlineData("not-yet-valid")]
    [InlineData("unknown-key")]
    [InlineData("forged-kid")]
    [InlineData("alg-none")]
    [InlineData("alg-hs256")]
    [InlineData("other-serviceurl")]
    [InlineData("no-serviceurl")]
    [InlineData("plain-key")] // signed by a key without the msteams endorsement
    public async Task A_token_that_is_not_right_gets_401_and_changes_nothing(string token)
    {
        var response = await PostAsync(Message("deploy lambda_router 5"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingHappenedAsync();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic YWxpY2U6c2VjcmV0")]
    [InlineData("Bearer ")]
    [InlineData("Bearer not.a.jwt")]
    public async Task No_token_or_a_malformed_one_gets_401(string? authorization)
    {
        var response = await PostAsync(Message("deploy lambda_router 5"), token: null, authorization: authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingHappenedAsync();
    }

    [Fact]
    public async Task A_valid_token_for_another_service_url_or_channel_than_the_body_names_gets_401()
    {
        var elsewhere = await PostAsync(Message("deploy lambda_router 5", serviceUrl: "https://smba.trafficmanager.net/emea/"));
        var slack = await PostAsync(Message("deploy lambda_router 5", channelId: "slack"));

        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, slack.StatusCode);
        await AssertNothingHappenedAsync();
    }

    [Fact]
    public async Task Another_tenant_gets_403_and_changes_nothing()
    {
        var response = await PostAsync(Message("deploy lambda_router 5", tenant: "00000000-0000-0000-0000-00000000beef"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertNothingHappenedAsync();
    }

    [Fact]
    public async Task A_command_runs_once_however_often_teams_delivers_it_and_the_answer_goes_to_the_person()
    {
        var first = await PostAsync(Message("deploy lambda_router 5"));
        var again = await PostAsync(Message("deploy lambda_router 5"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var deployment = Assert.Single(await _host.Store.ListAsync(new DeploymentQuery(), default));
        Assert.Equal("teams:" + TeamsTestHost.AliceAad, deployment.RequestedBy);
        Assert.Equal(TeamsTestHost.Channel, deployment.Channel);
        Assert.Equal("teams", deployment.ChatPlatform);
        // The answer: a 1:1 chat with alice is opened, and the answer is sent there; nothing more on the replay. (The
        // card itself is the outbox's: a new post in the channel.)
        var calls = _host.Connector.Calls.Where(c => c.Method == HttpMethod.Post && c.Json["channelData"]?["channel"] is null).ToArray();
        Assert.Equal(2, calls.Length);
        Assert.Equal("https://smba.trafficmanager.net/amer/v3/conversations", calls[0].Uri.AbsoluteUri);
        Assert.False(calls[0].Json["isGroup"]!.GetValue<bool>());
        Assert.Equal("29:1" + TeamsTestHost.AliceAad[^4..], calls[0].Json["members"]![0]!["id"]!.GetValue<string>());
        Assert.Contains("started deploying version 5", calls[1].Json["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Bearer bot-token", calls[1].Authorization);
    }

    [Fact]
    public async Task Without_a_personal_chat_the_answer_is_a_reply_in_the_thread_mentioning_the_person()
    {
        _host.Connector.Then(HttpStatusCode.Forbidden, """{"error":{"code":"Forbidden","message":"The bot is not installed for the user."}}""");

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Message("deploy status"))).StatusCode);

        var reply = _host.Connector.Calls.ToArray()[1];
        Assert.EndsWith($"/v3/conversations/{Uri.EscapeDataString(TeamsTestHost.Channel + ";messageid=1701000000001")}/activities/1701000000001", reply.Uri.AbsoluteUri);
        Assert.StartsWith("<at>alice</at>", reply.Json["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(TeamsTestHost.AliceAad, reply.Json["entities"]![0]!["mentioned"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_click_that_is_not_one_of_ours_is_answered_with_an_error_and_changes_nothing()
    {
        var invoke = Message("");
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "act", ["data"] = new JsonObject { ["opsbot"] = "dep-x|1|Explode" } } };

        var response = await PostAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.error", body["type"]!.GetValue<string>());
        await AssertNothingHappenedAsync();
    }

    [Fact]
    public async Task When_the_signing_keys_cannot_be_read_the_activity_gets_503_so_teams_tries_again_and_nothing_happens()
    {
        await using var keyless = await TeamsTestHost.StartAsync(issuer, "http://127.0.0.1:9/openid"); // the discard port: refused
        using var request = new HttpRequestMessage(HttpMethod.Post, "/teams/messages")
        {
            Content = new StringContent(Message("deploy lambda_router 5").ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issuer.Tokens["valid"]);

        var response = await keyless.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(await keyless.Store.ListAsync(new DeploymentQuery(), default));
        Assert.Empty(keyless.Connector.Calls);
    }
}
