using System.Text.Json.Nodes;
using OpsBot.Core.Deployments;
using OpsBot.Core.Notifications.Cards;
using static OpsBot.Slack.BlockKit.BlockKitLimits;
using static OpsBot.Slack.BlockKit.BlockKitParts;

namespace OpsBot.Slack.BlockKit;

/// <summary>
/// Draws a <see cref="DeploymentCard"/> as Block Kit: header, headline, facts, progress, health checks, buttons and a
/// context line (a <see cref="FlagCard"/> is <see cref="FlagCardRenderer"/>'s; the shared pieces are <see cref="BlockKitParts"/>). Every text is escaped where Slack reads markup and cut with "…" where it would pass a limit, so no card
/// OpsBot can build is refused by Slack.
/// </summary>
internal static class BlockKitRenderer
{
    private const int MaxCheckSections = 4;

    /// <summary>Any card OpsBot draws, by its kind.</summary>
    public static JsonArray Render(ChatCard card) => card switch
    {
        DeploymentCard deployment => Render(deployment),
        FlagCard flags => FlagCardRenderer.Render(flags),
        HealthCard health => HealthCardRenderer.Render(health),
        IncidentCard incident => IncidentCardRenderer.Render(incident),
        _ => throw new ArgumentException($"Slack cannot draw a {card.GetType().Name} yet.", nameof(card)),
    };

    public static JsonArray Render(DeploymentCard card)
    {
        var blocks = new JsonArray
        {
            Header(card.Title, "Deployment"),
            Section("headline", Headline(card.Tone, card.Headline, card.Reason)),
        };
        if (card.Notes.Count > 0)
            blocks.Add(Section("notes", Notes(card.Notes)));
        blocks.Add(Facts(card));
        blocks.Add(Section("progress", card.Moved is null ? Progress(card) : Moved(card)));
        foreach (var checks in Checks(card.Checks))
            blocks.Add(checks);
        if (Actions("actions", card.Buttons) is { } actions)
            blocks.Add(actions);
        blocks.Add(Context(card.DeploymentId, card.Version, card.State.ToString()));
        return blocks;
    }

    /// <summary>The facts; approvers only where an approval applies, and the requester's reason when they gave one.</summary>
    private static JsonObject Facts(DeploymentCard card) =>
        BlockKitParts.Facts(
            [
                Field("Versions", SlackText.Mrkdwn(card.Versions, FieldBudget)),
                Field("Strategy", SlackText.Mrkdwn(card.Strategy, FieldBudget)),
                Field("Engine", SlackText.Mrkdwn(card.Engine, FieldBudget)),
            ],
            card.RequestedBy, card.ApprovalApplies, card.Approvers, card.RequestReason);

    /// <summary>A manual rollback has no plan to walk: what moved ("4 → 3, all traffic") instead of a progress bar.</summary>
    private static string Moved(DeploymentCard card) =>
        $"*{(card.State == DeploymentState.RolledBack ? "Moved" : "Moving")}* {SlackText.Mrkdwn(card.Moved, FieldBudget)}";

    private static string Progress(DeploymentCard card)
    {
        var head = $"*Progress* `{card.ProgressBar}`";
        var lines = card.Steps.Select((s, i) => StepLine(s, i)).ToList();
        var (text, taken) = SlackText.Lines(lines, ProgressBudget - head.Length - 40);
        var more = lines.Count - taken;
        return head + (text.Length > 0 ? "\n" + text : "") + (more > 0 ? $"\n… and {more} more step{(more == 1 ? "" : "s")}" : "");
    }

    private static string StepLine(CardStep step, int index)
    {
        var icon = step.Status switch
        {
            StepStatus.Done => ":white_check_mark:",
            StepStatus.Current => ":arrow_forward:",
            _ => ":white_circle:",
        };
        var bake = string.IsNullOrEmpty(step.Bake) || step.Bake is "0s" or "0" ? "" : $" · bake {SlackText.Mrkdwn(step.Bake, 40)}";
        var gate = step.Gate ? " · :lock: approval gate" : "";
        var line = $"{icon} {index + 1}. {step.Weight}%{bake}{gate}";
        return step.Status == StepStatus.Current ? $"*{line}*  ← now" : line;
    }

    /// <summary>One line per check, packed into as few sections as fit (at most <see cref="MaxCheckSections"/>).</summary>
    private static IEnumerable<JsonObject> Checks(IReadOnlyList<CardCheck> checks)
    {
        if (checks.Count == 0)
            return [];
        const int Reserve = 40; // room for "… and N more checks"
        var sections = new List<string>();
        var current = "*Health checks*";
        var used = current.Length;
        var shown = 0;
        foreach (var line in checks.Select(CheckText))
        {
            if (used + line.Length + 1 > ChecksBudget - Reserve)
                break;
            if (current.Length + line.Length + 1 > SectionText - Reserve)
            {
                if (sections.Count + 1 == MaxCheckSections)
                    break;
                sections.Add(current);
                current = "";
            }
            current = current.Length == 0 ? line : current + "\n" + line;
            used += line.Length + 1;
            shown++;
        }
        var more = checks.Count - shown;
        if (more > 0)
            current += $"\n… and {more} more check{(more == 1 ? "" : "s")}";
        sections.Add(current.TrimStart('\n'));
        return sections.Select((text, i) => Section($"checks-{i + 1}", text));
    }

    /// <summary>
    /// One line per check: its sentence, which names the check with the measured value and the threshold ("error rate
    /// 0.8% of 1,204 ≤ 5%", "alarm lambda_router-error-rate OK"); name, value and threshold only when there is none.
    /// </summary>
    private static string CheckText(CardCheck check)
    {
        var emoji = StatusEmoji(check.Status) + " ";
        return string.IsNullOrWhiteSpace(check.Text)
            ? emoji + $"{SlackText.Mrkdwn(check.Name, 80)} {SlackText.Mrkdwn(check.Measured, 80)} (threshold {SlackText.Mrkdwn(check.Threshold, 80)})"
            : emoji + SlackText.Mrkdwn(check.Text.ReplaceLineEndings(" "), CheckLine - emoji.Length);
    }

    /// <summary>
    /// An answer to one person that offers buttons (a confirmation): its mrkdwn <paramref name="text"/>, then the
    /// buttons; null when it offers none (the text alone is the answer).
    /// </summary>
    public static JsonArray? Answer(string text, IReadOnlyList<CardButton> buttons) =>
        Actions("answer-actions", buttons) is { } actions ? [Section("answer", text), actions] : null;

    private static string StatusEmoji(CheckStatus status) => status switch
    {
        CheckStatus.Pass => ":white_check_mark:",
        CheckStatus.Fail => ":x:",
        CheckStatus.NoData => ":grey_question:",
        _ => ":warning:",
    };
}
