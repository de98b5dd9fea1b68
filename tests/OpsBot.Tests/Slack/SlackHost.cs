using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Core.Runner;
using OpsBot.Sandbox.Slack;
using OpsBot.Testing;
using OpsBot.Tests.Hosting;

namespace OpsBot.Tests.Slack;

/// <summary>
/// The whole host (Slack endpoints, Core, SQLite, outbox) on a fake clock, talking to the fake of Slack's Web API on
/// 127.0.0.1, with the AWS ports on the Core fakes. Requests are signed the way Slack signs them.
/// </summary>
public sealed class SlackHost : IAsyncDisposable
{
    public const string Secret = "host-test-signing-secret";
    public const string Channel = "C0DEPLOYS";

    private SlackHost(FakeSlackServer slack, OpsBotFactory bot, HttpClient client)
    {
        Slack = slack;
        Bot = bot;
        Client = client;
    }

    public FakeSlackServer Slack { get; }

    public FakeSlackWorkspace Workspace => Slack.Workspace;

    public OpsBotFactory Bot { get; }

    public HttpClient Client { get; }

    public FakeTimeProvider Time => Bot.Time!;

    public DeploymentRunner Runner => Bot.Services.GetRequiredService<DeploymentRunner>();

    public static async Task<SlackHost> StartAsync(Action<OpsBotFactory>? configure = null)
    {
        var workspace = new FakeSlackWorkspace()
            .AddUser("U0ALICE", "alice").AddUser("U0BOB", "bob").AddUser("U0CAROL", "carol")
            .AddChannel(Channel, "deploys", "U0ALICE", "U0BOB", "U0CAROL", "U0OPSBOT");
        var slack = new FakeSlackServer(workspace, new FakeSlackOptions { BotToken = "xoxb-host-test" });
        await slack.StartAsync();
        var bot = new OpsBotFactory { Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero)) };
        bot.Settings["OpsBot:Slack:SigningSecret"] = Secret;
        bot.Settings["OpsBot:Slack:BotToken"] = "xoxb-host-test";
        bot.Settings["OpsBot:Slack:ApiBaseUrl"] = slack.ApiUrl.ToString();
        bot.Settings["OpsBot:Slack:ResponseUrlHosts:0"] = "127.0.0.1";
        bot.Settings["OpsBot:Slack:UploadUrlHosts:0"] = "127.0.0.1";
        bot.Settings["OpsBot:Runner:MetricLag"] = "00:00:00";
        bot.Settings["OpsBot:Runner:CardUpdateInterval"] = "00:00:00";
        configure?.Invoke(bot);
        var client = bot.CreateClient();
        return new SlackHost(slack, bot, client);
    }

    /// <summary>A slash command as Slack sends it: form-encoded, signed, with a response_url into the fake.</summary>
    public Task<HttpResponseMessage> CommandAsync(string user, string text, string command = "/deploy", string? triggerId = null) =>
        PostAsync("/slack/commands", SlackRequests.SlashCommand(user, Channel, command, text, Slack.MintResponseUrl(Channel, user), triggerId), SlackRequests.FormContentType);

    /// <summary>A click on a card's button as Slack sends it (block_actions).</summary>
    public Task<HttpResponseMessage> ClickAsync(string user, JsonObject button, string messageTs) =>
        PostAsync("/slack/interactions", SlackRequests.BlockActions(user, Channel, messageTs, button, Slack.MintResponseUrl(Channel, user, messageTs), Time.GetUtcNow()),
            SlackRequests.FormContentType);

    public async Task<HttpResponseMessage> PostAsync(string path, string body, string contentType, string? secret = null, DateTimeOffset? at = null)
    {
        using var request = SlackRequests.Signed(new Uri(path, UriKind.Relative), body, secret ?? Secret, at ?? Time.GetUtcNow(), contentType);
        return await Client.SendAsync(request);
    }

    /// <summary>The deployment cards in the channel (the bot's top-level messages), oldest first.</summary>
    public IReadOnlyList<FakeSlackMessage> Cards() =>
        [.. Workspace.Messages(Channel).Where(m => m.ThreadTs is null && !m.IsEphemeral && m.User == "U0OPSBOT" && m.Blocks is not null)];

    /// <summary>Everything a card shows, as one text (block texts, fields, buttons).</summary>
    public static string Text(FakeSlackMessage card) => string.Join("\n", Strings(JsonNode.Parse(card.Blocks!)!));

    public static IReadOnlyList<JsonObject> Buttons(FakeSlackMessage card) =>
        [.. JsonNode.Parse(card.Blocks!)!.AsArray().Where(b => (string?)b!["type"] == "actions").SelectMany(b => b!["elements"]!.AsArray()).Select(e => (JsonObject)e!)];

    public static JsonObject Button(FakeSlackMessage card, string action) =>
        Buttons(card).Single(b => b["value"]!.GetValue<string>().EndsWith("|" + action, StringComparison.Ordinal));

    /// <summary>Moves the clock on one poll interval at a time and lets the runner finish each poll.</summary>
    public async Task PollForAsync(TimeSpan span, TimeSpan? interval = null)
    {
        var step = interval ?? TimeSpan.FromSeconds(30);
        for (var elapsed = TimeSpan.Zero; elapsed < span; elapsed += step)
        {
            var cycles = Runner.Cycles;
            Time.Advance(step);
            await UntilAsync(() => Runner.Cycles > cycles, "the runner did not poll");
        }
    }

    /// <summary>Waits for background work (the acknowledged request's work, the outbox) to get somewhere.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var give = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < give, what);
            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Bot.DisposeAsync();
        await Slack.DisposeAsync();
    }

    private static IEnumerable<string> Strings(JsonNode node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : Strings(p.Value)),
        JsonArray a => a.SelectMany(e => e is null ? [] : Strings(e)),
        _ => [],
    };
}
