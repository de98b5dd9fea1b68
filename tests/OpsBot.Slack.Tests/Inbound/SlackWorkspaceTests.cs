using System.Net;
using System.Text.Json.Nodes;
using OpsBot.Slack.Tests.Support;

namespace OpsBot.Slack.Tests.Inbound;

/// <summary>With TeamId and AppId set, a request signed with the right secret but from another workspace or app changes nothing.</summary>
public sealed class SlackWorkspaceTests
{
    private static readonly Dictionary<string, string?> Pinned = new()
    {
        ["OpsBot:Slack:TeamId"] = "T0TEAM",
        ["OpsBot:Slack:AppId"] = "A0OPSBOT",
    };

    [Theory]
    [InlineData("T0TEAM", "A0OPSBOT", HttpStatusCode.OK)]
    [InlineData("T0OTHER", "A0OPSBOT", HttpStatusCode.Forbidden)]
    [InlineData("T0TEAM", "A0OTHER", HttpStatusCode.Forbidden)]
    [InlineData("", "", HttpStatusCode.Forbidden)]
    public async Task A_command_must_come_from_the_configured_workspace_and_app(string team, string app, HttpStatusCode expected)
    {
        await using var host = await SlackTestHost.StartAsync(Pinned);
        var form = SlackTestHost.CommandForm("/deploy", "lambda_router 5", "U0ALICE", "C0DEPLOYS", host.NextTrigger())
            .Replace("team_id=T0TEAM", "team_id=" + team, StringComparison.Ordinal)
            .Replace("api_app_id=A0OPSBOT", "api_app_id=" + app, StringComparison.Ordinal);

        var response = await host.PostSignedAsync("/slack/commands", form);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
            return;
        Assert.Equal(0, host.Queue.Completed);
        Assert.Empty(await host.DeploymentsAsync());
        Assert.Empty(host.Slack.Calls);
    }

    [Fact]
    public async Task A_click_from_another_workspace_is_refused()
    {
        await using var host = await SlackTestHost.StartAsync(Pinned);
        var click = SlackTestHost.Click("dep-abc|1|Rollback");
        click["team"]!["id"] = "T0OTHER";

        var response = await host.PostSignedAsync("/slack/interactions", SlackTestHost.InteractionForm(click));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(host.Slack.Calls);
    }

    [Fact]
    public async Task An_event_for_another_app_is_refused_but_the_url_challenge_is_still_answered()
    {
        await using var host = await SlackTestHost.StartAsync(Pinned);
        var mention = new JsonObject
        {
            ["team_id"] = "T0TEAM",
            ["api_app_id"] = "A0OTHER",
            ["type"] = "event_callback",
            ["event_id"] = "Ev0OTHER",
            ["event"] = new JsonObject { ["type"] = "app_mention", ["channel"] = "C0DEPLOYS", ["ts"] = "1764230400.000200", ["user"] = "U0ALICE" },
        }.ToJsonString();

        Assert.Equal(HttpStatusCode.Forbidden, (await host.PostSignedAsync("/slack/events", mention, "application/json")).StatusCode);
        var challenge = await host.PostSignedAsync("/slack/events", """{"token":"x","challenge":"c-1","type":"url_verification"}""", "application/json");
        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        Assert.Contains("c-1", await challenge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_configured_workspace_any_signed_request_is_read()
    {
        await using var host = await SlackTestHost.StartAsync();
        var click = SlackTestHost.Click("dep-abc|1|Rollback");
        click["team"]!["id"] = "T0OTHER";

        Assert.Equal(HttpStatusCode.OK, (await host.PostSignedAsync("/slack/interactions", SlackTestHost.InteractionForm(click))).StatusCode);
    }
}
