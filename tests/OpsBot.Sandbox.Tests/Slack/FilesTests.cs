using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Tests.Slack;

/// <summary>The files v2 flow: getUploadURLExternal, the bytes to the upload URL, completeUploadExternal.</summary>
public sealed class FilesTests : SlackTestBase
{
    private static readonly byte[] Chart = [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 1, 2, 3, 4, 5];

    private async Task<(string FileId, Uri UploadUrl)> TicketAsync(string filename, long length)
    {
        var answer = await FormAsync("files.getUploadURLExternal", [F("filename", filename), F("length", length.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.True(answer.Ok, answer.ToString());
        return (answer.String("file_id")!, new Uri(answer.String("upload_url")!));
    }

    private async Task<(HttpStatusCode Status, string Body)> UploadAsync(Uri url, HttpContent content)
    {
        using var response = await Http.PostAsync(url, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_whole_flow_puts_the_file_in_the_thread_with_its_bytes()
    {
        var root = await PostAsync("orders canary 10%");
        var (fileId, uploadUrl) = await TicketAsync("error-rate.png", Chart.Length);
        Assert.Equal(new Uri(Server.BaseUrl, $"upload/{fileId}"), uploadUrl);
        Assert.StartsWith("F", fileId, StringComparison.Ordinal);

        var upload = await UploadAsync(uploadUrl, new ByteArrayContent(Chart));
        var complete = await FormAsync("files.completeUploadExternal",
        [
            F("files", $$"""[{"id":"{{fileId}}","title":"Error rate, last hour"}]"""), F("channel_id", Deploys), F("thread_ts", root),
        ]);

        Assert.Equal((HttpStatusCode.OK, $"OK - {Chart.Length}"), upload);
        Assert.True(complete.Ok, complete.ToString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""[{"id":"{{fileId}}","title":"Error rate, last hour"}]"""), complete.Body["files"]));
        var reply = Assert.Single(Workspace.Thread(Deploys, root), m => m.Ts != root);
        Assert.Equal((root, Bot), (reply.ThreadTs, reply.User));
        var file = Assert.Single(reply.Files);
        Assert.Equal((fileId, "error-rate.png", "Error rate, last hour", "image/png", (long)Chart.Length),
            (file.Id, file.Name, file.Title, file.Mimetype, file.Size));
        Assert.Equal(Chart, Workspace.File(fileId));
        Assert.Equal(Chart, await Http.GetByteArrayAsync(new Uri(file.Url)));
        Assert.Equal(["chat.postMessage", "files.getUploadURLExternal", "upload", "files.completeUploadExternal"], Workspace.Calls().Select(c => c.Method));
    }

    [Fact]
    public async Task The_bytes_may_come_as_a_multipart_form_file_part()
    {
        var (fileId, uploadUrl) = await TicketAsync("timeline.txt", 11);
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes("hello world"));
        part.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(part, "file", "timeline.txt");

        var upload = await UploadAsync(uploadUrl, form);
        var complete = await JsonAsync("files.completeUploadExternal", new JsonObject
        {
            ["files"] = new JsonArray(new JsonObject { ["id"] = fileId }), ["channel_id"] = Deploys, ["initial_comment"] = "the timeline",
        });

        Assert.Equal(HttpStatusCode.OK, upload.Status);
        Assert.True(complete.Ok, complete.ToString());
        Assert.Equal("hello world", Encoding.UTF8.GetString(Workspace.File(fileId)!));
        var message = Assert.Single(Workspace.Messages(Deploys));
        Assert.Equal(("the timeline", "timeline.txt", "text/plain"), (message.Text, message.Files[0].Title, message.Files[0].Mimetype));
        Assert.Equal("file", Workspace.Calls("upload")[0].Arguments["part"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bytes_of_another_length_than_declared_are_refused_and_the_file_cannot_be_completed()
    {
        var (fileId, uploadUrl) = await TicketAsync("chart.png", Chart.Length + 1);

        var upload = await UploadAsync(uploadUrl, new ByteArrayContent(Chart));
        var complete = await FormAsync("files.completeUploadExternal", [F("files", $$"""[{"id":"{{fileId}}"}]"""), F("channel_id", Deploys)]);

        Assert.Equal(HttpStatusCode.BadRequest, upload.Status);
        Assert.Contains("length_mismatch", upload.Body, StringComparison.Ordinal);
        Assert.Equal("file_not_found", complete.Error);
        Assert.Null(Workspace.File(fileId));
        Assert.Empty(Workspace.Messages(Deploys));
    }

    [Fact]
    public async Task Completing_a_file_never_uploaded_unknown_or_already_completed_is_file_not_found()
    {
        var (pending, _) = await TicketAsync("a.txt", 3);
        var (done, doneUrl) = await TicketAsync("b.txt", 3);
        await UploadAsync(doneUrl, new ByteArrayContent("abc"u8.ToArray()));
        var first = await FormAsync("files.completeUploadExternal", [F("files", $$"""[{"id":"{{done}}"}]""")]);

        var notUploaded = await FormAsync("files.completeUploadExternal", [F("files", $$"""[{"id":"{{pending}}"}]""")]);
        var unknown = await FormAsync("files.completeUploadExternal", [F("files", """[{"id":"F0NOPE"}]""")]);
        var again = await FormAsync("files.completeUploadExternal", [F("files", $$"""[{"id":"{{done}}"}]""")]);
        var reupload = await UploadAsync(doneUrl, new ByteArrayContent("abc"u8.ToArray()));

        Assert.True(first.Ok);
        Assert.Equal(["file_not_found", "file_not_found", "file_not_found"], new[] { notUploaded.Error!, unknown.Error!, again.Error! });
        Assert.Equal(HttpStatusCode.NotFound, reupload.Status);
    }

    [Fact]
    public async Task Without_a_channel_the_file_stays_private()
    {
        var (fileId, uploadUrl) = await TicketAsync("a.txt", 3);
        await UploadAsync(uploadUrl, new ByteArrayContent("abc"u8.ToArray()));

        var complete = await FormAsync("files.completeUploadExternal", [F("files", $$"""[{"id":"{{fileId}}","title":"A"}]""")]);

        Assert.True(complete.Ok, complete.ToString());
        Assert.Empty(Workspace.Timeline());
        Assert.Equal("A", Workspace.FileInfo(fileId)!.Title);
    }

    [Fact]
    public async Task Bad_tickets_and_bad_destinations_are_refused()
    {
        var zero = await FormAsync("files.getUploadURLExternal", [F("filename", "a.txt"), F("length", "0")]);
        var noName = await FormAsync("files.getUploadURLExternal", [F("length", "3")]);
        var noFiles = await FormAsync("files.completeUploadExternal", [F("channel_id", Deploys)]);
        var (fileId, uploadUrl) = await TicketAsync("a.txt", 3);
        await UploadAsync(uploadUrl, new ByteArrayContent("abc"u8.ToArray()));
        var noChannel = await FormAsync("files.completeUploadExternal", [F("files", $$"""[{"id":"{{fileId}}"}]"""), F("channel_id", "C0NOPE")]);
        var noThread = await FormAsync("files.completeUploadExternal", [F("files", $$"""[{"id":"{{fileId}}"}]"""), F("channel_id", Deploys), F("thread_ts", "1700000000.000001")]);
        using var unknownTicket = await Http.PostAsync(new Uri(Server.BaseUrl, "upload/F0NOPE"), new ByteArrayContent([1]));

        Assert.Equal("missing_argument", zero.Error);
        Assert.Equal("invalid_arguments", noName.Error);
        Assert.Equal("[ERROR] missing required field: filename", noName.Body["response_metadata"]!["messages"]![0]!.GetValue<string>());
        Assert.Equal("invalid_arguments", noFiles.Error);
        Assert.Equal("channel_not_found", noChannel.Error);
        Assert.Equal("thread_not_found", noThread.Error);
        Assert.Equal(HttpStatusCode.NotFound, unknownTicket.StatusCode);
        Assert.Null(Workspace.FileInfo(fileId)); // a refused completion completes nothing
    }
}
