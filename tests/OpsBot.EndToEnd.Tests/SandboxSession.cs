using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;
using OpsBot.Hosting;
using OpsBot.Testing;

namespace OpsBot.EndToEnd.Tests;

/// <summary>
/// A person in the sandbox, as Slack would relay them: signed slash commands and clicks to the bot's real
/// <c>/slack/*</c> endpoints, and the channel read back through the fake Slack's <c>/sandbox/messages</c>.
/// </summary>
public sealed class SandboxSession(SandboxApp sandbox)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public SandboxApp Sandbox { get; } = sandbox;

    public async Task<HttpResponseMessage> CommandAsync(string user, string channel, string text, string command = "/deploy", string? secret = null)
    {
        var responseUrl = new Uri(Sandbox.BaseUrl, $"response/{Sandbox.Slack.MintResponseToken(channel, user)}");
        return await PostAsync("slack/commands", SlackRequests.SlashCommand(user, channel, command, text, responseUrl), secret);
    }

    public async Task<HttpResponseMessage> ClickAsync(string user, string channel, string messageTs, JsonObject button)
    {
        var responseUrl = new Uri(Sandbox.BaseUrl, $"response/{Sandbox.Slack.MintResponseToken(channel, user, messageTs)}");
        return await PostAsync("slack/interactions", SlackRequests.BlockActions(user, channel, messageTs, button, responseUrl, DateTimeOffset.UtcNow));
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string body, string? secret = null)
    {
        using var request = SlackRequests.Signed(new Uri(Sandbox.BaseUrl, path), body, secret ?? Sandbox.Settings.SlackSigningSecret, DateTimeOffset.UtcNow);
        return await Http.SendAsync(request);
    }

    /// <summary>The channel history as the console sees it: GET /sandbox/messages.</summary>
    public async Task<JsonArray> MessagesAsync(string channel) =>
        (JsonNode.Parse(await Http.GetStringAsync(new Uri(Sandbox.BaseUrl, $"sandbox/messages?channel={channel}"))) as JsonArray)
        ?? throw new InvalidOperationException("/sandbox/messages did not answer a JSON array");

    /// <summary>Waits (on the wall clock: the sandbox runs in real time) for the card of <paramref name="function"/> to show <paramref name="text"/>.</summary>
    public async Task<JsonObject> CardAsync(string channel, string function, string text, TimeSpan? within = null)
    {
        var give = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(120));
        string last = "(no card)";
        while (DateTime.UtcNow < give)
        {
            var cards = (await MessagesAsync(channel)).OfType<JsonObject>()
                .Where(m => m["thread_ts"] is null && m["ephemeral_to"] is null && m["blocks"] is not null && Text(m).Contains(function + ":live", StringComparison.Ordinal))
                .ToList();
            if (cards.Count > 0)
            {
                last = Text(cards[^1]);
                if (last.Contains(text, StringComparison.Ordinal))
                    return cards[^1];
            }
            await Task.Delay(250);
        }
        throw new Xunit.Sdk.XunitException($"The card of {function} in {channel} never showed '{text}'. Last:\n{last}");
    }

    /// <summary>
    /// Waits for the newest flag card of <paramref name="environment"/> whose text contains <paramref name="flag"/> to
    /// show <paramref name="text"/>.
    /// </summary>
    public async Task<JsonObject> FlagCardAsync(string channel, string environment, string flag, string text, TimeSpan? within = null)
    {
        var give = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(120));
        string last = "(no flag card)";
        while (DateTime.UtcNow < give)
        {
            var card = (await MessagesAsync(channel)).OfType<JsonObject>()
                .Where(m => m["thread_ts"] is null && m["ephemeral_to"] is null && m["blocks"] is not null)
                .LastOrDefault(m => Text(m).Contains($"Feature flags ({environment})", StringComparison.Ordinal) && Text(m).Contains(flag, StringComparison.Ordinal));
            if (card is not null)
            {
                last = Text(card);
                if (last.Contains(text, StringComparison.Ordinal))
                    return card;
            }
            await Task.Delay(250);
        }
        throw new Xunit.Sdk.XunitException($"The flag card of {flag} in {channel} never showed '{text}'. Last:\n{last}");
    }

    /// <summary>Waits for an answer only <paramref name="user"/> sees (an ephemeral message) that contains <paramref name="text"/>.</summary>
    public async Task<string> EphemeralAsync(string channel, string user, string text, TimeSpan? within = null) =>
        Text(await EphemeralMessageAsync(channel, user, text, within));

    /// <summary>The ephemeral message itself (its ts, blocks and buttons), as <see cref="EphemeralAsync"/> finds it.</summary>
    public async Task<JsonObject> EphemeralMessageAsync(string channel, string user, string text, TimeSpan? within = null)
    {
        var give = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < give)
        {
            var answer = (await MessagesAsync(channel)).OfType<JsonObject>()
                .Where(m => (string?)m["ephemeral_to"] == user)
                .LastOrDefault(m => Text(m).Contains(text, StringComparison.Ordinal));
            if (answer is not null)
                return answer;
            await Task.Delay(250);
        }
        throw new Xunit.Sdk.XunitException($"{user} never got an answer in {channel} containing '{text}'.");
    }

    public static string Text(JsonObject message) => string.Join("\n", Strings(message["blocks"] ?? message["text"]!));

    /// <summary>The card's button for <paramref name="action"/> (its value ends in <c>|Action</c>).</summary>
    public static JsonObject Button(JsonObject card, string action) =>
        Buttons(card).Single(e => e["value"]?.GetValue<string>().EndsWith("|" + action, StringComparison.Ordinal) == true); // a select has no value

    /// <summary>Every button of a message.</summary>
    public static IEnumerable<JsonObject> Buttons(JsonObject message)
    {
        var blocks = message["blocks"] switch
        {
            JsonArray a => a,
            JsonValue v => JsonNode.Parse(v.GetValue<string>())!.AsArray(),
            _ => [],
        };
        return blocks.OfType<JsonObject>().Where(b => (string?)b["type"] == "actions").SelectMany(b => b["elements"]!.AsArray()).OfType<JsonObject>();
    }

    /// <summary>The alias as AWS (the emulator's world of the environment's region) holds it, read through the bot's own AWS adapter over the wire.</summary>
    public Task<AliasTraffic> AliasAsync(string environment, string function) =>
        Sandbox.Bot.Services.GetRequiredService<ITrafficRouter>().ReadAsync(
            new FunctionTarget { Environment = environment, Function = function, Alias = "live", Region = Sandbox.Environments.Single(e => e.Name == environment).Region },
            CancellationToken.None);

    public static void Ok(HttpResponseMessage response) => Assert.Equal(HttpStatusCode.OK, response.StatusCode);


    private static IEnumerable<string> Strings(JsonNode node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s.TrimStart().StartsWith('[') ? Strings(JsonNode.Parse(s)!) : [s],
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : Strings(p.Value)),
        JsonArray arr => arr.SelectMany(e => e is null ? [] : Strings(e)),
        _ => [],
    };
}
