using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpsBot.Slack.Tests.BlockKit;

/// <summary>
/// Every Block Kit limit OpsBot's messages touch, checked over rendered JSON (docs.slack.dev block and
/// composition-object references), plus escaping: in mrkdwn a '&lt;' may only open a user mention and a '&amp;' only an entity.
/// </summary>
internal static partial class BlockKitLimitChecker
{
    /// <summary>Total text past which Slack answers msg_blocks_too_long in practice (slackapi/bolt-js#2509).</summary>
    public const int TotalText = 12_000;

    public static IReadOnlyList<string> Problems(JsonArray blocks)
    {
        var problems = new List<string>();
        void Check(bool ok, string problem)
        {
            if (!ok)
                problems.Add(problem);
        }

        Check(blocks.Count <= 50, $"{blocks.Count} blocks (max 50)");
        var blockIds = new HashSet<string>();
        var actionIds = new HashSet<string>();
        var total = 0;
        void Text(JsonNode? node, string where, int max, bool plainOnly = false)
        {
            var type = node?["type"]?.GetValue<string>();
            var text = node?["text"]?.GetValue<string>() ?? "";
            Check(type is "plain_text" or "mrkdwn", $"{where}: text type {type}");
            Check(!plainOnly || type == "plain_text", $"{where}: must be plain_text, is {type}");
            Check(text.Length is > 0, $"{where}: empty text");
            Check(text.Length <= max, $"{where}: {text.Length} characters (max {max})");
            if (type == "mrkdwn")
            {
                Check(!BadAngle().IsMatch(text), $"{where}: unescaped '<' in mrkdwn: {text}");
                Check(!BadAmp().IsMatch(text), $"{where}: unescaped '&' in mrkdwn: {text}");
            }
            total += text.Length;
        }

        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i]!;
            var where = $"block {i} ({block["type"]})";
            if (block["block_id"]?.GetValue<string>() is { } id)
            {
                Check(id.Length <= 255, $"{where}: block_id {id.Length} characters");
                Check(blockIds.Add(id), $"{where}: block_id {id} repeated");
            }
            switch (block["type"]?.GetValue<string>())
            {
                case "header":
                    Text(block["text"], where, 150, plainOnly: true);
                    break;
                case "section":
                    if (block["text"] is { } text)
                        Text(text, where, 3000);
                    if (block["fields"] is JsonArray fields)
                    {
                        Check(fields.Count <= 10, $"{where}: {fields.Count} fields (max 10)");
                        foreach (var field in fields)
                            Text(field, where + " field", 2000);
                    }
                    Check(block["text"] is not null || block["fields"] is not null, $"{where}: neither text nor fields");
                    break;
                case "actions":
                    var elements = block["elements"]!.AsArray();
                    Check(elements.Count is > 0 and <= 25, $"{where}: {elements.Count} elements (1..25)");
                    foreach (var button in elements)
                    {
                        var actionId = button!["action_id"]!.GetValue<string>();
                        Check(actionId.Length <= 255, $"{where}: action_id {actionId.Length} characters");
                        Check(actionIds.Add(actionId), $"{where}: action_id {actionId} repeated");
                        if (button["type"]?.GetValue<string>() == "static_select")
                        {
                            // A select: placeholder 150, 1..100 options, each text 75 and value 150.
                            Text(button["placeholder"], where + " select placeholder", 150, plainOnly: true);
                            var options = button["options"]!.AsArray();
                            Check(options.Count is > 0 and <= 100, $"{where}: {options.Count} options (1..100)");
                            foreach (var option in options)
                            {
                                Text(option!["text"], where + " option", 75, plainOnly: true);
                                Check(option["value"]!.GetValue<string>().Length <= 150, $"{where}: option value over 150");
                            }
                        }
                        else
                        {
                            Text(button["text"], where + " button", 75, plainOnly: true);
                        }
                        Check((button["value"]?.GetValue<string>().Length ?? 0) <= 2000, $"{where}: value over 2000");
                        Check(button["style"]?.GetValue<string>() is null or "primary" or "danger", $"{where}: style {button["style"]}");
                        if (button["confirm"] is { } confirm)
                        {
                            Text(confirm["title"], where + " confirm title", 100, plainOnly: true);
                            Text(confirm["text"], where + " confirm text", 300);
                            Text(confirm["confirm"], where + " confirm button", 30, plainOnly: true);
                            Text(confirm["deny"], where + " deny button", 30, plainOnly: true);
                        }
                    }
                    break;
                case "context":
                    var items = block["elements"]!.AsArray();
                    Check(items.Count is > 0 and <= 10, $"{where}: {items.Count} elements (1..10)");
                    foreach (var item in items)
                        Text(item, where + " element", 3000);
                    break;
                case "divider":
                    break;
                default:
                    problems.Add($"{where}: unexpected block type");
                    break;
            }
        }
        Check(total <= TotalText, $"{total} characters of text in all (keep under {TotalText})");
        return problems;
    }

    [GeneratedRegex("<(?!@[UW][A-Z0-9]+>)")]
    private static partial Regex BadAngle();

    [GeneratedRegex("&(?!amp;|lt;|gt;)")]
    private static partial Regex BadAmp();
}
