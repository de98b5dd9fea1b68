using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsBot.Core.Configuration;
using OpsBot.Hosting;

namespace OpsBot.EndToEnd.Tests;

/// <summary>The sandbox's own surfaces on the running sandbox: its accounts, its faults, its people, mentions in the console.</summary>
public sealed class SandboxSurfaceTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Accounts_tell_a_script_how_to_read_each_environments_world()
    {
        var s = await SharedSandbox.SessionAsync();
        var accounts = JsonNode.Parse(await Http.GetStringAsync(new Uri(s.Sandbox.BaseUrl, "sandbox/accounts")))!;

        var endpoint = s.Sandbox.Aws.BaseUrl.ToString();
        Assert.Equal(endpoint, accounts["endpointUrl"]!.GetValue<string>());
        var environments = accounts["environments"]!.AsObject();
        Assert.Equal(["dev", "prod"], environments.Select(e => e.Key).Order());
        foreach (var (name, region) in new[] { ("dev", "us-west-2"), ("prod", "us-east-1") })
        {
            var env = environments[name]!;
            Assert.Equal((region, "000000000000", "test", "test", endpoint),
                (env["region"]!.GetValue<string>(), env["accountId"]!.GetValue<string>(), env["accessKeyId"]!.GetValue<string>(),
                 env["secretAccessKey"]!.GetValue<string>(), env["endpointUrl"]!.GetValue<string>()));
            Assert.Contains($"--region {region}", env["cli"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        // The banner says the same to a person.
        Assert.Contains("--region us-west-2", s.Sandbox.Banner(), StringComparison.Ordinal);
        Assert.Contains("sandbox/accounts", s.Sandbox.Banner(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"function":"lambda_router","version":"5","errorRate":0.3}""", "'environment' is required: dev or prod")]
    [InlineData("""{"environment":"prod","function":"lambda_router","version":"7","errorRate":0.3}""", "lambda_router has no version 7 in prod (its versions are 1, 2, 3, 4, 5)")]
    public async Task A_fault_without_an_environment_or_on_a_version_that_does_not_exist_is_refused(string body, string error)
    {
        var s = await SharedSandbox.SessionAsync();
        var response = await Http.PostAsync(new Uri(s.Sandbox.BaseUrl, "sandbox/faults"), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.StartsWith(error, answer["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("Refused: ", answer["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_consoles_people_carry_the_roles_the_bot_enforces()
    {
        var s = await SharedSandbox.SessionAsync();
        var config = JsonNode.Parse(await Http.GetStringAsync(new Uri(s.Sandbox.BaseUrl, "sandbox/console/config")))!;

        Assert.Equal([("alice", "deployer"), ("bob", "approver"), ("dave", "approver"), ("erin", "admin"), ("carol", "viewer")],
            config["users"]!.AsArray().Select(u => (u!["name"]!.GetValue<string>(), u["role"]!.GetValue<string>())));
        // What the badge says is what the bot does: carol, a viewer, cannot deploy.
        SandboxSession.Ok(await s.CommandAsync("U0CAROL", SandboxApp.ProdChannel, "timeseries_query_processor 5"));
        await s.EphemeralAsync(SandboxApp.ProdChannel, "U0CAROL", "deployer");
    }

    [Fact]
    public async Task A_mention_typed_in_the_console_reaches_the_bot_as_an_app_mention_and_is_answered_in_its_thread()
    {
        var s = await SharedSandbox.SessionAsync();
        var response = await Http.PostAsync(new Uri(s.Sandbox.BaseUrl, "sandbox/console/mention"),
            JsonContent.Create(new { user = "carol", channel = "dev-deploys", text = "@opsbot what can you do?" }));
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(200, answer["status"]!.GetValue<int>());
        var ts = answer["ts"]!.GetValue<string>();

        var said = (await s.MessagesAsync(SandboxApp.DevChannel)).OfType<JsonObject>().Single(m => (string?)m["ts"] == ts);
        Assert.Equal(("U0CAROL", "<@U0OPSBOT> what can you do?"), ((string?)said["user"], (string?)said["text"]));
        var give = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        JsonObject? reply = null;
        while (reply is null && DateTime.UtcNow < give)
        {
            reply = (await s.MessagesAsync(SandboxApp.DevChannel)).OfType<JsonObject>().FirstOrDefault(m => (string?)m["thread_ts"] == ts && (string?)m["user"] == "U0OPSBOT");
            if (reply is null)
                await Task.Delay(250);
        }
        Assert.NotNull(reply);
        Assert.Contains("/deploy", SandboxSession.Text(reply), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bot_is_subscribed_to_each_environments_alarm_topic_and_trusts_only_the_sandboxs_pinned_SNS_host()
    {
        var s = await SharedSandbox.SessionAsync();
        var sns = s.Sandbox.Aws.SnsHost;
        var configuration = s.Sandbox.Bot.Services.GetRequiredService<IConfiguration>();
        var options = s.Sandbox.Bot.Services.GetRequiredService<IOptions<OpsBotOptions>>().Value;

        Assert.Equal(($"127.0.0.1:{sns.Port}", sns.TlsCertificateSha256), (configuration["OpsBot:Sns:CertificateHosts:0"], configuration["OpsBot:Sns:PinnedCertificateThumbprints:0"]));
        Assert.Equal(["arn:aws:sns:us-west-2:000000000000:opsbot-alarms"], options.Environments["dev"].AlarmTopicArns);
        Assert.Equal(["arn:aws:sns:us-east-1:000000000000:opsbot-alarms"], options.Environments["prod"].AlarmTopicArns);

        var endpoint = new Uri(s.Sandbox.BaseUrl, "sns/alarms").ToString();
        var log = JsonNode.Parse(await Http.GetStringAsync(new Uri(s.Sandbox.BaseUrl, "sandbox/sns/deliveries")))!;
        var subscribed = log["subscriptions"]!.AsArray().Where(x => (string?)x!["endpoint"] == endpoint).ToList();
        Assert.Equal([("dev", "arn:aws:sns:us-west-2:000000000000:opsbot-alarms"), ("prod", "arn:aws:sns:us-east-1:000000000000:opsbot-alarms")],
            subscribed.Select(x => ((string?)x!["environment"], (string?)x["topic"])).Order());
        // The bot confirmed both by GETting their SubscribeURLs on the pinned HTTPS host.
        var give = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (s.Sandbox.AlarmSubscriptions!.Confirmed().Values.Any(c => !c))
        {
            Assert.True(DateTime.UtcNow < give, $"not confirmed: {await Http.GetStringAsync(new Uri(s.Sandbox.BaseUrl, "sandbox/sns/deliveries"))}");
            await Task.Delay(100);
        }
        Assert.All(new[] { "dev", "prod" }, env => Assert.Contains(log["deliveries"]!.AsArray(),
            d => (string?)d!["environment"] == env && (string?)d["type"] == "SubscriptionConfirmation" && (string?)d["endpoint"] == endpoint));
    }
}
