using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpsBot.Sandbox.ChatConsole;

namespace OpsBot.Sandbox.Tests.ChatConsole;

/// <summary>What the console serves besides the forwarding: the page, its assets, its configuration, the files.</summary>
public sealed partial class SandboxConsolePageTests : ConsoleTestBase
{
    [Fact]
    public async Task The_page_and_everything_it_loads_are_served_by_the_sandbox_itself()
    {
        Assert.Empty(ConsoleAssets.Missing());
        using var page = await Http.GetAsync(BaseUrl);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType?.ToString());
        var references = Reference().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.Equal(["/sandbox/console/assets/favicon.svg", "/sandbox/console/assets/console.css", "/sandbox/console/assets/console.js"], references);
        foreach (var (name, type) in new[] { ("console.css", "text/css"), ("console.js", "text/javascript"), ("mrkdwn.js", "text/javascript"), ("blocks.js", "text/javascript"),
                     ("messages.js", "text/javascript"), ("faults.js", "text/javascript"), ("flags.js", "text/javascript"), ("favicon.svg", "image/svg+xml") })
        {
            using var asset = await Http.GetAsync(new Uri(BaseUrl, $"sandbox/console/assets/{name}"));
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Equal(type, asset.Content.Headers.ContentType?.MediaType);
            var text = await asset.Content.ReadAsStringAsync();
            Assert.DoesNotMatch(@"(import|url\()\s*\(?['""]?https?:", text);
        }
        using var unknown = await Http.GetAsync(new Uri(BaseUrl, "sandbox/console/assets/secrets.json"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_config_lists_the_people_channels_and_commands_the_page_offers()
    {
        var config = JsonNode.Parse(await Http.GetStringAsync(new Uri(BaseUrl, "sandbox/console/config")))!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            [{"id":"U0ALICE","name":"alice","role":"deployer"},{"id":"U0BOB","name":"bob","role":"approver"},{"id":"U0CAROL","name":"carol","role":"viewer"}]
            """), config["users"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            [{"id":"C0DEPLOYS","name":"deploys","environment":"prod"},{"id":"C0DEVDEPLOYS","name":"dev-deploys","environment":"dev"}]
            """), config["channels"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["/deploy","/rollback","/flags","/health","/logs","/incident"]"""), config["commands"]));
        Assert.Equal(("U0OPSBOT", "opsbot"), (config["bot"]!["id"]!.GetValue<string>(), config["bot"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_configured_people_and_channels_are_in_the_workspace_for_the_bot_to_post_to()
    {
        using var posted = await Http.PostAsync(new Uri(BaseUrl, "api/chat.postMessage"), new FormUrlEncodedContent(
            [new("token", "xoxb-sandbox"), new("channel", "dev-deploys"), new("text", "hello")]));

        Assert.Contains("\"ok\":true", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("hello", Assert.Single(Workspace.Messages("C0DEVDEPLOYS")).Text);
    }

    [Fact]
    public async Task An_uploaded_chart_can_be_shown_from_its_file_url()
    {
        await CommandAsync(Alice, "/deploy", "lambda_router");
        var file = Workspace.Thread(Deploys, Card().Ts)[1].Files.Single();

        using var image = await Http.GetAsync(file.Url);

        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ChartPng.ErrorRateChart(), await image.Content.ReadAsByteArrayAsync());
    }

    [GeneratedRegex("""(?:src|href)="(?<url>[^"]+)"(?![^>]*rel="noopener)""")]
    private static partial Regex Reference();
}
