using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpsBot.Sandbox;
using OpsBot.Sandbox.Aws.AppConfig;
using OpsBot.Sandbox.ChatConsole;
using OpsBot.Sandbox.Slack;

namespace OpsBot.Sandbox.Tests.ChatConsole;

/// <summary>
/// A sandbox-like host on 127.0.0.1 per test, as <c>opsbot sandbox</c> will compose it: the fake Slack Web API and the
/// chat console over one workspace (on the real clock: the bot checks signature timestamps against its own), plus a
/// <c>/sandbox/faults</c> that records what it is sent (and lists prod's InfluxDB as slow) and the real <c>/sandbox/flags</c> over <see cref="Flags"/>' worlds; and the
/// stub bot on its own port, signed with the same secret.
/// </summary>
public abstract class ConsoleTestBase : IAsyncLifetime
{
    protected const string Secret = "sandbox-signing-secret";
    protected const string Alice = "U0ALICE";
    protected const string Bob = "U0BOB";
    protected const string Carol = "U0CAROL";
    protected const string Deploys = "C0DEPLOYS";
    protected const string Bot = "U0OPSBOT";

    private WebApplication? _app;

    protected FakeSlackWorkspace Workspace { get; } = new();

    protected SandboxConsoleOptions Options { get; } = new();

    internal StubBot StubBot { get; } = new(Secret);

    /// <summary>Dev's and prod's AppConfig, which the page's Flags panel reads through <c>GET /sandbox/flags</c>.</summary>
    internal FlagWorlds Flags { get; } = new();

    /// <summary>The sandbox's address: the page is at its root.</summary>
    protected Uri BaseUrl { get; private set; } = null!;

    protected HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>What <c>/sandbox/faults</c> was sent: method, query string, body.</summary>
    protected ConcurrentQueue<(string Method, string Query, string Body)> FaultCalls { get; } = new();

    public virtual async Task InitializeAsync()
    {
        await StubBot.StartAsync();
        Options.BotBaseUrl = StubBot.BaseUrl;

        var app = LoopbackApp.CreateBuilder().Build();
        app.MapFakeSlackApi(Workspace, new FakeSlackOptions());
        app.MapSandboxConsole(Workspace, Options);
        app.MapMethods("/sandbox/faults", [HttpMethods.Post, HttpMethods.Delete], (Delegate)(async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            FaultCalls.Enqueue((http.Request.Method, http.Request.QueryString.Value ?? "", body));
            var json = JsonNode.Parse(body.Length > 0 ? body : "{}")!.AsObject();
            var answer = new JsonObject { ["ok"] = true, ["message"] = $"The stub heard {http.Request.Method}." };
            if (json["influxdb"] is { } state)
            {
                answer["message"] = $"The stub heard {http.Request.Method} for {json["environment"]}'s InfluxDB: {state}.";
                answer["influxdb"] = new JsonObject { ["environment"] = json["environment"]?.DeepClone(), ["state"] = state.DeepClone() };
            }
            if (json["dlq"] is { } dlq)
                answer["message"] = $"The stub heard {http.Request.Method} for {dlq}-dlq: {json["messages"]} messages.";
            return Results.Text(answer.ToJsonString(), "application/json");
        }));
        // What the console reads when it opens: prod's InfluxDB is slow, dev's up (the switches must show it).
        app.MapGet("/sandbox/faults", () => Results.Text("""
            {"faults":[],"influxdb":[{"environment":"dev","state":"up","latencyMs":0,"url":"http://127.0.0.1:1/"},
            {"environment":"prod","state":"slow","latencyMs":2000,"url":"http://127.0.0.1:2/"}],"deadLetterQueues":[],"message":"prod's InfluxDB is slow."}
            """, "application/json"));
        app.MapSandboxFlags(Flags.Environments);
        await app.StartAsync();
        _app = app;
        BaseUrl = app.BaseUrl();
        StubBot.SlackApiUrl = new Uri(BaseUrl, "api/");
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        await StubBot.DisposeAsync();
        await Flags.DisposeAsync();
    }

    /// <summary>POSTs JSON to a console endpoint; answers the HTTP status and the JSON body.</summary>
    protected async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(new Uri(BaseUrl, path), body);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    protected Task<(HttpStatusCode Status, JsonObject Body)> CommandAsync(string user, string command, string text, string channel = Deploys) =>
        PostAsync("sandbox/console/command", new { user, channel, command, text });

    /// <summary>The one root message the stub bot posted in #deploys: its card.</summary>
    protected FakeSlackMessage Card() => Assert.Single(Workspace.Messages(Deploys), m => m.ThreadTs is null && m.User == Bot);
}
