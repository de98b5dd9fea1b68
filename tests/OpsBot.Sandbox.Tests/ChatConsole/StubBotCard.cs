using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Tests.ChatConsole;

/// <summary>The stub bot's deployment card, shaped like OpsBot's (header, headline, facts, progress, buttons, context):
/// Approve and Promote (primary), Roll back (danger, with a confirm), and the text features the page must draw.</summary>
internal static class StubBotCard
{
    public static JsonArray Waiting(string deploymentId, string requester) =>
    [
        Header("lambda_router → v5"),
        Section(":hourglass_flowing_sand: *Waiting for promotion* at 10% — _canary_, step 1 of 2\n" +
                "Runbook: <https://example.com/runbook|promotion checklist> · errors `0.4%` &lt; `5%`"),
        Facts(requester, "_none yet_"),
        Section("*Progress* `[#---------]`\n*:arrow_forward: 1. 10% · bake 5m*  ← now\n:white_circle: 2. 100% · :lock: approval gate"),
        new JsonObject
        {
            ["type"] = "actions",
            ["block_id"] = "actions",
            ["elements"] = new JsonArray
            {
                Button("Approve", $"{deploymentId}|1|Approve", "primary"),
                Button("Promote", $"{deploymentId}|1|Promote", "primary"),
                RollBack($"{deploymentId}|1|Rollback"),
            },
        },
        Context($"`{deploymentId}` · state version 1 · AwaitingPromotion"),
    ];

    /// <summary>The card after a click: who did what, no buttons left.</summary>
    public static JsonArray Done(string deploymentId, string requester, string actor, string action) => action switch
    {
        "rollback" =>
        [
            Header("lambda_router → v5"),
            Section($":rotating_light: *Rolled back* by <@{actor}> — version 4 has all the traffic"),
            Facts(requester, $"<@{actor}>"),
            Context($"`{deploymentId}` · state version 2 · RolledBack"),
        ],
        _ =>
        [
            Header("lambda_router → v5"),
            Section($":white_check_mark: *{(action == "approve" ? "Approved" : "Promoted")} by* <@{actor}> — version 5 has 100% of the traffic"),
            Facts(requester, $"<@{actor}>"),
            Section("*Progress* `[##########]`\n:white_check_mark: 1. 10% · bake 5m\n:white_check_mark: 2. 100%"),
            Context($"`{deploymentId}` · state version 2 · Succeeded"),
        ],
    };

    private static JsonObject Header(string text) => new()
    {
        ["type"] = "header",
        ["block_id"] = "title",
        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true },
    };

    private static JsonObject Section(string mrkdwn) => new()
    {
        ["type"] = "section",
        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = mrkdwn },
    };

    private static JsonObject Facts(string requester, string approvers) => new()
    {
        ["type"] = "section",
        ["block_id"] = "facts",
        ["fields"] = new JsonArray
        {
            Mrkdwn("*Versions*\n`4` → `5`"),
            Mrkdwn("*Strategy*\ncanary"),
            Mrkdwn("*Requested by*\n<@" + requester + ">"),
            Mrkdwn("*Approvers*\n" + approvers),
        },
    };

    private static JsonObject Context(string mrkdwn) => new()
    {
        ["type"] = "context",
        ["block_id"] = "context",
        ["elements"] = new JsonArray { Mrkdwn(mrkdwn) },
    };

    private static JsonObject Button(string label, string value, string? style)
    {
        var button = new JsonObject
        {
            ["type"] = "button",
            ["action_id"] = label.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant(),
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = label, ["emoji"] = true },
            ["value"] = value,
        };
        if (style is not null)
            button["style"] = style;
        return button;
    }

    private static JsonObject RollBack(string value)
    {
        var button = Button("Roll back", value, "danger");
        button["confirm"] = new JsonObject
        {
            ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Roll back lambda_router?" },
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Version 4 gets all the traffic back." },
            ["confirm"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Roll back" },
            ["deny"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Cancel" },
            ["style"] = "danger",
        };
        return button;
    }

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };
}
