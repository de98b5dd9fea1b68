using System.Globalization;
using System.Text.Json.Nodes;
using OpsBot.Core.Deployments;
using OpsBot.Core.Notifications.Cards;
using static OpsBot.Teams.Cards.AdaptiveCardLimits;

namespace OpsBot.Teams.Cards;

/// <summary>
/// Draws a <see cref="HealthCard"/> (<c>/health</c>, <c>/logs</c>) as an Adaptive Card: the title, the verdict, one
/// container per function (alias and routing, the deployment in flight, each version's figures, what is not passing),
/// the environment's probes, the errors when asked, the charts (images OpsBot hosts, from the context; never data
/// URIs) and when it was read. It has no buttons and no refresh: it answers one request.
/// </summary>
internal static class HealthAdaptiveCard
{
    public static (JsonArray Body, JsonArray Actions) Draw(HealthCard card, AdaptiveCardWriter w)
    {
        var body = new JsonArray { w.Title(card.Title) };
        foreach (var block in w.Headline(card.Tone, card.Verdict, null))
            body.Add(block);
        var shown = card.Functions.Take(w.Count(Functions)).ToList();
        foreach (var f in shown)
        {
            var function = w.List(null, Function(f, w), 12, "line", FunctionBudget)!;
            function["separator"] = true;
            body.Add(function);
        }
        if (card.Functions.Count > shown.Count)
            body.Add(AdaptiveCardWriter.Text(w.Markdown($"…and {card.Functions.Count - shown.Count} more: " +
                string.Join(", ", card.Functions.Skip(shown.Count).Select(f => f.Function)), 600), subtle: true));
        if (w.List("Environment", [.. card.Environment.Select(c => Probe(card, c, w))], AdaptiveCardLimits.Checks, "probe") is { } environment)
            body.Add(environment);
        if (card.Errors is { Count: > 0 } || card.ErrorsNote is not null)
        {
            var lines = new List<string>();
            if (card.ErrorsNote is not null)
                lines.Add(w.Markdown(card.ErrorsNote, Line));
            lines.AddRange((card.Errors ?? []).Select(g =>
                $"**{g.Count.ToString(CultureInfo.InvariantCulture)}×** {w.Markdown(g.Message, Line)} (last {g.Last.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC)"));
            body.Add(w.List("Recent errors", lines, Errors, "error group"));
        }
        foreach (var url in w.Context.ImageUrls.Where(Hosted).Take(Images))
            body.Add(new JsonObject { ["type"] = "Image", ["url"] = url.AbsoluteUri, ["altText"] = "Chart", ["size"] = "Stretch" });
        var read = $"read {Time(card.At, "yyyy-MM-dd HH:mm:ss")} UTC" + (card.WindowStart is { } start && card.WindowEnd is { } end
            ? $" · window {Time(start, "yyyy-MM-dd HH:mm")} → {Time(end, "yyyy-MM-dd HH:mm")} UTC"
            : "");
        body.Add(AdaptiveCardWriter.Text(read, size: "Small", subtle: true));
        return (body, []);
    }

    /// <summary>Only absolute http(s) URLs of a sane length: a data URI would break the size budget and Teams drops them.</summary>
    private static bool Hosted(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) && url.AbsoluteUri.Length <= ImageUrl;

    /// <summary>"✅ **lambda_router**:live — 90% on version 4, 10% on version 5", then the deployment, each version, and what is not passing.</summary>
    private static List<string> Function(FunctionHealth f, AdaptiveCardWriter w)
    {
        var mark = f.Problem is not null ? "🔴" : f.Unreadable is not null ? "⚠️" : "✅";
        var lines = new List<string> { $"{mark} **{w.Markdown(f.Function, 100)}**:{w.Markdown(f.Alias, 100)} — {w.Markdown(f.Routing, 200)}" };
        if (f.Deployment is not null)
            lines.Add($"🚀 {w.Markdown(f.Deployment, 300)}");
        lines.AddRange(f.Versions.Select(v => $"v{w.Markdown(v.Version, 20)}: {Figures(v)}"));
        if (f.Versions.Count == 0 && f.Unreadable is null)
            lines.Add("no invocations in the window");
        lines.AddRange(f.Checks.Where(c => c.Status is CheckStatus.Fail or CheckStatus.Error).Select(c => AdaptiveCardRenderer.CheckLine(c, w)));
        if (f.Unreadable is not null && f.Checks.All(c => c.Text != f.Unreadable))
            lines.Add($"⚠️ {w.Markdown(f.Unreadable, Line)}");
        var passing = f.Checks.Where(c => c.Status == CheckStatus.Pass).ToList();
        if (passing.Count > 0)
            lines.Add($"{passing.Count} check{(passing.Count == 1 ? "" : "s")} passing: " +
                w.Markdown(string.Join(", ", passing.Select(c => $"{c.Name} {c.Measured}")), Line));
        return lines;
    }

    /// <summary>"1,204 invocations · 12 errors (1%) · avg 120 ms · p99 480 ms · 0 throttles · 10% of traffic".</summary>
    private static string Figures(VersionFigures v)
    {
        var parts = new List<string>
        {
            $"{Count(v.Invocations)} invocations",
            $"{Count(v.Errors)} errors" + (v.ErrorRatePercent is { } rate && double.IsFinite(rate) ? $" ({rate.ToString("0.##", CultureInfo.InvariantCulture)}%)" : ""),
        };
        if (v.AverageDurationMs is { } avg)
            parts.Add($"avg {Count(avg)} ms");
        if (v.P99DurationMs is { } p99)
            parts.Add($"p99 {Count(p99)} ms");
        parts.Add($"{Count(v.Throttles)} throttles");
        parts.Add($"{(double.IsFinite(v.Percent) ? v.Percent.ToString("0.##", CultureInfo.InvariantCulture) : "?")}% of traffic");
        return TeamsText.Truncate(string.Join(" · ", parts), 400);
    }

    /// <summary>A probe with its measure and the facts it reported.</summary>
    private static string Probe(HealthCard card, CardCheck c, AdaptiveCardWriter w)
    {
        var facts = card.Facts.TryGetValue(c.Name, out var f) && f.Count > 0 ? $" ({string.Join(", ", f)})" : "";
        return $"{AdaptiveCardWriter.StatusEmoji(c.Status)} {w.Markdown(c.Text + facts, Line)}";
    }

    private static string Time(DateTimeOffset at, string format) => at.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);

    private static string Count(double n) => double.IsFinite(n) ? TeamsText.Truncate(n.ToString("#,0", CultureInfo.InvariantCulture), 30) : "?";
}
