using System.Text.Json.Nodes;
using OpsBot.Core.Notifications.Cards;
using static OpsBot.Teams.Cards.AdaptiveCardLimits;

namespace OpsBot.Teams.Cards;

/// <summary>
/// Draws Core's cards as Adaptive Cards 1.5 for Teams (what <c>OpsBot.Slack.BlockKit</c> draws as Block Kit): the
/// deployment card here, flag, incident and health cards in their own renderers. Buttons are Action.Execute (Teams'
/// Universal Actions), a card names the users whose clients refresh it, and people are <c>&lt;at&gt;</c> mentions.
/// A card that would pass <see cref="AdaptiveCardLimits.MaxCardBytes"/> is drawn again with smaller budgets until it fits.
/// </summary>
internal static class AdaptiveCardRenderer
{
    public const string Schema = "http://adaptivecards.io/schemas/adaptive-card.json";
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    private static readonly double[] Scales = [1, 0.5, 0.25, 0.1, 0.03];

    /// <summary>The AdaptiveCard content of any card OpsBot draws.</summary>
    public static JsonObject Render(ChatCard card, TeamsCardContext context)
    {
        Func<AdaptiveCardWriter, (JsonArray Body, JsonArray Actions)> draw = card switch
        {
            DeploymentCard deployment => w => Draw(deployment, w),
            FlagCard flags => w => FlagAdaptiveCard.Draw(flags, w),
            IncidentCard incident => w => IncidentAdaptiveCard.Draw(incident, w),
            HealthCard health => w => HealthAdaptiveCard.Draw(health, w),
            _ => throw new ArgumentException($"Teams cannot draw a {card.GetType().Name} yet.", nameof(card)),
        };
        return Fit(context, card.Summary, AdaptiveCardActions.EntityKey(card), draw);
    }

    /// <summary>
    /// The card that asks before <paramref name="button"/> acts (Action.Execute has no confirm dialog): the original's
    /// title, the question, the button's action (verb "act", destructive) and a Cancel that brings the original back
    /// (verb "refresh" with its entity key). It has no refresh of its own, so nobody's client swaps it back unasked.
    /// </summary>
    public static JsonObject RenderConfirm(ChatCard original, CardButton button, TeamsCardContext context)
    {
        var confirm = AdaptiveCardWriter.ConfirmOf(button) ?? new CardConfirm("Are you sure?", "", button.Label, "Cancel");
        var key = AdaptiveCardActions.EntityKey(original) ?? AdaptiveCardActions.NoEntity;
        return Fit(context, original.Summary, null, w =>
        {
            var body = new JsonArray();
            if (TitleOf(original) is { } title)
                body.Add(w.Title(title));
            body.Add(AdaptiveCardWriter.Text(w.Markdown(confirm.Title, AdaptiveCardLimits.Title), color: "Warning", bold: true, size: "Medium"));
            if (!string.IsNullOrWhiteSpace(confirm.Text))
                body.Add(AdaptiveCardWriter.Text(w.Markdown(confirm.Text, ConfirmText)));
            var actions = new JsonArray
            {
                AdaptiveCardWriter.Execute(w.Plain(confirm.Confirm, ActionTitle, button.Label), AdaptiveCardActions.Act, button.Value, "destructive"),
                AdaptiveCardWriter.Execute(w.Plain(confirm.Deny, ActionTitle, "Cancel"), AdaptiveCardActions.Refresh, key, null),
            };
            return (body, actions);
        });
    }

    /// <summary>The deployment card: title, headline and reason, notes, facts, progress (or what a rollback moved), checks, buttons, context.</summary>
    private static (JsonArray, JsonArray) Draw(DeploymentCard card, AdaptiveCardWriter w)
    {
        var body = new JsonArray { w.Title(card.Title) };
        foreach (var block in w.Headline(card.Tone, card.Headline, card.Reason))
            body.Add(block);
        if (w.List(null, [.. card.Notes.Select(n => "📌 " + w.Markdown(n, Line))], Notes, "note") is { } notes)
            body.Add(notes);
        body.Add(w.Facts(
        [
            ("Versions", w.Markdown(card.Versions, FactValue)),
            ("Strategy", w.Markdown(card.Strategy, FactValue)),
            ("Engine", w.Markdown(card.Engine, FactValue)),
            .. People(w, card.RequestedBy, card.ApprovalApplies, card.Approvers, card.RequestReason),
        ]));
        if (card.Moved is not null)
            body.Add(AdaptiveCardWriter.Text($"**{(card.State == Core.Deployments.DeploymentState.RolledBack ? "Moved" : "Moving")}** {w.Markdown(card.Moved, FactValue)}"));
        else
        {
            body.Add(AdaptiveCardWriter.Text($"**Progress** {card.ProgressBar}"));
            if (w.List(null, [.. card.Steps.Select(StepLine)], Steps, "step") is { } steps)
                body.Add(steps);
        }
        if (w.List("Health checks", [.. card.Checks.Select(c => CheckLine(c, w))], Checks, "check") is { } checks)
            body.Add(checks);
        body.Add(w.Footer(card.DeploymentId, card.Version, card.State.ToString()));
        return (body, w.Actions(card.Buttons));
    }

