using System.Text.Json.Nodes;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Notifications.Cards;
using static OpsBot.Teams.Cards.AdaptiveCardLimits;

namespace OpsBot.Teams.Cards;

/// <summary>
/// One rendering of one card: draws its elements (text blocks, facts, lists, buttons) with every text escaped and cut
/// to a budget scaled by <see cref="Scale"/>, and collects the people it mentions so that the card carries exactly the
/// mention entities of the <c>&lt;at&gt;</c> tags left in it.
/// </summary>
internal sealed class AdaptiveCardWriter(TeamsCardContext context, double scale)
{
    private readonly Dictionary<string, JsonObject> mentions = new(StringComparer.Ordinal);

    public TeamsCardContext Context => context;

    /// <summary>1 for a card drawn in full; smaller when the card had to shrink to fit <see cref="MaxCardBytes"/>.</summary>
    public double Scale => scale;

    /// <summary>A character budget at this scale (never below 40).</summary>
    public int Budget(int chars) => Math.Max(40, (int)(chars * scale));

    /// <summary>A count of list items at this scale (never below 1).</summary>
    public int Count(int items) => Math.Max(1, (int)(items * scale));

    /// <summary>Core text as markdown: escaped, then its references drawn (known Teams people as mentions), cut to <paramref name="max"/>.</summary>
    public string Markdown(string? text, int max) =>
        TeamsText.Truncate(ChatRefs.Render(TeamsText.Escape(text), Person, (_, channel) => "#" + TeamsText.Escape(channel)), Budget(max));

    /// <summary>Plain text (titles of actions and choices): references as names, nothing escaped.</summary>
    public string Plain(string? text, int max, string fallback = "—") => TeamsText.Plain(text, max, context.DisplayName, fallback);

    /// <summary>A person by identity: a mention when it is (or <c>OpsBot:People</c> maps it to) a Teams user with a known name, else the escaped identity.</summary>
    public string Person(string? identity)
    {
        if (string.IsNullOrEmpty(identity))
            return "—";
        var inTeams = context.InTeams(identity);
        if (inTeams.StartsWith("teams:", StringComparison.Ordinal) && Guid.TryParse(inTeams["teams:".Length..], out var aad) &&
            context.DisplayName(inTeams) is { } known && MentionName(known) is { Length: > 0 } name)
        {
            var text = $"<at>{name}</at>";
            var id = aad.ToString("D");
            mentions.TryAdd(id + "\n" + text, new JsonObject
            {
                ["type"] = "mention",
                ["text"] = text,
                ["mentioned"] = new JsonObject { ["id"] = id, ["name"] = name },
            });
            return text;
        }
        return TeamsText.Escape(identity);
    }

    /// <summary>People joined by commas, as many as fit, then how many more.</summary>
    public string People(IReadOnlyList<string> people, int max)
    {
        var names = people.Select(Person).ToList();
        var (text, taken) = TeamsText.Lines(names, Budget(max) - 24);
        var shown = text.Replace("\n", ", ", StringComparison.Ordinal);
        return taken == names.Count ? shown : $"{shown}{(taken > 0 ? ", " : "")}…and {names.Count - taken} more";
    }

    /// <summary>The mention entities whose text the finished card still holds (a cut may have dropped some).</summary>
    public JsonArray Mentions(JsonNode card)
    {
        var strings = new List<string>();
        Collect(card, strings);
        return new JsonArray([.. mentions.Values.Where(m => strings.Any(s => s.Contains(m["text"]!.GetValue<string>(), StringComparison.Ordinal))).Select(m => m.DeepClone())]);
    }

