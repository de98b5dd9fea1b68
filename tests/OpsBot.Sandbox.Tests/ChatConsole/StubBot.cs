using OpsBot.Testing;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Tests.ChatConsole;

/// <summary>
/// A stand-in for OpsBot's Slack side, on its own loopback port: <c>/slack/commands</c> and <c>/slack/interactions</c>
/// verify Slack's v0 signature as OpsBot does (HMAC-SHA256 of <c>v0:{ts}:{raw body}</c>, 5-minute window, constant-time
/// compare; 401 otherwise) and record every request. <c>/deploy lambda_router</c> posts a card through the fake's Web
/// API, answers through the response_url and uploads a chart into the card's thread; <c>/deploy</c> alone is answered
/// with an ephemeral acknowledgement, <c>/rollback</c> with an in_channel one, <c>/deploy slow</c> only once
/// <see cref="ReleaseSlow"/> is called. A click updates the card in place and replies in its thread.
/// </summary>
internal sealed class StubBot(string signingSecret, string botToken = "xoxb-sandbox") : IAsyncDisposable
{
    private readonly ConcurrentQueue<StubRequest> _received = new();
    private readonly ConcurrentDictionary<string, (string Channel, string Ts, string Requester)> _cards = new();
    private readonly TaskCompletionSource _slow = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HttpClient _slack = new();
    private WebApplication? _app;
    private int _deployments;

    /// <summary>Where the fake Slack Web API is (<c>{base}/api/</c>); set before the first command.</summary>
    public Uri SlackApiUrl { get; set; } = null!;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<StubRequest> Received => [.. _received];

    public async Task StartAsync()
    {
        var app = LoopbackApp.CreateBuilder().Build();
        app.MapPost("/slack/commands", (Delegate)((HttpContext http) => CommandAsync(http)));
        app.MapPost("/slack/interactions", (Delegate)((HttpContext http) => InteractionAsync(http)));
        await app.StartAsync();
        _app = app;
        BaseUrl = app.BaseUrl();
    }

    /// <summary>Lets a held <c>/deploy slow</c> answer.</summary>
    public void ReleaseSlow() => _slow.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        ReleaseSlow();
        _slack.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task<IResult> CommandAsync(HttpContext http)
    {
        if (await ReadAsync(http) is not { } request)
            return Results.Text("This request is not signed by Slack.", statusCode: StatusCodes.Status401Unauthorized);
        var form = request.Form.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var (command, text) = (form["command"], form["text"]);
        switch (command, text)
        {
            case ("/deploy", "" or "help"):
                return Json(new JsonObject { ["response_type"] = "ephemeral", ["text"] = ":warning: Say which function.\n*Usage*\n```/deploy <function> [version]```" });
            case ("/deploy", "slow"):
                await _slow.Task.WaitAsync(http.RequestAborted);
                return Results.Ok();
            case ("/deploy", _) when text.StartsWith("lambda_router", StringComparison.Ordinal):
                await DeployAsync(form);
                return Results.Ok();
            case ("/rollback", _):
                return Json(new JsonObject { ["response_type"] = "in_channel", ["text"] = $":rewind: Rolling back *{text}*" });
            default:
                return Json(new JsonObject { ["text"] = $"No idea what {command} {text} means." });
        }
    }

    private async Task DeployAsync(Dictionary<string, string> form)
    {
        var id = $"dep-{Interlocked.Increment(ref _deployments)}";
        var channel = form["channel_id"];
        var requester = form["user_id"];
        var posted = await CallAsync("chat.postMessage", new JsonObject
        {
            ["channel"] = channel,
            ["text"] = "lambda_router → v5: waiting for promotion",
            ["blocks"] = StubBotCard.Waiting(id, requester),
        });
        var ts = posted["ts"]!.GetValue<string>();
        _cards[id] = (channel, ts, requester);

        using (var answer = await _slack.PostAsJsonAsync(form["response_url"], new JsonObject
        {
            ["response_type"] = "ephemeral",
            ["text"] = $"Started `{id}`; follow the card in <#{channel}>.",
        }))
            answer.EnsureSuccessStatusCode();

        var chart = ChartPng.ErrorRateChart();
        var ticket = await CallAsync("files.getUploadURLExternal", new JsonObject { ["filename"] = "error-rate.png", ["length"] = chart.Length });
        using (var upload = await _slack.PostAsync(ticket["upload_url"]!.GetValue<string>(), new ByteArrayContent(chart)))
            upload.EnsureSuccessStatusCode();
        await CallAsync("files.completeUploadExternal", new JsonObject
        {
            ["files"] = new JsonArray { new JsonObject { ["id"] = ticket["file_id"]!.GetValue<string>(), ["title"] = "Error rate, canary vs stable" } }.ToJsonString(),
            ["channel_id"] = channel,
            ["thread_ts"] = ts,
        });
    }

