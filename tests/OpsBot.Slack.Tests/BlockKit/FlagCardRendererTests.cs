using System.Text.Json.Nodes;
using OpsBot.Core.Flags;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Slack.BlockKit;

namespace OpsBot.Slack.Tests.BlockKit;

public sealed class FlagCardRendererTests
{
    public static TheoryData<string> SyntheticNames => new(SampleFlagCards.Synthetic().Select(c => c.Name));

    private static JsonArray Render(ChatCard card) => BlockKitRenderer.Render(card);

    private static string Text(JsonArray blocks, string blockId) =>
        blocks.Single(b => b!["block_id"]!.GetValue<string>() == blockId)!["text"]!["text"]!.GetValue<string>();

    [Theory]
    [MemberData(nameof(SyntheticNames))]
    public void Every_limit_holds_on_the_largest_and_most_hostile_flag_cards(string name)
    {
        var blocks = Render(SampleFlagCards.Synthetic().Single(c => c.Name == name).Card);

        var problems = BlockKitLimitChecker.Problems(blocks);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void A_flag_card_reads_header_headline_notes_flags_facts_appconfig_actions_context()
    {
        var blocks = Render(SampleFlagCards.Deploying());

        Assert.Equal(["title", "headline", "notes", "flags", "facts", "appconfig", "actions", "context"],
            blocks.Select(b => b!["block_id"]!.GetValue<string>()));
        Assert.Equal("Feature flags (prod)", blocks[0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal(":large_blue_circle: *Deploying: 40%*", Text(blocks, "headline"));
        Assert.Equal("*Flags*\n`enable_new_api_endpoint`: off → *on*\n`enable_enhanced_processing`: off → *on*", Text(blocks, "flags"));
        Assert.Equal("*AppConfig* `▰▰▰▰▱▱▱▱▱▱ 40%`\ndeployment 12 of version 7: DEPLOYING, 40%", Text(blocks, "appconfig"));
        Assert.Equal("`flg-abc123` · state version 3 · Deploying", blocks[^1]!["elements"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Facts_name_the_strategy_and_requester_and_approvers_only_where_an_approval_applies()
    {
        static string Facts(FlagCard card) => string.Join("\n", Render(card)
            .Single(b => b!["block_id"]!.GetValue<string>() == "facts")!["fields"]!.AsArray().Select(f => f!["text"]!.GetValue<string>()));

        var gated = Facts(SampleFlagCards.Deploying());
        var ungated = Facts(SampleFlagCards.Deploying() with { ApprovalApplies = false, RequestReason = null });

        Assert.Equal("*Strategy*\nAppConfig.Linear20PercentEvery6Minutes\n*Requested by*\n<@U0ALICE>\n*Approvers*\n<@U0BOB>\n*Reason*\nINC-7 fixed", gated);
        Assert.Equal("*Strategy*\nAppConfig.Linear20PercentEvery6Minutes\n*Requested by*\n<@U0ALICE>", ungated);
    }

    [Fact]
    public void Before_appconfig_starts_there_is_no_appconfig_line_and_a_line_without_a_percentage_has_no_bar()
    {
        var pending = Render(SampleFlagCards.Deploying() with { AppConfig = null, PercentComplete = null });
        var unknown = Render(SampleFlagCards.Deploying() with { PercentComplete = null });

        Assert.DoesNotContain(pending, b => b!["block_id"]!.GetValue<string>() == "appconfig");
        Assert.Equal("*AppConfig*\ndeployment 12 of version 7: DEPLOYING, 40%", Text(unknown, "appconfig"));
    }

    [Fact]
    public void Buttons_carry_the_flag_card_value_that_a_click_reads_back()
    {
        var card = SampleFlagCards.Largest();
        var buttons = Render(card).Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]!.AsArray();

        Assert.Equal(["Approve", "Reject", "Stop", "Revert"], buttons.Select(b => b!["action_id"]!.GetValue<string>()));
        Assert.All(buttons, b => Assert.NotNull(FlagCard.ParseButton(b!["value"]!.GetValue<string>())));
        Assert.Equal("primary", buttons[0]!["style"]!.GetValue<string>());
        Assert.All(buttons.Skip(1), b => Assert.Equal("danger", b!["confirm"]!["style"]!.GetValue<string>()));
    }

    [Fact]
    public void Many_flags_are_cut_whole_with_how_many_more()
    {
        var blocks = Render(SampleFlagCards.Largest());

        var flags = Text(blocks, "flags");
        Assert.Matches(@"\n… and \d+ more flags$", flags);
        Assert.All(flags.Split('\n')[1..^1], line => Assert.Matches(@"^`f\d+_[a-z_]+…`: (on|off) → \*(on|off)\*$", line));
        Assert.Contains("`▰▰▰▰▰▰▰▰▰▰ 100%`", Text(blocks, "appconfig")); // 250% from a confused builder is drawn as full
    }

    /// <summary>The texts Slack reads markup in.</summary>
    private static IEnumerable<string> Mrkdwn(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>() == "mrkdwn" => [o["text"]!.GetValue<string>()],
        JsonObject o => o.SelectMany(p => Mrkdwn(p.Value)),
        JsonArray a => a.SelectMany(Mrkdwn),
        _ => [],
    };

    [Fact]
    public void User_text_on_a_flag_card_cannot_mention_link_or_notify()
    {
        var blocks = Render(SampleFlagCards.HostileText());
        var json = string.Join("\n", Mrkdwn(blocks));

        Assert.DoesNotContain("<!channel>", json);
        Assert.DoesNotContain("<@U0EVIL>", json);
        Assert.DoesNotContain("<https://evil", json);
        Assert.Contains("<@U0BOB>", json);
        Assert.StartsWith("*Flags*\n`&lt;!channel&gt;", Text(blocks, "flags"));
        Assert.DoesNotContain("NaN", Text(blocks, "appconfig"));
    }
}
