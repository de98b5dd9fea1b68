using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Ports;
using OpsBot.Slack.Tests.Support;

namespace OpsBot.Slack.Tests.Inbound;

public sealed class SlackCommandEndpointTests
{
    [Fact]
    public async Task A_signed_deploy_is_acknowledged_at_once_and_the_deployment_starts_afterwards()
    {
        GatedFunctionVersions? gate = null;
        await using var host = await SlackTestHost.StartAsync(services: (h, s) =>
            s.AddSingleton<IFunctionVersions>(gate = new GatedFunctionVersions(h.Lambda)));

        var response = await host.CommandAsync("/deploy", "lambda_router 5");

        // The acknowledgement came back while the work is held at the gate: nothing exists yet.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        await gate!.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(await host.DeploymentsAsync());

        gate.Open();

        var reply = await host.Slack.WaitForAsync("hooks.slack.com");
        Assert.Equal("ephemeral", reply.Json["response_type"]!.GetValue<string>());
        Assert.False(reply.Json["replace_original"]!.GetValue<bool>());
        Assert.Contains("Deployment dep-", reply.Json["text"]!.GetValue<string>());
        Assert.Null(reply.Header("Authorization")); // a response_url needs no token, and must not get one
        var deployment = Assert.Single(await host.DeploymentsAsync());
        Assert.Equal("slack:U0ALICE", deployment.RequestedBy);
        Assert.Equal("C0DEPLOYS", deployment.Channel);
        Assert.Equal("slack", deployment.ChatPlatform);
        Assert.Equal("5", deployment.TargetVersion);

        // The runner, woken by the command, posts the card through the Slack channel.
        var card = await host.Slack.WaitForAsync("chat.postMessage");
        Assert.Equal("C0DEPLOYS", card.Json["channel"]!.GetValue<string>());
        Assert.Contains(deployment.Id, card.Json["blocks"]!.ToJsonString());
        Assert.Equal($"Bearer {SlackTestHost.BotToken}", card.Header("Authorization"));
    }

    [Fact]
    public async Task An_unsigned_deploy_gets_401_and_changes_nothing()
    {
        await using var host = await SlackTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/commands")
        {
            Content = new StringContent(SlackTestHost.CommandForm("/deploy", "lambda_router 5"), System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await host.DeploymentsAsync());
        Assert.Equal(0, host.Queue.Completed);
        Assert.Empty(host.Slack.Calls);
        Assert.Empty(await host.Audit.QueryAsync(new AuditQuery(), CancellationToken.None));
    }

    [Theory]
    [InlineData("wrong secret")]
    [InlineData("stale")]
    [InlineData("future")]
    [InlineData("tampered")]
    [InlineData("two signatures")]
    public async Task A_badly_signed_deploy_gets_401_and_changes_nothing(string how)
    {
        await using var host = await SlackTestHost.StartAsync();
        var body = SlackTestHost.CommandForm("/deploy", "lambda_router 5", trigger: host.NextTrigger());

        var response = how switch
        {
            "wrong secret" => await host.PostSignedAsync("/slack/commands", body, secret: "not-the-secret"),
            "stale" => await host.PostSignedAsync("/slack/commands", body, timestamp: host.Now - 301),
            "future" => await host.PostSignedAsync("/slack/commands", body, timestamp: host.Now + 301),
            "tampered" => await host.PostSignedAsync("/slack/commands", body, change: r =>
                r.Content = new StringContent(body.Replace("lambda_router", "influxdb_loader", StringComparison.Ordinal), System.Text.Encoding.UTF8,
                    "application/x-www-form-urlencoded")),
            _ => await host.PostSignedAsync("/slack/commands", body, change: r => r.Headers.Add("X-Slack-Signature", "v0=" + new string('0', 64))),
        };

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await host.DeploymentsAsync());
        Assert.Empty(host.Slack.Calls);
    }

