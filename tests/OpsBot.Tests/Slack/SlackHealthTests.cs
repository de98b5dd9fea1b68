using System.Net;

namespace OpsBot.Tests.Slack;

/// <summary>/health and /logs over Slack's wire: the card is posted in the channel for everyone there, charts in its thread.</summary>
public sealed class SlackHealthTests
{
    [Fact]
    public async Task Health_posts_one_card_in_the_channel_with_the_verdict_and_every_function_and_the_chart_in_its_thread()
    {
        await using var host = await SlackHost.StartAsync();

        var ack = await host.CommandAsync("U0CAROL", "lambda_router --chart", "/health");

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        await SlackHost.UntilAsync(() => host.Cards().Count == 1, "no health card");
        var card = host.Cards()[0];
        var text = SlackHost.Text(card);
        Assert.Contains("Health of prod — last 15 min", text, StringComparison.Ordinal);
        Assert.Contains("*lambda_router*:live — 100% on version 4", text, StringComparison.Ordinal);
        await SlackHost.UntilAsync(() => host.Workspace.Thread(SlackHost.Channel, card.Ts).Any(m => m.Files.Count > 0), "no chart");
        var chart = host.Workspace.Thread(SlackHost.Channel, card.Ts).Single(m => m.Files.Count > 0).Files.Single();
        Assert.Equal("lambda_router-prod-health.png", chart.Name);
        Assert.Equal("image/png", chart.Mimetype);
        Assert.Empty(host.Workspace.Ephemerals("U0CAROL"));
    }

    [Fact]
    public async Task A_malformed_health_is_answered_in_the_acknowledgement_with_its_usage()
    {
        await using var host = await SlackHost.StartAsync();

        var ack = await host.CommandAsync("U0CAROL", "--window 3 weeks", "/health");

        var body = await ack.Content.ReadAsStringAsync();
        Assert.Contains("--window is a span such as 15m, 2h or 1d", body, StringComparison.Ordinal);
        Assert.Contains("/health [function", body, StringComparison.Ordinal);
        Assert.Empty(host.Cards());
    }

    [Fact]
    public async Task Logs_of_a_function_nobody_configured_are_refused_privately()
    {
        await using var host = await SlackHost.StartAsync();

        await host.CommandAsync("U0CAROL", "lambda_routr", "/logs");

        await SlackHost.UntilAsync(() => host.Workspace.Ephemerals("U0CAROL").Count > 0, "carol got no answer");
        Assert.Contains("did you mean lambda_router?", host.Workspace.Ephemerals("U0CAROL")[0].Text, StringComparison.Ordinal);
        Assert.Empty(host.Cards());
    }
}
