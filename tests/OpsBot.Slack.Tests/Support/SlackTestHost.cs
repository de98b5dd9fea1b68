using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpsBot.Core;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;
using OpsBot.Slack.WebApi;
using OpsBot.Slack.Work;
using OpsBot.Storage;
using OpsBot.Testing;

namespace OpsBot.Slack.Tests.Support;

/// <summary>
/// A minimal web host on a TestServer: OpsBot's real Core and SQLite storage with the test fakes of AWS (as
/// <see cref="OpsBotHarness"/> wires them), the Slack adapter through <c>AddSlack</c>/<c>MapSlack</c>, and
/// <see cref="FakeSlackApi"/> behind its HTTP client. Requests are signed with <see cref="SigningSecret"/> at the fake
/// clock's time.
/// </summary>
public sealed class SlackTestHost : IAsyncDisposable
{
    public const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5-test";
    public const string BotToken = "xoxb-1234-5678-test";

    private readonly string _database = Path.Combine(Path.GetTempPath(), $"opsbot-slack-{Guid.NewGuid():N}.db");
    private int _trigger;

    private SlackTestHost()
    {
        Lambda = new FakeLambda();
        foreach (var (env, environment) in Options.Environments)
        {
            foreach (var (fn, function) in environment.Functions)
                Lambda.Seed(env, fn, versions: 5, live: "4", function.Alias);
        }
    }

    /// <summary>The host's clock (2026-11-27 08:00 UTC), which also says when a timer is armed.</summary>
    public TimerWatchingTimeProvider Time { get; } = new();

    public OpsBotOptions Options { get; } = TestOptions.Create();

    public FakeLambda Lambda { get; }

    public FakeSlackApi Slack { get; } = new();

    public WebApplication App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public IDeploymentStore Store => App.Services.GetRequiredService<IDeploymentStore>();

    public IAuditLog Audit => App.Services.GetRequiredService<IAuditLog>();

    internal SlackWorkQueue Queue => App.Services.GetRequiredService<SlackWorkQueue>();

    /// <param name="settings">Configuration on top of Slack on with the test secrets and the fake API.</param>
    /// <param name="services">Replaces services after everything is registered (a gated port, ...).</param>
    public static async Task<SlackTestHost> StartAsync(IDictionary<string, string?>? settings = null, Action<SlackTestHost, IServiceCollection>? services = null)
    {
        var host = new SlackTestHost();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning);
        var config = new Dictionary<string, string?>
        {
            ["OpsBot:Slack:SigningSecret"] = SigningSecret,
            ["OpsBot:Slack:BotToken"] = BotToken,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            config[key] = value;
        builder.Configuration.AddInMemoryCollection(config);

        var s = builder.Services;
        s.AddOpsBotForTests(host.Options, host.Time, host._database, host.Lambda);
        s.AddSlack(builder.Configuration);
        s.AddHttpClient(SlackWebApiClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => host.Slack);
        services?.Invoke(host, s);

        host.App = builder.Build();
        host.App.MapSlack();
        await host.App.StartAsync();
        host.Client = host.App.GetTestClient();
        return host;
    }

    public string NextTrigger() => $"13345224609.{Interlocked.Increment(ref _trigger)}.8a7b6c5d4e3f2a1b";

    public long Now => Time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>A slash command's form, as Slack posts it.</summary>
    public static string CommandForm(string command, string text, string user = "U0ALICE", string channel = "C0DEPLOYS", string? trigger = null,
        string userName = "alice", string responseUrl = "https://hooks.slack.com/commands/T0TEAM/1234/abcd") =>
        Form(new()
        {
            ["token"] = "deprecated-verification-token",
            ["team_id"] = "T0TEAM",
            ["team_domain"] = "ons",
            ["channel_id"] = channel,
            ["channel_name"] = "deploys",
            ["user_id"] = user,
            ["user_name"] = userName,
            ["command"] = command,
            ["text"] = text,
            ["api_app_id"] = "A0OPSBOT",
            ["is_enterprise_install"] = "false",
            ["response_url"] = responseUrl,
            ["trigger_id"] = trigger ?? "13345224609.738474920.8ee1",
        });

    /// <summary>A block_actions payload for a click on <paramref name="value"/>.</summary>
    public static JsonObject Click(string value, string user = "U0BOB", string channel = "C0DEPLOYS", string trigger = "13345224609.1.click",
        string action = "Promote") => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = user, ["username"] = user.ToLowerInvariant(), ["name"] = user.ToLowerInvariant(), ["team_id"] = "T0TEAM" },
        ["api_app_id"] = "A0OPSBOT",
        ["token"] = "deprecated",
        ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = "1764230400.000001", ["channel_id"] = channel, ["is_ephemeral"] = false },
        ["trigger_id"] = trigger,
        ["team"] = new JsonObject { ["id"] = "T0TEAM", ["domain"] = "ons" },
        ["channel"] = new JsonObject { ["id"] = channel, ["name"] = "deploys" },
        ["message"] = new JsonObject { ["ts"] = "1764230400.000001", ["text"] = "card" },
        ["response_url"] = "https://hooks.slack.com/actions/T0TEAM/1/xyz",
        ["actions"] = new JsonArray(new JsonObject
        {
            ["type"] = "button",
            ["action_id"] = action,
            ["block_id"] = "actions",
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = action },
            ["value"] = value,
            ["action_ts"] = "1764230401.000002",
        }),
    };

    public static string InteractionForm(JsonObject payload) => Form(new() { ["payload"] = payload.ToJsonString() });

    public static string Form(Dictionary<string, string> fields) =>
        string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));

    /// <summary>POSTs <paramref name="body"/> signed with the test secret at <paramref name="timestamp"/> (default: now).</summary>
    public Task<HttpResponseMessage> PostSignedAsync(string path, string body, string contentType = "application/x-www-form-urlencoded",
        long? timestamp = null, string? secret = null, Action<HttpRequestMessage>? change = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var ts = timestamp ?? Now;
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", SlackRequests.Sign(secret ?? SigningSecret, ts, bytes));
        change?.Invoke(request);
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> CommandAsync(string command, string text, string user = "U0ALICE", string channel = "C0DEPLOYS", string? trigger = null) =>
        PostSignedAsync("/slack/commands", CommandForm(command, text, user, channel, trigger ?? NextTrigger()));

    /// <summary>Waits (real time, generous) until the queue has worked on <paramref name="count"/> items in all.</summary>
    public async Task SettleAsync(long count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (Queue.Completed < count)
        {
            if (cts.IsCancellationRequested)
                throw new TimeoutException($"the Slack queue worked on {Queue.Completed} of {count} items");
            await Task.Delay(5, CancellationToken.None);
        }
    }

    public async Task<IReadOnlyList<Deployment>> DeploymentsAsync() =>
        [.. (await Store.ListActiveAsync(CancellationToken.None))];

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_database + suffix);
    }
}