    [Fact]
    public async Task A_malformed_command_is_answered_in_the_acknowledgement_with_the_error_and_the_usage()
    {
        await using var host = await SlackTestHost.StartAsync();

        var response = await host.CommandAsync("/deploy", "lambda_router 5 --reason \"<!channel> & co\" --canary-percentage 150");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString());
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ephemeral", answer["response_type"]!.GetValue<string>());
        var text = answer["text"]!.GetValue<string>();
        Assert.Contains("--canary-percentage is a whole number from 1 to 99", text);
        Assert.Contains("*Usage*\n```/deploy &lt;function&gt; [version]", text);
        Assert.DoesNotContain("<!channel>", text);
        Assert.Equal(0, host.Queue.Completed);
        Assert.Empty(host.Slack.Calls);
    }

    [Theory]
    [InlineData("/flags", "enable", "Say which flags to enable", "```/flags [list] [--env ENV]")]
    [InlineData("/FLAGS", "enable \"<!channel>\"", "is not a flag name", "```/flags [list] [--env ENV]")]
    [InlineData("/rollback", "flags --all-new a_flag", "Name flags or say --all-new, not both", "```/rollback &lt;function&gt;")]
    public async Task A_malformed_flags_command_is_answered_in_the_acknowledgement_with_its_own_usage(string command, string text, string error, string usage)
    {
        await using var host = await SlackTestHost.StartAsync();

        var response = await host.CommandAsync(command, text);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["text"]!.GetValue<string>();
        Assert.Contains(error, answer);
        Assert.Contains("*Usage*\n" + usage, answer);
        Assert.DoesNotContain("<!channel>", answer);
        Assert.Equal(0, host.Queue.Completed);
    }

    [Theory]
    [InlineData("/flags", "")]
    [InlineData("/flags", "help")]
    [InlineData("/rollback", "flags enable_new_api_endpoint")]
    public async Task A_well_formed_flags_command_is_queued_and_answered_later(string command, string text)
    {
        await using var host = await SlackTestHost.StartAsync();

        var response = await host.CommandAsync(command, text);
        await host.SettleAsync(1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Single(host.Slack.CallsTo("hooks.slack.com"));
    }

    [Fact]
    public async Task Flags_help_shows_the_flags_usage()
    {
        await using var host = await SlackTestHost.StartAsync();

        await host.CommandAsync("/flags", "help");
        var reply = await host.Slack.WaitForAsync("hooks.slack.com");

        var text = reply.Json["text"]!.GetValue<string>();
        Assert.StartsWith("This channel works on prod.", text);
        Assert.Contains("```/flags [list] [--env ENV]", text);
    }

    [Fact]
    public async Task Help_names_the_channels_environment_and_the_callers_role_then_shows_the_usage()
    {
        await using var host = await SlackTestHost.StartAsync();

        var response = await host.CommandAsync("/rollback", "help");
        var reply = await host.Slack.WaitForAsync("hooks.slack.com");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = reply.Json["text"]!.GetValue<string>();
        Assert.StartsWith("This channel works on prod.", text);
        Assert.Contains("<@U0ALICE> has the deployer role in prod.", text);
        Assert.Contains("```/rollback &lt;function&gt; [--target-version N]", text);
        Assert.DoesNotContain(":warning:", text);
    }

    [Theory]
    [InlineData("stop lambda_router", "Did you mean /rollback lambda_router")]
    [InlineData("health", "/health")]
    [InlineData("flags", "Did you mean /flags list?")]
    public async Task A_verb_that_is_not_a_command_is_answered_in_the_acknowledgement_not_read_as_a_function(string text, string pointer)
    {
        await using var host = await SlackTestHost.StartAsync();

        var response = await host.CommandAsync("/deploy", text);

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["text"]!.GetValue<string>();
        Assert.Contains(pointer, answer);
        Assert.DoesNotContain("not configured", answer);
        Assert.Equal(0, host.Queue.Completed);
    }

    [Fact]
    public async Task A_replayed_trigger_id_does_nothing_the_second_time()
    {
        await using var host = await SlackTestHost.StartAsync();
        var trigger = host.NextTrigger();

        var first = await host.CommandAsync("/deploy", "lambda_router 5", trigger: trigger);
        var second = await host.CommandAsync("/deploy", "lambda_router 5", trigger: trigger);
        await host.SettleAsync(2);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Single(await host.DeploymentsAsync());
        Assert.Single(host.Slack.CallsTo("hooks.slack.com"));
        Assert.Empty(host.Slack.CallsTo("chat.postEphemeral"));
    }

    [Fact]
    public async Task A_refused_command_gets_a_short_ephemeral_answer_that_says_why_and_names_the_person_by_mention()
    {
        await using var host = await SlackTestHost.StartAsync();

        await host.CommandAsync("/deploy", "lambda_router 5", user: "U0CAROL");

        var reply = await host.Slack.WaitForAsync("hooks.slack.com");
        var text = reply.Json["text"]!.GetValue<string>();
        Assert.StartsWith(":warning: ", text);
        Assert.Equal(":warning: That needs the deployer role in prod, and <@U0CAROL> has the viewer role.", text);
        Assert.DoesNotContain("Usage", text);
        Assert.Empty(await host.DeploymentsAsync());
    }

    [Fact]
    public async Task A_response_url_on_another_host_is_not_called_and_the_answer_goes_through_chat_postEphemeral()
    {
        await using var host = await SlackTestHost.StartAsync();
        var body = SlackTestHost.CommandForm("/deploy", "status", trigger: host.NextTrigger(), responseUrl: "https://evil.example.com/steal");

        await host.PostSignedAsync("/slack/commands", body);

        var ephemeral = await host.Slack.WaitForAsync("chat.postEphemeral");
        Assert.Equal("C0DEPLOYS", ephemeral.Json["channel"]!.GetValue<string>());
        Assert.Equal("U0ALICE", ephemeral.Json["user"]!.GetValue<string>());
        Assert.DoesNotContain(host.Slack.Calls, c => c.Uri.Host == "evil.example.com");
    }

    [Theory]
    [InlineData("user_id", "")]
    [InlineData("user_id", "U0ALICE:admin")]
    [InlineData("user_id", "U0ALICE\n")]
    [InlineData("channel_id", "C0DEPLOYS\n")]
    [InlineData("channel_id", "")]
    [InlineData("trigger_id", "")]
    [InlineData("command", "")]
    public async Task A_signed_command_without_what_slack_always_sends_gets_400(string field, string value)
    {
        await using var host = await SlackTestHost.StartAsync();
        var fields = System.Web.HttpUtility.ParseQueryString(SlackTestHost.CommandForm("/deploy", "lambda_router 5"));
        fields[field] = value;
        var body = string.Join("&", fields.AllKeys.Select(k => $"{Uri.EscapeDataString(k!)}={Uri.EscapeDataString(fields[k] ?? "")}"));

        var response = await host.PostSignedAsync("/slack/commands", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync());
        Assert.Empty(await host.DeploymentsAsync());
    }

    [Fact]
    public async Task With_Slack_off_the_endpoints_answer_404_and_no_chat_channel_is_registered()
    {
        await using var host = await SlackTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["OpsBot:Slack:SigningSecret"] = "",
            ["OpsBot:Slack:BotToken"] = "",
        });

        foreach (var path in new[] { "/slack/commands", "/slack/interactions", "/slack/events" })
            Assert.Equal(HttpStatusCode.NotFound, (await host.PostSignedAsync(path, "x=1")).StatusCode);
        Assert.Empty(host.App.Services.GetServices<IChatChannel>());
        Assert.Empty(host.App.Services.GetServices<IGroupMembership>());
    }
}
