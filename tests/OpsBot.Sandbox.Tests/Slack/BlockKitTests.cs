using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Tests.Slack;

/// <summary>Block Kit limits: a message that breaks one is refused with <c>invalid_blocks</c> and Slack's explanation.</summary>
public sealed class BlockKitTests : SlackTestBase
{
    private static string Text(int length) => new('a', length);

    private static JsonObject Section(string text) => new() { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text } };

    private static JsonObject Header(string text) => new() { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = text } };

    private static JsonObject Button(string text = "Promote", string value = "dep-1", string actionId = "promote", JsonObject? confirm = null)
    {
        var button = new JsonObject
        {
            ["type"] = "button", ["action_id"] = actionId, ["value"] = value,
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = text },
        };
        if (confirm is not null)
            button["confirm"] = confirm;
        return button;
    }

    private static JsonObject Actions(params JsonObject[] elements) => new() { ["type"] = "actions", ["elements"] = new JsonArray(elements) };

    private static JsonObject Context(int count) => new()
    {
        ["type"] = "context",
        ["elements"] = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["type"] = "mrkdwn", ["text"] = $"#{i}" })]),
    };

    private static JsonObject Confirm(string title = "Roll back?", string text = "Traffic returns to v41.", string? deny = "Cancel")
    {
        var confirm = new JsonObject
        {
            ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = title },
            ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text },
            ["confirm"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Roll back" },
        };
        if (deny is not null)
            confirm["deny"] = new JsonObject { ["type"] = "plain_text", ["text"] = deny };
        return confirm;
    }

    private static JsonObject With(JsonObject block, string key, string value)
    {
        block[key] = value;
        return block;
    }

    public static TheoryData<string, JsonArray, string> Violations => new()
    {
        { "51 blocks", new JsonArray([.. Enumerable.Range(0, 51).Select(_ => (JsonNode)new JsonObject { ["type"] = "divider" })]), "no more than 50 items allowed [json-pointer:/blocks]" },
        { "section text 3001", new JsonArray(Section(Text(3001))), "must be less than 3001 characters [json-pointer:/blocks/0/text/text]" },
        { "header 151", new JsonArray(Header(Text(151))), "must be less than 151 characters [json-pointer:/blocks/0/text/text]" },
        { "button text 76", new JsonArray(Actions(Button(text: Text(76)))), "must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]" },
        { "button value 2001", new JsonArray(Actions(Button(value: Text(2001)))), "must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]" },
        { "action_id 256", new JsonArray(Actions(Button(), Button(actionId: Text(256)))), "must be less than 256 characters [json-pointer:/blocks/0/elements/1/action_id]" },
        { "block_id 256", new JsonArray(Section("ok"), With(Section("ok"), "block_id", Text(256))), "must be less than 256 characters [json-pointer:/blocks/1/block_id]" },
        { "26 actions", new JsonArray(Actions([.. Enumerable.Range(0, 26).Select(i => Button(actionId: $"a{i}"))])), "no more than 25 items allowed [json-pointer:/blocks/0/elements]" },
        { "11 context elements", new JsonArray(Context(11)), "no more than 10 items allowed [json-pointer:/blocks/0/elements]" },
        { "confirm title 101", new JsonArray(Actions(Button(confirm: Confirm(title: Text(101))))), "must be less than 101 characters [json-pointer:/blocks/0/elements/0/confirm/title/text]" },
        { "confirm text 301", new JsonArray(Actions(Button(confirm: Confirm(text: Text(301))))), "must be less than 301 characters [json-pointer:/blocks/0/elements/0/confirm/text/text]" },
        { "confirm without deny", new JsonArray(Actions(Button(confirm: Confirm(deny: null)))), "missing required field: deny [json-pointer:/blocks/0/elements/0/confirm]" },
        { "unknown block type", new JsonArray(new JsonObject { ["type"] = "carousel" }), "unsupported type: carousel [json-pointer:/blocks/0/type]" },
        { "unknown element type", new JsonArray(Actions(new JsonObject { ["type"] = "slider" })), "unsupported type: slider [json-pointer:/blocks/0/elements/0/type]" },
        { "section without text or fields", new JsonArray(new JsonObject { ["type"] = "section" }), "must define either `text` or `fields` [json-pointer:/blocks/0/type]" },
        { "mrkdwn header", new JsonArray(new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = "x" } }), "failed to match all allowed schemas [json-pointer:/blocks/0/text]" },
        { "11 fields", new JsonArray(new JsonObject { ["type"] = "section", ["fields"] = new JsonArray([.. Enumerable.Range(0, 11).Select(_ => (JsonNode)new JsonObject { ["type"] = "mrkdwn", ["text"] = "f" })]) }), "no more than 10 items allowed [json-pointer:/blocks/0/fields]" },
        { "button style", new JsonArray(Actions(With(Button(), "style", "loud"))), "must be a valid enum value [json-pointer:/blocks/0/elements/0/style]" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task A_limit_broken_is_invalid_blocks_with_Slacks_explanation(string name, JsonArray blocks, string error)
    {
        var answer = await JsonAsync("chat.postMessage", new JsonObject { ["channel"] = Deploys, ["text"] = name, ["blocks"] = blocks });

        Assert.False(answer.Ok);
        Assert.Equal("invalid_blocks", answer.Error);
        Assert.Contains(error, answer.Body["errors"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Contains($"[ERROR] {error}", answer.Body["response_metadata"]!["messages"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Empty(Workspace.Messages(Deploys));
    }

    [Fact]
    public async Task Blocks_exactly_at_every_limit_are_accepted()
    {
        var blocks = new JsonArray(
            Section(Text(3000)),
            Header(Text(150)),
            Actions([.. Enumerable.Range(0, 24).Select(i => Button(actionId: $"a{i}")), Button(text: Text(75), value: Text(2000), actionId: Text(255),
                confirm: Confirm(title: Text(100), text: Text(300)))]),
            Context(10),
            With(Section("ok"), "block_id", Text(255)));
        for (var i = blocks.Count; i < 50; i++)
            blocks.Add(new JsonObject { ["type"] = "divider" });

        var answer = await JsonAsync("chat.postMessage", new JsonObject { ["channel"] = Deploys, ["text"] = "limits", ["blocks"] = blocks });

        Assert.True(answer.Ok, answer.ToString());
    }

    [Fact]
    public async Task Blocks_that_are_not_a_JSON_array_are_invalid_blocks_format()
    {
        var notJson = await FormAsync("chat.postMessage", [F("channel", Deploys), F("text", "x"), F("blocks", "[object Object]")]);
        var anObject = await JsonAsync("chat.postMessage", new JsonObject { ["channel"] = Deploys, ["text"] = "x", ["blocks"] = new JsonObject { ["type"] = "divider" } });

        Assert.Equal("invalid_blocks_format", notJson.Error);
        Assert.Equal("invalid_blocks_format", anObject.Error);
    }

    [Fact]
    public async Task Update_and_ephemeral_are_held_to_the_same_limits()
    {
        var ts = await PostAsync("card");
        var tooLong = new JsonArray(Section(Text(3001)));

        var update = await JsonAsync("chat.update", new JsonObject { ["channel"] = Deploys, ["ts"] = ts, ["text"] = "x", ["blocks"] = tooLong.DeepClone() });
        var ephemeral = await JsonAsync("chat.postEphemeral", new JsonObject { ["channel"] = Deploys, ["user"] = Alice, ["text"] = "x", ["blocks"] = tooLong.DeepClone() });

        Assert.Equal(("invalid_blocks", "invalid_blocks"), (update.Error, ephemeral.Error));
        Assert.Equal("card", Workspace.Message(Deploys, ts)!.Text);
        Assert.Empty(Workspace.Ephemerals(Alice));
    }
}
