using System.Globalization;
using System.Text.Json.Nodes;
using OpsBot.Core.Deployments;
using OpsBot.Core.Notifications.Cards;
using static OpsBot.Slack.BlockKit.BlockKitLimits;
using static OpsBot.Slack.BlockKit.BlockKitParts;

namespace OpsBot.Slack.BlockKit;

/// <summary>
/// Draws a <see cref="HealthCard"/> (<c>/health</c>, <c>/logs</c>) as Block Kit: the title, the verdict, one section per
/// function (alias and routing, the deployment in flight, each version's figures, the checks that are not passing),
/// the environment's probes, the errors when asked, and when it was read. Escaped and cut like the other cards; past
/// Block Kit's 50 blocks the remaining functions are named in one line.
/// </summary>
internal static class HealthCardRenderer
{
    /// <summary>Blocks kept for the title, the verdict, the environment, the errors, the overflow line and the context.</summary>
    private const int ReservedBlocks = 8;

    public static JsonArray Render(HealthCard card)
    {
        var blocks = new JsonArray
        {
            Header(card.Title, "Health"),
            Section("verdict", Headline(card.Tone, card.Verdict, null)),
        };
        var shown = card.Functions.Take(Blocks - ReservedBlocks).ToList();
        // Each function gets an equal share of the budget (a section at most), so many functions still fit one message.
        var share = shown.Count == 0 ? SectionText : Math.Min(SectionText, HealthFunctionsBudget / shown.Count);
        foreach (var f in shown)
            blocks.Add(Section($"fn-{blocks.Count}", Function(f, share)));
        if (card.Functions.Count > shown.Count)
            blocks.Add(Section("more", SlackText.Mrkdwn($"… and {card.Functions.Count - shown.Count} more: " +
                string.Join(", ", card.Functions.Skip(shown.Count).Select(f => f.Function)), 600)));
        if (card.Environment.Count > 0)
            blocks.Add(Section("environment", Environment(card)));
        if (card.Errors is { Count: > 0 } || card.ErrorsNote is not null)
            blocks.Add(Section("errors", Errors(card)));
        blocks.Add(new JsonObject
        {
            ["type"] = "context",
            ["block_id"] = "context",
            ["elements"] = new JsonArray([Mrkdwn($"read {Time(card.At, "yyyy-MM-dd HH:mm:ss")} UTC" + (card.WindowStart is { } start && card.WindowEnd is { } end
                ? $" · window {Time(start, "yyyy-MM-dd HH:mm")} → {Time(end, "yyyy-MM-dd HH:mm")} UTC"
                : ""))]),
        });
        return blocks;
    }

    /// <summary>":white_check_mark: *lambda_router*:live — 90% on version 4, 10% on version 5" then the deployment, each version, and what is not passing.</summary>
    private static string Function(FunctionHealth f, int budget)
    {
        var mark = f.Problem is not null ? ":red_circle:" : f.Unreadable is not null ? ":warning:" : ":white_check_mark:";
        var lines = new List<string> { $"{mark} *{SlackText.Mrkdwn(f.Function, 100)}*:{SlackText.Mrkdwn(f.Alias, 100)} — {SlackText.Mrkdwn(f.Routing, 200)}" };
        if (f.Deployment is not null)
            lines.Add($":rocket: {SlackText.Mrkdwn(f.Deployment, 300)}");
        foreach (var v in f.Versions)
            lines.Add($"`v{SlackText.Mrkdwn(v.Version, 20)}` {Figures(v)}");
        if (f.Versions.Count == 0 && f.Unreadable is null)
            lines.Add("_no invocations in the window_");
        foreach (var c in f.Checks.Where(c => c.Status is CheckStatus.Fail or CheckStatus.Error))
            lines.Add($"{(c.Status == CheckStatus.Fail ? ":x:" : ":warning:")} {SlackText.Mrkdwn(c.Text, CheckLine)}");
        if (f.Unreadable is not null && f.Checks.All(c => c.Text != f.Unreadable))
            lines.Add($":warning: {SlackText.Mrkdwn(f.Unreadable, CheckLine)}");
        var passing = f.Checks.Count(c => c.Status == CheckStatus.Pass);
        if (passing > 0)
            // Not in italics: names with underscores (lambda_router-error-rate) would end them early.
            lines.Add($"{passing} check{(passing == 1 ? "" : "s")} passing: {SlackText.Mrkdwn(string.Join(", ", f.Checks.Where(c => c.Status == CheckStatus.Pass).Select(c => $"{c.Name} {c.Measured}")), 600)}");
        return Fit(lines, budget);
    }

    /// <summary>"1,204 invocations · 12 errors (1%) · avg 120 ms · p99 480 ms · 0 throttles · 10% of traffic".</summary>
    private static string Figures(VersionFigures v)
    {
        var parts = new List<string>
        {
            $"{Count(v.Invocations)} invocations",
            $"{Count(v.Errors)} errors" + (v.ErrorRatePercent is { } rate ? $" ({rate.ToString("0.##", CultureInfo.InvariantCulture)}%)" : ""),
        };
        if (v.AverageDurationMs is { } avg)
            parts.Add($"avg {Count(avg)} ms");
        if (v.P99DurationMs is { } p99)
            parts.Add($"p99 {Count(p99)} ms");
        parts.Add($"{Count(v.Throttles)} throttles");
        parts.Add($"{v.Percent.ToString("0.##", CultureInfo.InvariantCulture)}% of traffic");
        return string.Join(" · ", parts);
    }

    /// <summary>"*Environment*" then each probe with its measure and facts.</summary>
    private static string Environment(HealthCard card)
    {
        var lines = new List<string> { "*Environment*" };
        foreach (var c in card.Environment)
        {
            var mark = c.Status == CheckStatus.Pass ? ":white_check_mark:" : c.Status == CheckStatus.Fail ? ":x:" : ":warning:";
            var facts = card.Facts.TryGetValue(c.Name, out var f) && f.Count > 0 ? $" ({string.Join(", ", f)})" : "";
            lines.Add($"{mark} {SlackText.Mrkdwn(c.Text + facts, CheckLine)}");
        }
        return Fit(lines, HealthEnvironmentBudget);
    }

    /// <summary>"*Recent errors*", what they are, and "`21×` message (last 10:15 UTC)" per group, as many as fit.</summary>
    private static string Errors(HealthCard card)
    {
        var lines = new List<string> { "*Recent errors*" };
        if (card.ErrorsNote is not null)
            lines.Add(SlackText.Mrkdwn(card.ErrorsNote, 400));
        foreach (var g in card.Errors ?? [])
            lines.Add($"`{g.Count}×` {SlackText.Mrkdwn(g.Message, 400)} _(last {g.Last.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC)_");
        return Fit(lines, HealthErrorsBudget);
    }

    /// <summary>The lines that fit the budget; the first one cut to fit when even it does not.</summary>
    private static string Fit(List<string> lines, int budget)
    {
        var (text, taken) = SlackText.Lines(lines, budget);
        return taken > 0 ? text : SlackText.Truncate(lines[0], budget);
    }

    private static string Time(DateTimeOffset at, string format) => at.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);

    private static string Count(double n) => n.ToString("#,0", CultureInfo.InvariantCulture);
}
