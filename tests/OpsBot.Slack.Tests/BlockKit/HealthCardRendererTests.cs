using OpsBot.Testing;
using System.Text.Json.Nodes;
using OpsBot.Slack.BlockKit;

namespace OpsBot.Slack.Tests.BlockKit;

public sealed class HealthCardRendererTests
{
    public static TheoryData<string> Names => new(SampleHealthCards.All().Select(c => c.Name));

    private static string Text(JsonArray blocks, string blockId) =>
        blocks.Single(b => b!["block_id"]!.GetValue<string>() == blockId)!["text"]!["text"]!.GetValue<string>();

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_limit_holds(string name)
    {
        var blocks = BlockKitRenderer.Render(SampleHealthCards.All().Single(c => c.Name == name).Card);
        var problems = BlockKitLimitChecker.Problems(blocks);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void A_health_card_reads_title_verdict_functions_environment_and_when()
    {
        var blocks = BlockKitRenderer.Render(SampleHealthCards.Ordinary());
        Assert.Equal(["title", "verdict", "fn-2", "fn-3", "environment", "context"], blocks.Select(b => b!["block_id"]!.GetValue<string>()));
        Assert.Equal(":rotating_light: *4 healthy, 1 degraded: rag_query_processor error rate 7.2% &gt; 5%*", Text(blocks, "verdict"));
        Assert.Equal(
            ":white_check_mark: *lambda_router*:live — 90% on version 4, 10% on version 5\n" +
            ":rocket: dep-abc123: 4 → 5, baking\n" +
            "`v4` 1,204 invocations · 12 errors (1%) · avg 120 ms · p99 480 ms · 0 throttles · 90% of traffic\n" +
            "`v5` 130 invocations · 1 errors (0.77%) · avg 118 ms · p99 450 ms · 0 throttles · 10% of traffic\n" +
            "1 check passing: error rate of version 4 1%", Text(blocks, "fn-2"));
        Assert.Contains(":x: rag_query_processor error rate 7.2% &gt; 5%", Text(blocks, "fn-3"), StringComparison.Ordinal);
        Assert.Equal("*Environment*\n:white_check_mark: influxdb: round trip 12 ms (InfluxDB 2.7.4 (2.x), ping 3 ms)", Text(blocks, "environment"));
    }

    [Fact]
    public void Functions_past_the_block_limit_are_named_in_one_line()
    {
        var blocks = BlockKitRenderer.Render(SampleHealthCards.Largest());
        Assert.True(blocks.Count <= 50);
        Assert.StartsWith("… and 38 more: fn42", Text(blocks, "more"), StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_text_cannot_mention_the_channel_or_link()
    {
        var json = BlockKitRenderer.Render(SampleHealthCards.Hostile()).ToJsonString();
        Assert.DoesNotContain("<!channel>", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<https://evil", json, StringComparison.Ordinal);
    }
}