    private static void Collect(JsonNode? node, List<string> strings)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, v) in o)
                    Collect(v, strings);
                break;
            case JsonArray a:
                foreach (var v in a)
                    Collect(v, strings);
                break;
            case JsonValue v when v.TryGetValue<string>(out var s) && s.Contains("<at>", StringComparison.Ordinal):
                strings.Add(s);
                break;
        }
    }

    /// <summary>A name fit for an <c>&lt;at&gt;</c> tag: no markup (angle brackets, markdown marks, backslashes) and no control characters.</summary>
    private static string MentionName(string name) =>
        TeamsText.Truncate(new string([.. name.Where(c => c is not ('<' or '>' or '\\' or '*' or '`' or '[' or ']' or '~' or '{' or '}') && !char.IsControl(c))]).Trim(), 100);

    /// <summary>A wrapping TextBlock of markdown <paramref name="text"/> (already escaped).</summary>
    public static JsonObject Text(string text, string? color = null, bool bold = false, string? size = null, bool subtle = false, bool tight = false, bool mono = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text.Length == 0 ? "—" : text, ["wrap"] = true };
        if (color is not null)
            block["color"] = color;
        if (bold)
            block["weight"] = "Bolder";
        if (size is not null)
            block["size"] = size;
        if (subtle)
            block["isSubtle"] = true;
        if (tight)
            block["spacing"] = "None";
        if (mono)
            block["fontType"] = "Monospace";
        return block;
    }

    /// <summary>The card's title: large and bold.</summary>
    public JsonObject Title(string title) => Text(Markdown(title, AdaptiveCardLimits.Title), size: "Large", bold: true);

    /// <summary>The tone's emoji and colour on the headline; CloudWatch's or a person's reason below it when there is one.</summary>
    public IEnumerable<JsonObject> Headline(CardTone tone, string headline, string? reason)
    {
        yield return Text($"{ToneEmoji(tone)} {Markdown(headline, AdaptiveCardLimits.Headline)}", color: ToneColor(tone), bold: true, size: "Medium", tight: true);
        if (!string.IsNullOrWhiteSpace(reason))
            yield return Text(Markdown(reason, Reason), tight: true);
    }

    /// <summary>A FactSet of (title, markdown value) pairs; values already escaped.</summary>
    public JsonObject Facts(IEnumerable<(string Title, string Value)> facts) => new()
    {
        ["type"] = "FactSet",
        ["facts"] = new JsonArray([.. facts.Select(f => (JsonNode)new JsonObject
        {
            ["title"] = TeamsText.Truncate(f.Title, FactTitle),
            ["value"] = f.Value.Length == 0 ? "—" : f.Value,
        })]),
    };

    /// <summary>
    /// A heading (when given) and one TextBlock per line, as many as fit <paramref name="maxLines"/> and the list budget,
    /// then "…and N more"; null when there are no lines.
    /// </summary>
    public JsonObject? List(string? heading, IReadOnlyList<string> lines, int maxLines, string noun, int budget = ListBudget)
    {
        if (lines.Count == 0)
            return null;
        var items = new JsonArray();
        if (heading is not null)
            items.Add(Text(heading, bold: true));
        var left = Budget(budget);
        var shown = 0;
        foreach (var line in lines.Take(Count(maxLines)))
        {
            if ((left -= line.Length) < 0 && shown > 0)
                break;
            items.Add(Text(line, tight: true));
            shown++;
        }
        if (lines.Count > shown)
            items.Add(Text(TeamsText.More(lines.Count - shown, noun), subtle: true, tight: true));
        return new JsonObject { ["type"] = "Container", ["items"] = items };
    }

    /// <summary>"dep-abc123 · state version 3 · Baking", small and subtle.</summary>
    public JsonObject Footer(string id, long version, string state) =>
        Text(TeamsText.Truncate($"{TeamsText.Escape(id)} · state version {version} · {state}", 300), size: "Small", subtle: true);

    /// <summary>The buttons that fit (a value too long to read back is left out), at most <see cref="AdaptiveCardLimits.Actions"/>.</summary>
    public JsonArray Actions(IReadOnlyList<CardButton> buttons) =>
        new([.. buttons.Where(b => b.Value.Length is > 0 and <= ActionValue).Take(AdaptiveCardLimits.Actions).Select(b => (JsonNode)Button(b))]);

    /// <summary>
    /// A button as an Action.Execute: verb "act" with the button's value, or "confirm" when it needs confirming first
    /// (Action.Execute has no confirm dialog: the bot answers with <see cref="AdaptiveCardRenderer.RenderConfirm"/>).
    /// </summary>
    public JsonObject Button(CardButton button) =>
        Execute(Plain(button.Label, ActionTitle, button.Action), ConfirmOf(button) is null ? AdaptiveCardActions.Act : AdaptiveCardActions.Confirm,
            button.Value, button.Danger ? "destructive" : button.Primary ? "positive" : null);

    /// <summary>An Action.Execute carrying <c>{"opsbot": value}</c>; it gathers no inputs.</summary>
    public static JsonObject Execute(string title, string verb, string value, string? style, string associatedInputs = "none")
    {
        var action = new JsonObject
        {
            ["type"] = "Action.Execute",
            ["title"] = title,
            ["verb"] = verb,
            ["data"] = new JsonObject { [AdaptiveCardActions.DataKey] = value },
            ["associatedInputs"] = associatedInputs,
        };
        if (style is not null)
            action["style"] = style;
        return action;
    }

    /// <summary>The confirmation a button needs: its own, or for a danger button without one the same default as Slack's.</summary>
    public static CardConfirm? ConfirmOf(CardButton button) =>
        button.Confirm ?? (button.Danger ? new CardConfirm("Are you sure?", $"{button.Label} cannot be undone.", button.Label, "Cancel") : null);

    public static string StatusEmoji(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "✅",
        CheckStatus.Fail => "❌",
        CheckStatus.NoData => "❔",
        _ => "⚠️",
    };

    public static string ToneEmoji(CardTone tone) => tone switch
    {
        CardTone.Waiting => "⏳",
        CardTone.Progress => "🔵",
        CardTone.Warning => "⚠️",
        CardTone.Success => "✅",
        _ => "🚨",
    };

    /// <summary>The headline's colour: Accent while waiting or in progress, Warning, Good, Attention for danger.</summary>
    public static string ToneColor(CardTone tone) => tone switch
    {
        CardTone.Waiting or CardTone.Progress => "Accent",
        CardTone.Warning => "Warning",
        CardTone.Success => "Good",
        _ => "Attention",
    };
}
