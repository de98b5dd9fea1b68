using System.Globalization;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Slack;

/// <summary>
/// Block Kit's limits for messages, checked the way Slack rejects a message that breaks them: each problem becomes one
/// line in Slack's wording with a JSON pointer to the offending value, e.g.
/// <c>must be less than 3001 characters [json-pointer:/blocks/0/text/text]</c> or
/// <c>no more than 50 items allowed [json-pointer:/blocks]</c> (the answer is then <c>invalid_blocks</c>).
/// Limits from Slack's Block Kit reference and python-slack-sdk's validators (see PROTOCOLS.md §7).
/// </summary>
internal static class BlockKitLimits
{
    public const int MessageBlocks = 50;
    public const int SectionText = 3000;
    public const int SectionFields = 10;
    public const int SectionFieldText = 2000;
    public const int HeaderText = 150;
    public const int ActionsElements = 25;
    public const int ContextElements = 10;
    public const int ButtonText = 75;
    public const int ButtonValue = 2000;
    public const int ButtonUrl = 3000;
    public const int ActionId = 255;
    public const int BlockId = 255;
    public const int MarkdownText = 12000;
    public const int ImageUrl = 3000;
    public const int ImageAltText = 2000;
    public const int ImageTitle = 2000;
    public const int ConfirmTitle = 100;
    public const int ConfirmText = 300;
    public const int ConfirmButton = 30;
    public const int SelectOptions = 100;
    public const int OverflowOptions = 5;
    public const int ChoiceOptions = 10;
    public const int OptionText = 75;
    public const int OptionValue = 150;

    private static readonly HashSet<string> BlockTypes =
        ["actions", "context", "divider", "file", "header", "image", "input", "markdown", "rich_text", "section", "table", "video"];

    private static readonly HashSet<string> ElementTypes =
    [
        "button", "checkboxes", "channels_select", "conversations_select", "datepicker", "datetimepicker", "email_text_input",
        "external_select", "file_input", "image", "multi_channels_select", "multi_conversations_select", "multi_external_select",
        "multi_static_select", "multi_users_select", "number_input", "overflow", "plain_text_input", "radio_buttons",
        "rich_text_input", "static_select", "timepicker", "url_text_input", "users_select", "workflow_button",
    ];

    private static readonly string[] PlainOrMrkdwn = ["plain_text", "mrkdwn"];
    private static readonly string[] PlainOnly = ["plain_text"];

    /// <summary>The problems with a message's <c>blocks</c> array, in Slack's wording; empty when Slack would accept it.</summary>
    public static IReadOnlyList<string> Validate(JsonArray blocks)
    {
        var errors = new List<string>();
        if (blocks.Count > MessageBlocks)
            errors.Add(TooMany(MessageBlocks, "/blocks"));
        for (var i = 0; i < blocks.Count; i++)
            Block(blocks[i], $"/blocks/{i}", errors);
        return errors;
    }

