using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpsBot.Sandbox.ChatConsole;
using OpsBot.Sandbox.Slack;
using OpsBot.Sandbox.Teams;

namespace OpsBot.Sandbox.Tests.Teams;

/// <summary>
/// The Teams stand-in on 127.0.0.1 per test, with a recording stand-in for the bot's <c>POST /teams/messages</c> on the
/// same app (the bot's Teams adapter is not part of this project): it records each activity with its Authorization
/// header and answers invokes with a card ("Refreshed for bob" for a refresh, else "Approved by bob"), messages with
/// 200 and an empty body; <c>POST /test/teams-bot?present=false</c> makes it answer 404. With <see cref="WithConsole"/>,
/// the chat console (and the fake Slack it needs) is on the app too, with the Teams channels.
/// </summary>
public abstract class TeamsTestBase : IAsyncLifetime
{
    protected const string Deployments = "19:sandbox-deploys@thread.tacv2";

    private WebApplication? _app;

    protected TeamsSandboxOptions Options { get; } = new();

    protected TeamsSandbox Teams { get; private set; } = null!;

    protected Uri BaseUrl { get; private set; } = null!;

    protected HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>What the bot stand-in received: the Authorization header and the activity.</summary>
    protected ConcurrentQueue<(string Authorization, JsonObject Activity)> BotReceived { get; } = new();

    /// <summary>Whether the bot stand-in serves <c>/teams/messages</c> at all (false: 404, as before the adapter is merged).</summary>
    protected bool BotPresent { get; set; } = true;

    /// <summary>Whether the console page is mapped too.</summary>
    protected virtual bool WithConsole => false;

    public virtual async Task InitializeAsync()
    {
        Teams = new TeamsSandbox(Options);
        var app = LoopbackApp.CreateBuilder().Build();
        app.MapSandboxTeams(Teams);
        if (WithConsole)
        {
            var workspace = new FakeSlackWorkspace();
            app.MapFakeSlackApi(workspace, new FakeSlackOptions());
            app.MapSandboxConsole(workspace, new SandboxConsoleOptions { Teams = Options });
        }
        app.MapPost("/test/teams-bot", (bool present) => BotPresent = present);
        app.MapPost("/teams/messages", (Delegate)(async (HttpContext http) =>
        {
            if (!BotPresent)
                return Results.NotFound();
            var activity = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
            BotReceived.Enqueue((http.Request.Headers.Authorization.ToString(), activity));
            if (activity["type"]!.GetValue<string>() != "invoke")
                return Results.Ok();
            var name = activity["from"]!["name"]!.GetValue<string>();
            var card = activity["value"]!["action"]!["verb"]!.GetValue<string>() == "refresh" ? Card($"Refreshed for {name}", "promote") : Card($"Approved by {name}", null);
            var answer = new JsonObject { ["statusCode"] = 200, ["type"] = "application/vnd.microsoft.card.adaptive", ["value"] = card };
            return Results.Text(answer.ToJsonString(), "application/json");
        }));
        await app.StartAsync();
        _app = app;
        BaseUrl = app.BaseUrl();
        Options.BotBaseUrl = BaseUrl;
        Options.PublicBaseUrl = BaseUrl;
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await LoopbackApp.StopAsync(_app);
        Teams.Dispose();
    }

    /// <summary>An Adaptive Card with a title and, when <paramref name="verb"/> is set, an Action.Execute.</summary>
    protected static JsonObject Card(string title, string? verb, string? refreshFor = null)
    {
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = title, ["weight"] = "Bolder", ["wrap"] = true }),
        };
        if (verb is not null)
            card["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.Execute", ["id"] = verb, ["title"] = verb, ["verb"] = verb, ["data"] = new JsonObject { ["deployment"] = "dep-1" } });
        if (refreshFor is not null)
            card["refresh"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "refresh", ["data"] = new JsonObject { ["deployment"] = "dep-1" } }, ["userIds"] = new JsonArray(refreshFor) };
        return card;
    }

    /// <summary>A message activity carrying <paramref name="card"/>.</summary>
    protected static JsonObject CardActivity(JsonObject card) => new()
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["content"] = card }),
    };

    /// <summary>A connector token from the fake token endpoint, with the sandbox app's credentials.</summary>
    protected async Task<string> TokenAsync(string? secret = null)
    {
        using var response = await Http.PostAsync(new Uri(BaseUrl, $"teams-login/{Options.TenantId}/oauth2/v2.0/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = Options.AppId,
            ["client_secret"] = secret ?? Options.AppPassword,
            ["scope"] = Options.Scope,
        }));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
    }

    /// <summary>Calls the connector (path relative to <c>teams-connector/</c>) with <paramref name="token"/>, or none.</summary>
    protected async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> ConnectorAsync(HttpMethod method, string path, JsonNode? body, string? token)
    {
        using var request = new HttpRequestMessage(method, new Uri(Options.ServiceUrl, path));
        if (body is not null)
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response);
    }

    /// <summary>A new channel post of <paramref name="card"/> through <c>POST v3/conversations</c>: its thread's conversation id and its activity id.</summary>
    protected async Task<(string ConversationId, string ActivityId)> PostCardAsync(string token, JsonObject card, string channel = Deployments)
    {
        var (status, body, _) = await ConnectorAsync(HttpMethod.Post, "v3/conversations", new JsonObject
        {
            ["isGroup"] = true,
            ["channelData"] = new JsonObject { ["channel"] = new JsonObject { ["id"] = channel }, ["tenant"] = new JsonObject { ["id"] = Options.TenantId } },
            ["activity"] = CardActivity(card),
            ["tenantId"] = Options.TenantId,
        }, token);
        Assert.Equal(HttpStatusCode.Created, status);
        return (body!["id"]!.GetValue<string>(), body["activityId"]!.GetValue<string>());
    }
}
