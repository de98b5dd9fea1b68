using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OpsBot.Hosting;

namespace OpsBot.EndToEnd.Tests;

/// <summary>
/// A person in the sandbox's Teams channels, through the same endpoints as the console page: a message to the bot
/// (sent by the sandbox as a signed activity to the bot's real <c>/teams/messages</c>), a click on a card's
/// Action.Execute (an <c>adaptiveCard/action</c> invoke, answered in the response), and the channel as the fake Bot
/// Connector holds it: posts, their threads, and cards updated in place.
/// </summary>
public sealed class TeamsSession(SandboxApp sandbox)
{
    public const string ProdChannel = "19:sandbox-deploys@thread.tacv2";
    private readonly HttpClient _http = new() { BaseAddress = sandbox.BaseUrl };

    public SandboxApp Sandbox { get; } = sandbox;

    /// <summary>Sends "@OpsBot {text}" as <paramref name="persona"/>; answers the bot's HTTP status.</summary>
    public async Task<int> SayAsync(string persona, string channel, string text)
    {
        var answer = await Post("sandbox/teams/console/message", new JsonObject { ["persona"] = persona, ["channel"] = channel, ["text"] = "@OpsBot " + text });
        return answer["status"]!.GetValue<int>();
    }

    /// <summary>Clicks the card's button titled <paramref name="title"/> as <paramref name="persona"/>: the invoke response (statusCode, type, value).</summary>
    public async Task<JsonObject> ClickAsync(string persona, JsonObject post, string title)
    {
        var action = Actions(Card(post)).FirstOrDefault(a => a["title"]?.GetValue<string>() == title)
            ?? throw new Xunit.Sdk.XunitException($"No button {title} on the card: {string.Join(", ", Actions(Card(post)).Select(a => a["title"]))}");
        return await InvokeAsync(persona, post, action);
    }

    public async Task<JsonObject> InvokeAsync(string persona, JsonObject post, JsonObject action)
    {
        var answer = await Post("sandbox/teams/console/invoke", new JsonObject
        {
            ["persona"] = persona,
            ["conversationId"] = post["conversationId"]!.GetValue<string>(),
            ["activityId"] = post["id"]!.GetValue<string>(),
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = action["verb"]!.GetValue<string>(), ["data"] = action["data"]!.DeepClone() },
            ["trigger"] = "manual",
        });
        Assert.Equal(200, answer["status"]!.GetValue<int>());
        return answer["invokeResponse"]!.AsObject();
    }

    public async Task<JsonArray> HistoryAsync(string channel) =>
        (await _http.GetFromJsonAsync<JsonArray>($"sandbox/teams/messages?channel={Uri.EscapeDataString(channel)}"))!;

    /// <summary>Waits (sandbox time runs fast; generous wall clock) for the card of <paramref name="function"/> whose text has <paramref name="text"/>.</summary>
    public async Task<JsonObject> CardAsync(string channel, string function, string text, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(45));
        string seen = "";
        while (DateTime.UtcNow < deadline)
        {
            foreach (var post in (await HistoryAsync(channel)).OfType<JsonObject>().Reverse())
            {
                if (post["id"]?.GetValue<string>() != post["threadId"]?.GetValue<string>() || Card(post) is not { } card)
                    continue;
                var cardText = Text(card);
                if (cardText.Contains(function + ":", StringComparison.Ordinal))
                {
                    seen = cardText;
                    if (cardText.Contains(text, StringComparison.Ordinal))
                        return post;
                    break;
                }
            }
            await Task.Delay(250);
        }
        throw new Xunit.Sdk.XunitException($"No card of {function} with '{text}' in {channel}; the latest one read:\n{seen}");
    }

    /// <summary>The texts of the replies in a post's thread, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ThreadAsync(string channel, JsonObject post) =>
        [.. (await HistoryAsync(channel)).OfType<JsonObject>()
            .Where(p => p["threadId"]?.GetValue<string>() == post["id"]!.GetValue<string>() && p["id"]?.GetValue<string>() != post["id"]!.GetValue<string>())
            .Select(p => p["text"]?.GetValue<string>() ?? (Card(p) is { } c ? Text(c) : ""))];

    public static JsonObject? Card(JsonObject post) =>
        post["attachments"]?.AsArray().OfType<JsonObject>().FirstOrDefault(a => a["contentType"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive")?["content"]?.AsObject();

    public static IEnumerable<JsonObject> Actions(JsonObject? card) =>
        card?["actions"]?.AsArray().OfType<JsonObject>() ?? [];

    /// <summary>Every text of a card (its TextBlocks and facts), one per line.</summary>
    public static string Text(JsonNode? node) => node switch
    {
        JsonObject o => string.Join("\n", o.Where(p => p.Key is "text" or "title" or "value" or "body" or "items" or "facts" or "columns")
            .Select(p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : Text(p.Value)).Where(s => s.Length > 0)),
        JsonArray a => string.Join("\n", a.Select(Text).Where(s => s.Length > 0)),
        _ => "",
    };

    private async Task<JsonObject> Post(string path, JsonObject body)
    {
        using var response = await _http.PostAsJsonAsync(path, body);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
