using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Sandbox.Slack;

namespace OpsBot.Sandbox.Tests.Slack;

/// <summary>
/// A <see cref="FakeSlackServer"/> on 127.0.0.1 per test, over a workspace on a <see cref="FakeTimeProvider"/>, seeded
/// with alice and bob, #deploys (everyone) and #private (alice only), and the approvers group; plus an HttpClient and
/// helpers that call the Web API the way a Slack client does.
/// </summary>
public abstract class SlackTestBase : IAsyncLifetime
{
    protected const string Token = "xoxb-sandbox";
    protected const string Bot = "U0OPSBOT";
    protected const string Deploys = "C0DEPLOYS";
    protected const string Private = "C0PRIVATE";
    protected const string Alice = "U0ALICE";
    protected const string Bob = "U0BOB";

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 11, 14, 9, 30, 0, TimeSpan.Zero));

    protected FakeSlackWorkspace Workspace { get; }

    protected FakeSlackServer Server { get; }

    protected HttpClient Http { get; } = new();

    protected SlackTestBase()
    {
        Workspace = new FakeSlackWorkspace(Time)
            .AddUser(Alice, "alice")
            .AddUser(Bob, "bob")
            .AddChannel(Deploys, "deploys")
            .AddChannel(Private, "private", Alice)
            .AddUserGroup("S0APPROVERS", Alice, Bob);
        Server = new FakeSlackServer(Workspace);
    }

    public Task InitializeAsync() => Server.StartAsync();

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>Calls a method with a JSON body (<c>application/json; charset=utf-8</c>) and the bot token.</summary>
    protected Task<Answer> JsonAsync(string method, object body, string? token = Token) =>
        SendAsync(method, new StringContent(JsonBody(body), Encoding.UTF8, "application/json"), token);

    /// <summary>Calls a method with form fields (<c>application/x-www-form-urlencoded</c>) and the bot token.</summary>
    protected Task<Answer> FormAsync(string method, IEnumerable<KeyValuePair<string, string>> fields, string? token = Token) =>
        SendAsync(method, new FormUrlEncodedContent(fields), token);

    protected async Task<Answer> SendAsync(string method, HttpContent? content, string? token = Token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.ApiUrl, method)) { Content = content };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, response.Headers.RetryAfter?.Delta, response.Content.Headers.ContentType?.ToString(),
            JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>Posts a bot message and answers its ts.</summary>
    protected async Task<string> PostAsync(string text, string channel = Deploys, string? threadTs = null)
    {
        var body = new JsonObject { ["channel"] = channel, ["text"] = text };
        if (threadTs is not null)
            body["thread_ts"] = threadTs;
        var answer = await JsonAsync("chat.postMessage", body);
        Assert.True(answer.Ok, answer.ToString());
        return answer.String("ts")!;
    }

    protected static string JsonBody(object body) => body is JsonNode node ? node.ToJsonString() : System.Text.Json.JsonSerializer.Serialize(body);

    protected static KeyValuePair<string, string> F(string key, string value) => new(key, value);

    /// <summary>What the fake answered: the HTTP status, Retry-After, Content-Type and the JSON body.</summary>
    protected sealed record Answer(HttpStatusCode Status, TimeSpan? RetryAfter, string? ContentType, JsonObject Body)
    {
        public bool Ok => Body["ok"]?.GetValue<bool>() == true;

        public string? Error => Body["error"]?.GetValue<string>();

        public string? String(string name) => Body[name]?.GetValue<string>();

        public override string ToString() => $"{(int)Status} {Body.ToJsonString()}";
    }
}