    /// <summary>Requested by, the approvers where an approval applies, and the requester's reason when given: shared by deployment and flag cards.</summary>
    public static IEnumerable<(string, string)> People(AdaptiveCardWriter w, string requestedBy, bool approvalApplies, IReadOnlyList<string> approvers, string? requestReason)
    {
        yield return ("Requested by", w.Person(requestedBy));
        if (approvalApplies)
            yield return ("Approvers", approvers.Count == 0 ? "none yet" : w.People(approvers, FactValue));
        if (!string.IsNullOrWhiteSpace(requestReason))
            yield return ("Reason", w.Markdown(requestReason, Reason));
    }

    /// <summary>"▶️ **2. 50% · bake 10m · 🔒 approval gate** ← now".</summary>
    private static string StepLine(CardStep step, int index)
    {
        var icon = step.Status switch
        {
            StepStatus.Done => "✅",
            StepStatus.Current => "▶️",
            _ => "⚪",
        };
        var bake = string.IsNullOrEmpty(step.Bake) || step.Bake is "0s" or "0" ? "" : $" · bake {TeamsText.Truncate(TeamsText.Escape(step.Bake), 40)}";
        var gate = step.Gate ? " · 🔒 approval gate" : "";
        var line = $"{index + 1}. {step.Weight}%{bake}{gate}";
        return step.Status == StepStatus.Current ? $"{icon} **{line}** ← now" : $"{icon} {line}";
    }

    /// <summary>A check's sentence (it names the measured value and the threshold), or name, measured and threshold when it has none.</summary>
    public static string CheckLine(CardCheck check, AdaptiveCardWriter w) =>
        AdaptiveCardWriter.StatusEmoji(check.Status) + " " + (string.IsNullOrWhiteSpace(check.Text)
            ? $"{w.Markdown(check.Name, 100)}: {w.Markdown(check.Measured, 100)} (threshold {w.Markdown(check.Threshold, 100)})"
            : w.Markdown(check.Text.ReplaceLineEndings(" "), Line));

    private static string? TitleOf(ChatCard card) => card switch
    {
        DeploymentCard d => d.Title,
        FlagCard f => f.Title,
        IncidentCard i => i.Title,
        HealthCard h => h.Title,
        _ => null,
    };

    /// <summary>Draws at full scale, then smaller until the card fits; the last resort keeps only the title and summary.</summary>
    private static JsonObject Fit(TeamsCardContext context, string summary, string? refreshKey, Func<AdaptiveCardWriter, (JsonArray Body, JsonArray Actions)> draw)
    {
        foreach (var scale in Scales)
        {
            var writer = new AdaptiveCardWriter(context, scale);
            var (body, actions) = draw(writer);
            var card = Envelope(writer, summary, refreshKey, body, actions);
            if (SizeOf(card) <= MaxCardBytes)
                return card;
        }
        var last = new AdaptiveCardWriter(context, 0.01);
        return Envelope(last, summary, null, [AdaptiveCardWriter.Text(last.Markdown(summary, 400), bold: true)], []);
    }

    /// <summary>The AdaptiveCard around a body: schema, version 1.5, fallback text, refresh, full width and mentions.</summary>
    private static JsonObject Envelope(AdaptiveCardWriter w, string summary, string? refreshKey, JsonArray body, JsonArray actions)
    {
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = Schema,
            ["version"] = "1.5",
            ["fallbackText"] = w.Plain(summary, Summary, "OpsBot"),
            ["body"] = body,
        };
        if (actions.Count > 0)
            card["actions"] = actions;
        var users = w.Context.RefreshUserIds.Where(u => !string.IsNullOrWhiteSpace(u)).Distinct(StringComparer.Ordinal).Take(RefreshUsers).ToList();
        if (refreshKey is not null && users.Count > 0)
            card["refresh"] = new JsonObject
            {
                ["action"] = new JsonObject
                {
                    ["type"] = "Action.Execute",
                    ["verb"] = AdaptiveCardActions.Refresh,
                    ["data"] = new JsonObject { [AdaptiveCardActions.DataKey] = refreshKey },
                },
                ["userIds"] = new JsonArray([.. users.Select(u => (JsonNode)u)]),
            };
        card["msteams"] = new JsonObject { ["width"] = "Full", ["entities"] = w.Mentions(card) };
        return card;
    }
}
