using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Tests.Slack;

/// <summary>GET /sandbox/messages: the history as flat JSON, for the console page.</summary>
public sealed class SandboxMessagesTests : SlackTestBase
{
    [Fact]
    public async Task Answers_the_history_flat_with_threads_ephemerals_and_files()
    {
        var root = await PostAsync("orders canary 10%");
        var reply = await PostAsync("step 1 baked", threadTs: root);
        await JsonAsync("chat.postEphemeral", new { channel = Deploys, user = Alice, text = "only alice" });
        var ticket = await FormAsync("files.getUploadURLExternal", [F("filename", "chart.png"), F("length", "2")]);
        var fileId = ticket.String("file_id")!;
        using (await Http.PostAsync(new Uri(ticket.String("upload_url")!), new ByteArrayContent([1, 2]))) { }
        await FormAsync("files.completeUploadExternal", [F("files", $$"""[{"id":"{{fileId}}","title":"Chart"}]"""), F("channel_id", Deploys), F("thread_ts", root)]);
        Workspace.PostAsUser(Private, Alice, "elsewhere");

        var all = JsonNode.Parse(await Http.GetStringAsync(new Uri(Server.BaseUrl, "sandbox/messages")))!.AsArray();
        var deploys = JsonNode.Parse(await Http.GetStringAsync(new Uri(Server.BaseUrl, "sandbox/messages?channel=C0DEPLOYS")))!.AsArray();

        Assert.Equal(5, all.Count);
        Assert.Equal(4, deploys.Count);
        var first = deploys[0]!.AsObject();
        Assert.Equal(["blocks", "channel", "files", "text", "thread_ts", "ts", "user"], first.Select(p => p.Key).Order());
        Assert.Equal((Deploys, root, null, Bot, "orders canary 10%"),
            (first["channel"]!.GetValue<string>(), first["ts"]!.GetValue<string>(), first["thread_ts"]?.GetValue<string>(), first["user"]!.GetValue<string>(), first["text"]!.GetValue<string>()));
        Assert.Equal(root, deploys[1]!["thread_ts"]!.GetValue<string>());
        Assert.Equal(reply, deploys[1]!["ts"]!.GetValue<string>());
        Assert.Equal(Alice, deploys[2]!["ephemeral_to"]!.GetValue<string>());
        Assert.Null(deploys[1]!["ephemeral_to"]);
        var file = deploys[3]!["files"]![0]!;
        Assert.Equal((fileId, "chart.png", "Chart", "image/png", 2L),
            (file["id"]!.GetValue<string>(), file["name"]!.GetValue<string>(), file["title"]!.GetValue<string>(), file["mimetype"]!.GetValue<string>(), file["size"]!.GetValue<long>()));
        Assert.Equal([1, 2], await Http.GetByteArrayAsync(new Uri(file["url"]!.GetValue<string>())));
    }
}