    private static void Block(JsonNode? node, string at, List<string> errors)
    {
        if (node is not JsonObject block)
        {
            errors.Add(At("failed to match all allowed schemas", at));
            return;
        }
        var type = Str(block, "type");
        if (type is null)
        {
            errors.Add(At("missing required field: type", at));
            return;
        }
        if (!BlockTypes.Contains(type))
        {
            errors.Add(At($"unsupported type: {type}", $"{at}/type"));
            return;
        }
        MaxLength(block, "block_id", BlockId, at, errors);
        switch (type)
        {
            case "section":
                if (!block.ContainsKey("text") && !block.ContainsKey("fields"))
                    errors.Add(At("must define either `text` or `fields`", $"{at}/type"));
                if (block.ContainsKey("text"))
                    TextObject(block["text"], $"{at}/text", PlainOrMrkdwn, SectionText, errors);
                if (block.ContainsKey("fields"))
                {
                    if (block["fields"] is not JsonArray fields)
                        errors.Add(At("must be an array", $"{at}/fields"));
                    else
                    {
                        if (fields.Count > SectionFields)
                            errors.Add(TooMany(SectionFields, $"{at}/fields"));
                        for (var f = 0; f < fields.Count; f++)
                            TextObject(fields[f], $"{at}/fields/{f}", PlainOrMrkdwn, SectionFieldText, errors);
                    }
                }
                if (block.ContainsKey("accessory"))
                    Element(block["accessory"], $"{at}/accessory", errors);
                break;
            case "header":
                Required(block, "text", at, errors);
                if (block.ContainsKey("text"))
                    TextObject(block["text"], $"{at}/text", PlainOnly, HeaderText, errors);
                break;
            case "actions":
                Elements(block, at, ActionsElements, errors, Element);
                break;
            case "context":
                Elements(block, at, ContextElements, errors, ContextElement);
                break;
            case "markdown":
                Required(block, "text", at, errors);
                if (block.ContainsKey("text"))
                {
                    if (Str(block, "text") is not { } text)
                        errors.Add(At("must be a string", $"{at}/text"));
                    else
                        Length(text, MarkdownText, $"{at}/text", errors);
                }
                break;
            case "image":
                ImageBlockOrElement(block, at, errors);
                MaxLengthText(block, "title", ImageTitle, at, errors, PlainOnly);
                break;
        }
    }

    private static void Elements(JsonObject block, string at, int max, List<string> errors, Action<JsonNode?, string, List<string>> element)
    {
        if (!block.ContainsKey("elements"))
        {
            errors.Add(At("missing required field: elements", at));
            return;
        }
        if (block["elements"] is not JsonArray elements)
        {
            errors.Add(At("must be an array", $"{at}/elements"));
            return;
        }
        if (elements.Count == 0)
            errors.Add(At("must provide at least 1 items", $"{at}/elements"));
        if (elements.Count > max)
            errors.Add(TooMany(max, $"{at}/elements"));
        for (var e = 0; e < elements.Count; e++)
            element(elements[e], $"{at}/elements/{e}", errors);
    }

    private static void ContextElement(JsonNode? node, string at, List<string> errors)
    {
        if (node is JsonObject element && Str(element, "type") == "image")
        {
            ImageBlockOrElement(element, at, errors);
            return;
        }
        TextObject(node, at, PlainOrMrkdwn, SectionText, errors);
    }

    private static void Element(JsonNode? node, string at, List<string> errors)
    {
        if (node is not JsonObject element)
        {
            errors.Add(At("failed to match all allowed schemas", at));
            return;
        }
        var type = Str(element, "type");
        if (type is null)
        {
            errors.Add(At("missing required field: type", at));
            return;
        }
        if (!ElementTypes.Contains(type))
        {
            errors.Add(At($"unsupported type: {type}", $"{at}/type"));
            return;
        }
        MaxLength(element, "action_id", ActionId, at, errors);
        if (element.ContainsKey("confirm"))
            Confirm(element["confirm"], $"{at}/confirm", errors);
        switch (type)
        {
            case "button":
                Required(element, "text", at, errors);
                if (element.ContainsKey("text"))
                    TextObject(element["text"], $"{at}/text", PlainOnly, ButtonText, errors);
                MaxLength(element, "value", ButtonValue, at, errors);
                MaxLength(element, "url", ButtonUrl, at, errors);
                if (element.ContainsKey("style") && Str(element, "style") is not ("primary" or "danger"))
                    errors.Add(At("must be a valid enum value", $"{at}/style"));
                break;
            case "static_select" or "multi_static_select":
                Options(element, at, SelectOptions, errors);
                break;
            case "overflow":
                Options(element, at, OverflowOptions, errors);
                break;
            case "checkboxes" or "radio_buttons":
                Options(element, at, ChoiceOptions, errors);
                break;
            case "image":
                ImageBlockOrElement(element, at, errors);
                break;
        }
    }

