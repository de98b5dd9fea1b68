using OpsBot.Core.Flags;
using OpsBot.Core.Notifications.Cards;
using static OpsBot.Slack.Tests.BlockKit.SampleCards;

namespace OpsBot.Slack.Tests.BlockKit;

/// <summary>Flag cards to render: an ordinary one, the largest and most hostile ones a builder could hand over, and the least.</summary>
internal static class SampleFlagCards
{
    private const string Hostile = "<!channel> <@U0EVIL> <https://evil.example|click> & *bold* `code` ```block``` _it_ ~strike~ \u0000\u0007\r\n\t 🚀 ✓ ü";

    /// <summary>Two flags turned on in prod, deploying at 40%, approved by bob, with Stop.</summary>
    public static FlagCard Deploying() => new()
    {
        ChangeId = "flg-abc123",
        Version = 3,
        State = FlagChangeState.Deploying,
        Title = "Feature flags (prod)",
        Headline = "Deploying: 40%",
        Tone = CardTone.Progress,
        Flags = [new FlagCardLine("enable_new_api_endpoint", false, true), new FlagCardLine("enable_enhanced_processing", false, true)],
        Strategy = "AppConfig.Linear20PercentEvery6Minutes",
        AppConfig = "deployment 12 of version 7: DEPLOYING, 40%",
        PercentComplete = 40,
        RequestedBy = "slack:U0ALICE",
        ApprovalApplies = true,
        Approvers = ["slack:U0BOB"],
        RequestReason = "INC-7 fixed",
        Notes = ["Clients pick the change up at their next poll, up to 45 s."],
        Buttons = [new CardButton("Stop", "Stop", false, true, new CardConfirm("Stop this flag change?", "AppConfig keeps the previous version.", "Stop", "Keep going"),
            FlagCard.ButtonValue("flg-abc123", 3, FlagAction.Stop))],
        Summary = "Feature flags (prod): enable_new_api_endpoint on — deploying 40%",
    };

    /// <summary>Every field past what Slack allows: 500 flags with long names, 5,000-character reasons, a dozen approvers, every button.</summary>
    public static FlagCard Largest()
    {
        var id = "flg-" + Long("z9", 60);
        return Deploying() with
        {
            ChangeId = id,
            Version = long.MaxValue,
            Title = Long("Feature flags of a very long environment name ", 400),
            Headline = Long("Deploying with AppConfig's slowest strategy ", 800),
            Flags = [.. Enumerable.Range(1, 500).Select(i => new FlagCardLine($"f{i}_" + Long("enable_something_new_", 200), i % 2 == 0, i % 3 == 0))],
            Strategy = Long("AppConfig.Custom", 3000),
            AppConfig = Long("deployment 12 of version 7: DEPLOYING <x> & ", 5000),
            PercentComplete = 250,
            Approvers = [.. Enumerable.Range(1, 12).Select(i => i % 2 == 0 ? $"slack:U0APPROVER{i}" : Long($"Approver Number {i} With A Long Name & <tag> ", 300))],
            RequestReason = Long("INC-42 <hotfix> & a reason as long as a person may type it. ", 5000),
            Reason = Long("Stopped by alice: <alarm> & latency. ", 5000),
            Notes = [.. Enumerable.Range(1, 8).Select(i => Long($"Note {i} by ⟦@slack:U0ERIN{i}⟧: <audit> & more. ", 900))],
            Buttons = [.. Enum.GetValues<FlagAction>().Select(a => new CardButton(a.ToString(), Long($"{a} this flag change now please ", 200),
                Primary: a is FlagAction.Approve, Danger: a is FlagAction.Reject or FlagAction.Stop or FlagAction.Revert,
                a is FlagAction.Approve ? null : new CardConfirm(Long("Really? ", 300), Long("AppConfig goes back & clients follow. ", 1000), Long("Yes ", 100), Long("No ", 100)),
                FlagCard.ButtonValue(id, long.MaxValue, a)))],
            Summary = Long("Feature flags (prod): deploying ", 50_000),
        };
    }

    /// <summary>User text everywhere it can reach.</summary>
    public static FlagCard HostileText() => Largest() with
    {
        Title = Hostile,
        Headline = Hostile,
        Flags = [new FlagCardLine(Hostile, false, true), new FlagCardLine("`", true, false)],
        Strategy = Hostile,
        AppConfig = Hostile,
        PercentComplete = double.NaN,
        RequestedBy = Hostile,
        Approvers = [Hostile, "slack:U0BOB", "slack:<!here>"],
        RequestReason = Hostile,
        Reason = Hostile,
        Notes = [Hostile, "Stopped by ⟦@slack:<!here>⟧ in ⟦#slack:<!channel>⟧"],
        Buttons = [new CardButton("Stop", Hostile, false, true, new CardConfirm(Hostile, Hostile, Hostile, Hostile), "flags|flg-abc|1|Stop")],
    };

    /// <summary>The least a card can hold.</summary>
    public static FlagCard Empty() => new()
    {
        ChangeId = "flg-abc",
        Version = 0,
        State = FlagChangeState.Pending,
        Title = "",
        Headline = "",
        Tone = CardTone.Waiting,
        Flags = [],
        Strategy = "",
        RequestedBy = "",
        Buttons = [],
        Summary = "",
    };

    public static IReadOnlyList<(string Name, FlagCard Card)> Synthetic() =>
        [("flags deploying", Deploying()), ("flags largest", Largest()), ("flags hostile", HostileText()), ("flags empty", Empty())];
}
