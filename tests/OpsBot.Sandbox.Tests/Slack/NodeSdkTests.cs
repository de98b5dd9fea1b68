using System.Text.Json.Nodes;
using OpsBot.Testing;

namespace OpsBot.Sandbox.Tests.Slack;

/// <summary>
/// Slack's official Node SDK (<c>@slack/web-api</c>, pinned by <c>tests/OpsBot.Sandbox.Tests/node/package-lock.json</c>)
/// pointed at the fake (<c>slackApiUrl</c>) calls auth.test, chat.postMessage (a card and a thread reply), chat.update,
/// files.uploadV2 into the thread, and usergroups.users.list through a 429, and reads the refusals: if the fake's wire
/// format were off, the SDK would reject its answers. Needs Node 20+ and npm (<c>npm ci</c> runs when node_modules is
/// missing).
/// </summary>
public sealed class NodeSdkTests : SlackTestBase
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private static string NodeDirectory => NodeScripts.Folder("tests", "OpsBot.Sandbox.Tests", "node");

    [Fact]
    public async Task Slacks_Node_SDK_drives_the_fake()
    {
        Workspace.RateLimit("usergroups.users.list", calls: 1, retryAfterSeconds: 1);

        var stdout = await NodeScripts.RunAsync(NodeDirectory, "slack-sdk-check.mjs", [Server.ApiUrl.ToString(), Token, Deploys, "S0APPROVERS"], RunTimeout);
        var result = JsonNode.Parse(stdout)!;

        Assert.Equal(Bot, result["auth"]!["user_id"]!.GetValue<string>());
        var root = result["posted"]!["ts"]!.GetValue<string>();
        Assert.Equal((Deploys, Bot, 2), (result["posted"]!["channel"]!.GetValue<string>(), result["posted"]!["user"]!.GetValue<string>(), result["posted"]!["blocks"]!.GetValue<int>()));
        Assert.Equal(root, result["reply"]!["thread_ts"]!.GetValue<string>());
        Assert.Equal((root, "orders canary 100%"), (result["updated"]!["ts"]!.GetValue<string>(), result["updated"]!["text"]!.GetValue<string>()));
        Assert.True(result["upload"]!["ok"]!.GetValue<bool>());
        var fileId = result["upload"]!["files"]![0]!["id"]!.GetValue<string>();
        Assert.Equal("Error rate", result["upload"]!["files"]![0]!["title"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["U0ALICE","U0BOB"]"""), result["group"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"seconds":1,"method":"usergroups.users.list"}]"""), result["rateLimited"]));
        Assert.Equal(("slack_webapi_platform_error", "message_not_found"),
            (result["refusals"]!["update"]!["code"]!.GetValue<string>(), result["refusals"]!["update"]!["error"]!.GetValue<string>()));
        Assert.Equal("invalid_blocks", result["refusals"]!["blocks"]!["error"]!.GetValue<string>());
        Assert.Equal("must be less than 151 characters [json-pointer:/blocks/0/text/text]", result["refusals"]!["blocks"]!["errors"]![0]!.GetValue<string>());

        // What the SDK did, as the workspace saw it.
        var card = Workspace.Message(Deploys, root)!;
        Assert.Equal(("orders canary 100%", Bot), (card.Text, card.Edited?.User));
        Assert.Contains("canary 100%", card.Blocks, StringComparison.Ordinal);
        var thread = Workspace.Thread(Deploys, root);
        Assert.Equal(["orders canary 100%", "step 1 baked", "error rate, last hour"], thread.Select(m => m.Text));
        var file = Assert.Single(thread[2].Files);
        Assert.Equal((fileId, "error-rate.csv", "text/csv"), (file.Id, file.Name, file.Mimetype));
        Assert.Equal("minute,errors\n1,0\n2,3\n", System.Text.Encoding.UTF8.GetString(Workspace.File(fileId)!));
        Assert.Equal(["auth.test", "chat.postMessage", "chat.postMessage", "chat.update", "files.getUploadURLExternal", "upload",
            "files.completeUploadExternal", "usergroups.users.list", "usergroups.users.list", "chat.update", "chat.postMessage"],
            Workspace.Calls().Select(c => c.Method));
        Assert.Equal([429, 200], Workspace.Calls("usergroups.users.list").Select(c => c.Status));
        Assert.StartsWith("multipart/form-data", Workspace.Calls("upload")[0].Arguments["content_type"]!.GetValue<string>(), StringComparison.Ordinal);
        // The SDK sends form fields, blocks as "a JSON-based array presented as a URL-encoded string".
        Assert.Equal(System.Text.Json.JsonValueKind.String, Workspace.Calls("chat.postMessage")[0].Arguments["blocks"]!.GetValueKind());
    }

}