    private static void Options(JsonObject element, string at, int max, List<string> errors)
    {
        if (element["options"] is not JsonArray options)
            return; // option_groups or an external source instead
        if (options.Count > max)
            errors.Add(TooMany(max, $"{at}/options"));
        for (var o = 0; o < options.Count; o++)
        {
            var optionAt = $"{at}/options/{o}";
            if (options[o] is not JsonObject option)
            {
                errors.Add(At("failed to match all allowed schemas", optionAt));
                continue;
            }
            Required(option, "text", optionAt, errors);
            if (option.ContainsKey("text"))
                TextObject(option["text"], $"{optionAt}/text", PlainOrMrkdwn, OptionText, errors);
            MaxLength(option, "value", OptionValue, optionAt, errors);
        }
    }

    /// <summary>A confirmation dialog: every field required, each within its limit.</summary>
    private static void Confirm(JsonNode? node, string at, List<string> errors)
    {
        if (node is not JsonObject confirm)
        {
            errors.Add(At("failed to match all allowed schemas", at));
            return;
        }
        foreach (var (field, max, types) in new[]
                 {
                     ("title", ConfirmTitle, PlainOnly), ("text", ConfirmText, PlainOrMrkdwn),
                     ("confirm", ConfirmButton, PlainOnly), ("deny", ConfirmButton, PlainOnly),
                 })
        {
            Required(confirm, field, at, errors);
            if (confirm.ContainsKey(field))
                TextObject(confirm[field], $"{at}/{field}", types, max, errors);
        }
        if (confirm.ContainsKey("style") && Str(confirm, "style") is not ("primary" or "danger"))
            errors.Add(At("must be a valid enum value", $"{at}/style"));
    }

    private static void ImageBlockOrElement(JsonObject image, string at, List<string> errors)
    {
        if (!image.ContainsKey("image_url") && !image.ContainsKey("slack_file"))
            errors.Add(At("must provide either `image_url` or `slack_file`", at));
        MaxLength(image, "image_url", ImageUrl, at, errors);
        Required(image, "alt_text", at, errors);
        MaxLength(image, "alt_text", ImageAltText, at, errors);
    }

    /// <summary>A text object <c>{type, text}</c> of one of <paramref name="types"/>, its text 1..max characters.</summary>
    private static void TextObject(JsonNode? node, string at, string[] types, int max, List<string> errors)
    {
        if (node is not JsonObject text || Str(text, "type") is not { } type || !types.Contains(type))
        {
            errors.Add(At("failed to match all allowed schemas", at));
            return;
        }
        if (Str(text, "text") is not { } value)
        {
            errors.Add(At("missing required field: text", at));
            return;
        }
        if (value.Length == 0)
            errors.Add(At("must be more than 0 characters", $"{at}/text"));
        Length(value, max, $"{at}/text", errors);
    }

    private static void MaxLengthText(JsonObject parent, string field, int max, string at, List<string> errors, string[] types)
    {
        if (parent.ContainsKey(field))
            TextObject(parent[field], $"{at}/{field}", types, max, errors);
    }

    private static void MaxLength(JsonObject parent, string field, int max, string at, List<string> errors)
    {
        if (!parent.ContainsKey(field))
            return;
        if (Str(parent, field) is not { } value)
            errors.Add(At("must be a string", $"{at}/{field}"));
        else
            Length(value, max, $"{at}/{field}", errors);
    }

    private static void Length(string value, int max, string at, List<string> errors)
    {
        if (value.Length > max)
            errors.Add(At(string.Create(CultureInfo.InvariantCulture, $"must be less than {max + 1} characters"), at));
    }

    private static void Required(JsonObject parent, string field, string at, List<string> errors)
    {
        if (!parent.ContainsKey(field))
            errors.Add(At($"missing required field: {field}", at));
    }

    private static string? Str(JsonObject parent, string field) =>
        parent[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string TooMany(int max, string at) =>
        At(string.Create(CultureInfo.InvariantCulture, $"no more than {max} items allowed"), at);

    private static string At(string message, string pointer) => $"{message} [json-pointer:{pointer}]";
}
