using System.Text.Json.Nodes;
using OpsBot.Core.Notifications.Cards;
using static OpsBot.Slack.BlockKit.BlockKitLimits;

namespace OpsBot.Slack.BlockKit;

/// <summary>
/// The pieces every card is drawn from (deployment, flag change): sections, fields, text objects, the headline, notes,
/// buttons with their confirm dialogs, people and the context line, each escaped and cut to Block Kit's limits.
/// </summary>
internal static class BlockKitParts
{
    /// <summary>The card's title as its header (plain text: nothing in it is markup).</summary>
    public static JsonObject Header(string title, string fallback) => new()
    {
        ["type"] = "header",
        ["block_id"] = "title",
        ["text"] = PlainText(SlackText.Plain(title, HeaderText, fallback)),
    };

    /// <summary>The tone's emoji and the headline in bold; below it, why it stands there, when it says.</summary>
    public static string Headline(CardTone tone, string headlineText, string? reason)
    {
        var headline = $"{ToneEmoji(tone)} *{SlackText.Mrkdwn(headlineText, 300)}*";
        if (!string.IsNullOrWhiteSpace(reason))
            headline += "\n" + SlackText.Mrkdwn(reason, HeadlineBudget - headline.Length - 1);
        return headline;
    }

    /// <summary>What a person must know before acting (a freeze hold, too little traffic, gates skipped, limits exceeded).</summary>
    public static string Notes(IReadOnlyList<string> notes) =>
        SlackText.Lines(notes.Select(n => SlackText.Mrkdwn(n, NoteLine)), NotesBudget).Text;

    /// <summary>The entity's id, the state version its card was drawn for, and its state.</summary>
    public static JsonObject Context(string id, long version, string state) => new()
    {
        ["type"] = "context",
        ["block_id"] = "context",
        ["elements"] = new JsonArray(
        [
            Mrkdwn(SlackText.Truncate($"`{SlackText.Escape(id)}` · state version {version} · {state}", ContextBudget)),
        ]),
    };

    /// <summary>The buttons that fit (a value Slack would refuse is left out); null when none does.</summary>
    public static JsonObject? Actions(string blockId, IReadOnlyList<CardButton> buttons)
    {
        var elements = buttons.Where(b => b.Value.Length <= ButtonValue).Take(ActionsElements).Select(Button).ToList();
        return elements.Count == 0 ? null : new JsonObject
        {
            ["type"] = "actions",
            ["block_id"] = blockId,
            ["elements"] = new JsonArray([.. elements]),
        };
    }

    /// <summary>A button: the action as its id, a style, and a confirm dialog (always for a danger button).</summary>
    public static JsonNode Button(CardButton button)
    {
        var element = new JsonObject
        {
            ["type"] = "button",
            ["action_id"] = SlackText.Truncate(button.Action, ActionId),
            ["text"] = PlainText(SlackText.Plain(button.Label, ButtonText, button.Action)),
            ["value"] = button.Value,
        };
        if (button.Danger)
            element["style"] = "danger";
        else if (button.Primary)
            element["style"] = "primary";
        var confirm = button.Confirm ?? (button.Danger
            ? new CardConfirm("Are you sure?", $"{button.Label} cannot be undone.", button.Label, "Cancel")
            : null);
        if (confirm is not null)
        {
            element["confirm"] = new JsonObject
            {
                ["title"] = PlainText(SlackText.Plain(confirm.Title, ConfirmTitle, "Are you sure?")),
                ["text"] = PlainText(SlackText.Plain(confirm.Text, ConfirmText, "Are you sure?")),
                ["confirm"] = PlainText(SlackText.Plain(confirm.Confirm, ConfirmButton, "Yes")),
                ["deny"] = PlainText(SlackText.Plain(confirm.Deny, ConfirmButton, "Cancel")),
            };
            if (button.Danger)
                element["confirm"]!["style"] = "danger";
        }
        return element;
    }

    /// <summary>A mrkdwn section, cut to Slack's limit.</summary>
    public static JsonObject Section(string blockId, string mrkdwn) => new()
    {
        ["type"] = "section",
        ["block_id"] = blockId,
        ["text"] = Mrkdwn(SlackText.Truncate(mrkdwn.Length == 0 ? "—" : mrkdwn, SectionText)),
    };

    /// <summary>
    /// The facts section: the card's own <paramref name="fields"/>, then who asked, the approvers only where an approval
    /// applies, and the requester's reason when they gave one.
    /// </summary>
    public static JsonObject Facts(JsonArray fields, string requestedBy, bool approvalApplies, IReadOnlyList<string> approvers, string? requestReason)
    {
        fields.Add(Field("Requested by", Person(requestedBy)));
        if (approvalApplies)
            fields.Add(Field("Approvers", approvers.Count == 0 ? "_none yet_" : People(approvers)));
        if (!string.IsNullOrWhiteSpace(requestReason))
            fields.Add(Field("Reason", SlackText.Mrkdwn(requestReason, ReasonBudget)));
        return new JsonObject
        {
            ["type"] = "section",
            ["block_id"] = "facts",
            ["fields"] = fields,
        };
    }

    /// <summary>A section field: the name in bold, the value (already escaped) below it.</summary>
    public static JsonObject Field(string name, string value) =>
        Mrkdwn(SlackText.Truncate($"*{name}*\n{(value.Length == 0 ? "—" : value)}", FieldText));

    public static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    public static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    /// <summary>As many people as fit, whole (a mention cut in half would show as markup), then how many more.</summary>
    public static string People(IReadOnlyList<string> people)
    {
        var names = people.Select(p => Person(p)).ToList();
        var (text, taken) = SlackText.Lines(names, FieldBudget - 20);
        var shown = text.Replace("\n", ", ", StringComparison.Ordinal);
        return taken == names.Count ? shown : $"{shown}{(taken > 0 ? ", " : "")}… and {names.Count - taken} more";
    }

    /// <summary>A person as a mention (a Slack identity) or as escaped text.</summary>
    public static string Person(string? identity) => SlackText.Truncate(SlackText.Person(identity), 120);

    public static string ToneEmoji(CardTone tone) => tone switch
    {
        CardTone.Waiting => ":hourglass_flowing_sand:",
        CardTone.Progress => ":large_blue_circle:",
        CardTone.Warning => ":warning:",
        CardTone.Success => ":white_check_mark:",
        _ => ":rotating_light:",
    };
}