    private async Task<IResult> InteractionAsync(HttpContext http)
    {
        if (await ReadAsync(http) is not { } request)
            return Results.Text("This request is not signed by Slack.", statusCode: StatusCodes.Status401Unauthorized);
        var payload = request.Payload!;
        var action = payload["actions"]![0]!;
        var id = action["value"]!.GetValue<string>().Split('|')[0];
        var actor = payload["user"]!["id"]!.GetValue<string>();
        var verb = action["action_id"]!.GetValue<string>();
        if (!_cards.TryGetValue(id, out var card))
            return Results.Ok();
        await CallAsync("chat.update", new JsonObject
        {
            ["channel"] = card.Channel,
            ["ts"] = card.Ts,
            ["text"] = $"lambda_router → v5: {verb} by {actor}",
            ["blocks"] = StubBotCard.Done(id, card.Requester, actor, verb),
        });
        await CallAsync("chat.postMessage", new JsonObject
        {
            ["channel"] = card.Channel,
            ["thread_ts"] = card.Ts,
            ["text"] = $"<@{actor}> clicked *{action["text"]!["text"]!.GetValue<string>()}* on `{id}`",
        });
        return Results.Ok();
    }

    /// <summary>Reads and verifies a request exactly as OpsBot's SlackRequestVerifier does; records it either way.</summary>
    private async Task<StubRequest?> ReadAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.ToArray();
        var timestamp = Single(http.Request.Headers["X-Slack-Request-Timestamp"]);
        var signature = Single(http.Request.Headers["X-Slack-Signature"]);
        var request = new StubRequest(http.Request.Path.Value!, http.Request.ContentType, timestamp, signature, body, Verify(timestamp, signature, body));
        _received.Enqueue(request);
        return request.Verdict == "valid" ? request : null;
    }

    private string Verify(string? timestamp, string? signature, byte[] body)
    {
        if (timestamp is null || signature is null)
            return "missing headers";
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return "malformed timestamp";
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
            return "stale";
        var expected = Encoding.ASCII.GetBytes(SlackRequests.Sign(signingSecret, long.Parse(timestamp, CultureInfo.InvariantCulture), body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)) ? "valid" : "wrong signature";
    }


    private async Task<JsonObject> CallAsync(string method, JsonObject arguments)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(SlackApiUrl, method))
        {
            Content = new StringContent(arguments.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", botToken);
        using var response = await _slack.SendAsync(request);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        if (answer["ok"]?.GetValue<bool>() != true)
            throw new InvalidOperationException($"{method} failed: {answer.ToJsonString()}");
        return answer;
    }

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json; charset=utf-8");

    private static string? Single(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 1 ? values[0] : null;
}

/// <summary>One request the stub bot received: where, the signature headers, the raw body, and its verdict.</summary>
internal sealed record StubRequest(string Path, string? ContentType, string? Timestamp, string? Signature, byte[] Body, string Verdict)
{
    /// <summary>The form fields in the order they were sent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Form =>
    [
        .. Encoding.UTF8.GetString(Body).Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            return new KeyValuePair<string, string>(WebUtility.UrlDecode(eq < 0 ? pair : pair[..eq]), eq < 0 ? "" : WebUtility.UrlDecode(pair[(eq + 1)..]));
        }),
    ];

    /// <summary>The interaction payload, for a request to <c>/slack/interactions</c>.</summary>
    public JsonObject? Payload => Form.FirstOrDefault(f => f.Key == "payload").Value is { } json ? JsonNode.Parse(json)!.AsObject() : null;
}
