using System.Text.Json.Nodes;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Slack.BlockKit;

namespace OpsBot.Slack.Tests.BlockKit;

public sealed class BlockKitRendererTests
{
    public static TheoryData<string> SyntheticNames => new(SampleCards.Synthetic().Select(c => c.Name));

    [Theory]
    [MemberData(nameof(SyntheticNames))]
    public void Every_limit_holds_on_the_largest_and_most_hostile_cards(string name)
    {
        var blocks = BlockKitRenderer.Render(SampleCards.Synthetic().Single(c => c.Name == name).Card);

        var problems = BlockKitLimitChecker.Problems(blocks);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Every_limit_holds_on_the_cards_core_draws_for_a_100_step_plan()
    {
        foreach (var (name, card) in await SampleCards.FromCoreAsync())
        {
            var problems = BlockKitLimitChecker.Problems(BlockKitRenderer.Render(card));
            Assert.True(problems.Count == 0, $"{name}: {string.Join("; ", problems)}");
        }
    }

    [Fact]
    public void A_card_reads_top_to_bottom_header_headline_notes_facts_progress_checks_actions_context()
    {
        var blocks = BlockKitRenderer.Render(SampleCards.Largest());

        Assert.Equal(["header", "section", "section", "section", "section", "section", "section", "actions", "context"],
            blocks.Select(b => b!["type"]!.GetValue<string>()));
        Assert.Equal(["title", "headline", "notes", "facts", "progress", "checks-1", "checks-2", "actions", "context"],
            blocks.Select(b => b!["block_id"]!.GetValue<string>()));
    }

    [Fact]
    public void Over_long_texts_are_cut_with_an_ellipsis()
    {
        var blocks = BlockKitRenderer.Render(SampleCards.Largest());

        var header = blocks[0]!["text"]!["text"]!.GetValue<string>();
        Assert.Equal(150, header.Length);
        Assert.EndsWith("…", header);
        Assert.EndsWith("…", blocks[1]!["text"]!["text"]!.GetValue<string>());
        Assert.All(blocks[2]!["text"]!["text"]!.GetValue<string>().Split('\n'), n => Assert.EndsWith("…", n));
        Assert.All(blocks[7]!["elements"]!.AsArray(), b => Assert.EndsWith("…", b!["text"]!["text"]!.GetValue<string>()));
        Assert.Contains("… and ", blocks[4]!["text"]!["text"]!.GetValue<string>());
        Assert.Matches(@"… and \d+ more steps$", blocks[4]!["text"]!["text"]!.GetValue<string>());
        Assert.Matches(@"… and \d+ more checks$", blocks[6]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Buttons_carry_the_action_name_the_value_a_style_and_a_confirm_dialog_for_reject_and_roll_back()
    {
        var card = SampleCards.Largest();
        var buttons = BlockKitRenderer.Render(card).Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]!.AsArray();

        Assert.Equal(card.Buttons.Select(b => b.Action.ToString()), buttons.Select(b => b!["action_id"]!.GetValue<string>()));
        Assert.Equal(card.Buttons.Select(b => b.Value), buttons.Select(b => b!["value"]!.GetValue<string>()));
        Assert.All(buttons, b => Assert.NotNull(DeploymentCard.ParseButton(b!["value"]!.GetValue<string>())));
        var byAction = buttons.ToDictionary(b => b!["action_id"]!.GetValue<string>(), b => b!);
        Assert.Equal("primary", byAction["Promote"]["style"]!.GetValue<string>());
        Assert.Equal("danger", byAction["Rollback"]["style"]!.GetValue<string>());
        Assert.Null(byAction["Pause"]["style"]);
        Assert.NotNull(byAction["Reject"]["confirm"]);
        Assert.Equal("danger", byAction["Rollback"]["confirm"]!["style"]!.GetValue<string>());
        Assert.Null(byAction["Promote"]["confirm"]);
    }

    [Fact]
    public void The_card_core_builds_gets_confirm_dialogs_on_reject_and_roll_back()
    {
        var card = SampleCards.Empty() with
        {
            Buttons =
            [
                new CardButton("Reject", "Reject", false, true, new CardConfirm("Reject this deployment?", "Version 5 will not be deployed.", "Reject", "Keep waiting"), "dep-abc|3|Reject"),
                new CardButton("Rollback", "Roll back", false, true, null, "dep-abc|3|Rollback"),
            ],
        };

        var buttons = BlockKitRenderer.Render(card).Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]!.AsArray();

        Assert.Equal("Reject this deployment?", buttons[0]!["confirm"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("Keep waiting", buttons[0]!["confirm"]!["deny"]!["text"]!.GetValue<string>());
        Assert.NotNull(buttons[1]!["confirm"]); // a danger button is never one click away
    }

    [Fact]
    public void User_text_cannot_mention_link_or_notify()
    {
        var json = string.Join("\n", BlockKitRenderer.Render(SampleCards.HostileText()).SelectMany(Strings));

        Assert.DoesNotContain("<!channel>", json);
        Assert.DoesNotContain("<@U0EVIL>", json);
        Assert.DoesNotContain("<https://evil", json);
        Assert.Contains("&lt;!channel&gt;", json);
        Assert.Contains("<@U0BOB>", json); // a real identity is drawn as a mention
    }

    /// <summary>The texts Slack reads markup in (plain_text shows "&lt;!channel&gt;" as it is, and notifies nobody).</summary>
    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>() == "mrkdwn" => [o["text"]!.GetValue<string>()],
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        _ => [],
    };

    [Fact]
    public void Health_checks_say_each_thing_once_with_a_status_emoji()
    {
        var card = SampleCards.Empty() with
        {
            Checks =
            [
                new CardCheck("error rate", Core.Deployments.CheckStatus.Pass, "0.8% (10 of 1204)", "5%", "error rate 0.8% of 1,204 ≤ 5%"),
                new CardCheck("alarm lambda_router-error-rate", Core.Deployments.CheckStatus.Pass, "OK", "OK", "alarm lambda_router-error-rate OK"),
                new CardCheck("duration", Core.Deployments.CheckStatus.Fail, "120 ms", "100 ms", ""),
            ],
        };

        var checks = BlockKitRenderer.Render(card).Single(b => b!["block_id"]?.GetValue<string>() == "checks-1")!["text"]!["text"]!.GetValue<string>();

        Assert.Equal("*Health checks*\n:white_check_mark: error rate 0.8% of 1,204 ≤ 5%\n" +
                     ":white_check_mark: alarm lambda_router-error-rate OK\n" +
                     ":x: duration 120 ms (threshold 100 ms)", checks);
    }

    [Fact]
    public void Approvers_are_shown_only_where_an_approval_applies_and_the_requesters_reason_when_given()
    {
        static string Facts(DeploymentCard card) => string.Join("\n", BlockKitRenderer.Render(card)
            .Single(b => b!["block_id"]?.GetValue<string>() == "facts")!["fields"]!.AsArray().Select(f => f!["text"]!.GetValue<string>()));

        var gated = Facts(SampleCards.Empty() with { ApprovalApplies = true, RequestReason = "INC-42 <hotfix>" });
        var ungated = Facts(SampleCards.Empty() with { ApprovalApplies = false });

        Assert.Contains("*Approvers*\n_none yet_", gated);
        Assert.Contains("*Reason*\nINC-42 &lt;hotfix&gt;", gated);
        Assert.DoesNotContain("Approvers", ungated);
        Assert.DoesNotContain("Reason", ungated);
    }

    [Fact]
    public void A_manual_rollback_shows_what_moved_instead_of_a_progress_bar()
    {
        var card = SampleCards.Empty() with
        {
            State = DeploymentState.RolledBack, Tone = CardTone.Success, Moved = "4 → 3, all traffic", Weight = 0,
            Steps = [new CardStep(100, "0s", StepStatus.Pending, Gate: false)],
        };

        var blocks = BlockKitRenderer.Render(card);
        var progress = blocks.Single(b => b!["block_id"]?.GetValue<string>() == "progress")!["text"]!["text"]!.GetValue<string>();
        var headline = blocks.Single(b => b!["block_id"]?.GetValue<string>() == "headline")!["text"]!["text"]!.GetValue<string>();

        Assert.Equal("*Moved* 4 → 3, all traffic", progress);
        Assert.DoesNotContain("0%", progress);
        Assert.DoesNotContain(":rotating_light:", headline);
    }

    [Fact]
    public void The_progress_shows_the_bar_and_the_steps_with_the_current_one_and_the_gates_marked()
    {
        var card = SampleCards.Empty() with
        {
            Weight = 10,
            Steps = [new CardStep(10, "5m", StepStatus.Current, Gate: true), new CardStep(100, "0s", StepStatus.Pending, Gate: false)],
        };

        var progress = BlockKitRenderer.Render(card).Single(b => b!["block_id"]?.GetValue<string>() == "progress")!["text"]!["text"]!.GetValue<string>();

        Assert.Equal("*Progress* `▰▱▱▱▱▱▱▱▱▱ 10%`\n*:arrow_forward: 1. 10% · bake 5m · :lock: approval gate*  ← now\n:white_circle: 2. 100%", progress);
    }

    [Fact]
    public void The_context_line_names_the_deployment_and_its_state_version()
    {
        var blocks = BlockKitRenderer.Render(SampleCards.Empty() with { DeploymentId = "dep-k3x9", Version = 7, State = DeploymentState.Baking });

        Assert.Equal("`dep-k3x9` · state version 7 · Baking", blocks[^1]!["elements"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void An_error_reply_says_what_was_wrong_and_shows_the_usage_in_a_code_block()
    {
        var result = CommandResult.Invalid("Unknown option '--foo' for deploy.", CommandUsage.Deploy);

        var text = SlackReplyText.Render(result);

        Assert.StartsWith(":warning: Unknown option '--foo' for deploy.\n*Usage*\n```/deploy &lt;function&gt;", text);
        Assert.EndsWith("```", text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "Usage"));
    }

    [Fact]
    public void A_refused_click_says_why_without_a_usage_and_a_plain_answer_is_escaped()
    {
        Assert.Equal(":warning: That card was out of date &amp; stale.",
            SlackReplyText.Render(CommandResult.Refused("That card was out of date & stale.")));
        Assert.Equal("Deployment dep-abc: &lt;started&gt;", SlackReplyText.Render(CommandResult.Done("Deployment dep-abc: <started>")));
    }

    [Fact]
    public void Help_shows_where_the_caller_is_then_the_usage_without_a_warning()
    {
        var text = SlackReplyText.Render(CommandResult.Done("This channel works on prod. ⟦@slack:U0ALICE⟧ has the deployer role in prod.") with { Usage = CommandUsage.Rollback });

        Assert.StartsWith("This channel works on prod. <@U0ALICE> has the deployer role in prod.\n```/rollback &lt;function&gt;", text);
        Assert.EndsWith("```", text);
    }

    [Fact]
    public void A_huge_reply_is_cut_to_fit()
    {
        var text = SlackReplyText.Render(CommandResult.Refused(new string('&', 100_000)) with { Usage = CommandUsage.Deploy });

        Assert.True(text.Length < 5000, $"{text.Length}");
        Assert.Contains("…\n*Usage*", text);
    }

    [Fact]
    public void Truncation_never_leaves_half_an_entity_or_half_a_surrogate_pair()
    {
        for (var max = 2; max < 40; max++)
        {
            var cut = SlackText.Mrkdwn(string.Concat(Enumerable.Repeat("a&<🚀>", 20)), max);
            Assert.True(cut.Length <= max);
            Assert.DoesNotMatch("&(?!amp;|lt;|gt;)", cut);
            Assert.False(char.IsHighSurrogate(cut[^2]), cut);
        }
    }

    [Fact]
    public void References_become_mentions_after_escaping_and_other_platforms_stay_text()
    {
        var text = SlackText.Mrkdwn("Promoted by ⟦@slack:U0BOB⟧ in ⟦#slack:C0DEPLOYS⟧ <@U0EVIL> & ⟦@teams:29:1abc⟧ in ⟦#teams:19:x⟧", 3000);

        Assert.Equal("Promoted by <@U0BOB> in <#C0DEPLOYS> &lt;@U0EVIL&gt; &amp; teams:29:1abc in #19:x", text);
    }

    [Fact]
    public void A_reference_that_is_not_a_slack_id_is_escaped_not_drawn()
    {
        Assert.Equal("by slack:&lt;!here&gt; in #&lt;!channel&gt;", SlackText.Mrkdwn("by ⟦@slack:<!here>⟧ in ⟦#slack:<!channel>⟧", 3000));
    }

    [Fact]
    public void Truncation_never_leaves_half_a_mention()
    {
        for (var max = 2; max < 60; max++)
        {
            var cut = SlackText.Mrkdwn(string.Concat(Enumerable.Repeat("ok ⟦@slack:U0BOB⟧ ", 6)), max);
            Assert.True(cut.Length <= max);
            Assert.DoesNotMatch("<(?![@]U0BOB>)", cut);
        }
    }

    [Fact]
    public void Notes_show_under_the_headline_with_people_as_mentions()
    {
        var card = SampleCards.Empty() with { Notes = ["❄️ Frozen by ⟦@slack:U0ERIN⟧: quarter close <audit>. Holding since 2026-12-03 10:00 UTC."] };

        var notes = BlockKitRenderer.Render(card).Single(b => b!["block_id"]?.GetValue<string>() == "notes")!;

        Assert.Equal("❄️ Frozen by <@U0ERIN>: quarter close &lt;audit&gt;. Holding since 2026-12-03 10:00 UTC.", notes["text"]!["text"]!.GetValue<string>());
        Assert.DoesNotContain(BlockKitRenderer.Render(SampleCards.Empty()), b => b!["block_id"]?.GetValue<string>() == "notes");
    }
}
