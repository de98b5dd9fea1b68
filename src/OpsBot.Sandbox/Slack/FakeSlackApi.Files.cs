using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Slack;

/// <summary>
/// The files v2 upload flow: <c>files.getUploadURLExternal</c> opens a ticket for a name and a length and answers an
/// upload URL; the bytes are POSTed there (raw, or as a multipart form with one file part, as Slack accepts both; no
/// token needed); <c>files.completeUploadExternal</c> finishes the upload and, with a <c>channel_id</c> (and a
/// <c>thread_ts</c>), shares the files in one message there, with <c>initial_comment</c> as its text.
/// </summary>
public static partial class FakeSlackApi
{
    /// <summary>Slack's limit on <c>alt_txt</c> (<c>alt_txt_too_large</c> past it).</summary>
    internal const int MaxAltText = 1000;

    private static SlackAnswer FilesGetUploadUrlExternal(Call call)
    {
        var args = call.Args;
        var filename = args.String("filename");
        if (string.IsNullOrEmpty(filename))
            return SlackAnswer.Explained("invalid_arguments", ["missing required field: filename"]);
        if (!args.Has("length"))
            return SlackAnswer.Explained("invalid_arguments", ["missing required field: length"]);
        if (args.Long("length") is not { } length || length < 0)
            return SlackAnswer.Explained("invalid_arguments", ["must be a non-negative integer [json-pointer:/length]"]);
        if (length == 0)
            return SlackAnswer.Fail("missing_argument"); // Slack: "Typically only occurs when the length provided is 0."
        // Slack documents alt_txt; Slack's Node SDK sends alt_text. Both are taken.
        var altText = args.String("alt_txt") ?? args.String("alt_text");
        if (altText?.Length > MaxAltText)
            return SlackAnswer.Fail("alt_txt_too_large");
        var id = call.Workspace.OpenUpload(filename, length, altText, args.String("snippet_type"));
        return SlackAnswer.Ok(new JsonObject
        {
            ["upload_url"] = new Uri(call.BaseUrl, $"upload/{id}").ToString(),
            ["file_id"] = id,
        });
    }

    private static SlackAnswer FilesCompleteUploadExternal(Call call)
    {
        var (ws, options, args) = (call.Workspace, call.Options, call.Args);
        var (node, _, malformed) = args.Json("files");
        if (node is null && !malformed)
            return SlackAnswer.Explained("invalid_arguments", ["missing required field: files"]);
        if (malformed || node is not JsonArray { Count: > 0 } array)
            return SlackAnswer.Explained("invalid_arguments", ["must be a non-empty array [json-pointer:/files]"]);
        var files = new List<(string Id, string? Title)>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject file || file["id"] is not JsonValue idValue || !idValue.TryGetValue<string>(out var id) || id.Length == 0)
                return SlackAnswer.Explained("invalid_arguments", [string.Create(CultureInfo.InvariantCulture, $"missing required field: id [json-pointer:/files/{i}]")]);
            files.Add((id, file["title"] is JsonValue t && t.TryGetValue<string>(out var title) ? title : null));
        }

        // channel_id, or channels with one channel (what Slack's SDKs send for a single channel).
        var target = args.String("channel_id");
        if (string.IsNullOrEmpty(target) && args.String("channels") is { Length: > 0 } channels)
        {
            var list = channels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (list.Length > 1 && args.Has("thread_ts"))
                return SlackAnswer.Fail("invalid_channel");
            target = list.FirstOrDefault();
        }
        string? channel = null;
        string? root = null;
        if (!string.IsNullOrEmpty(target))
        {
            channel = ws.ResolveChannel(target);
            if (channel is null)
                return SlackAnswer.Fail("channel_not_found");
            var (threadRoot, threadError) = ThreadRoot(ws, channel, args.String("thread_ts"));
            if (threadError is not null)
                return threadError;
            root = threadRoot;
        }
        var comment = args.String("initial_comment") ?? "";
        if (comment.Length > MaxTextLength)
            return SlackAnswer.Fail("msg_too_long");
        var (blocks, blocksRaw, blocksMalformed) = args.Json("blocks");
        if (blocksMalformed || blocks is not null and not JsonArray)
            return SlackAnswer.Fail("invalid_blocks");
        if (blocks is JsonArray blockArray && BlockKitLimits.Validate(blockArray) is { Count: > 0 } problems)
            return SlackAnswer.Explained("invalid_blocks", problems, withErrorsArray: true);

        if (ws.CompleteUploads(files, call.BaseUrl) is not { } completed)
            return SlackAnswer.Fail("file_not_found");
        if (channel is not null)
        {
            // Slack ignores blocks when initial_comment is given.
            var messageBlocks = comment.Length > 0 || blocks is not JsonArray { Count: > 0 } ? null : blocksRaw;
            ws.Post(channel, root, options.BotUserId, comment, messageBlocks, completed, null, null);
        }
        return SlackAnswer.Ok(new JsonObject
        {
            ["files"] = new JsonArray([.. completed.Select(f => (JsonNode)new JsonObject { ["id"] = f.Id, ["title"] = f.Title })]),
        });
    }

    /// <summary>
    /// <c>POST {upload_url}</c>: the bytes of a file, raw or as the one file part of a multipart form (Slack's Node SDK
    /// sends a part named <c>body</c>, curl users <c>file</c> or <c>filename</c>: any name is taken). They must be
    /// exactly the length declared to <c>files.getUploadURLExternal</c>. Answers 200 <c>OK - &lt;bytes&gt;</c> as Slack's
    /// upload service does; an unknown or finished ticket is 404, a wrong length 400.
    /// </summary>
    private static async Task UploadAsync(HttpContext http, string fileId, FakeSlackWorkspace workspace)
    {
        var request = http.Request;
        byte[] bytes;
        string? partName = null;
        if (request.HasFormContentType && request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            var form = await request.ReadFormAsync(http.RequestAborted);
            if (form.Files.Count == 0)
            {
                await Plain(http, workspace, fileId, StatusCodes.Status400BadRequest, "no_file_data", "no file part in the form", null, 0);
                return;
            }
            var file = form.Files[0];
            partName = file.Name;
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, http.RequestAborted);
            bytes = buffer.ToArray();
        }
        else
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, http.RequestAborted);
            bytes = buffer.ToArray();
        }

        var declared = workspace.DeclaredLength(fileId);
        switch (workspace.StoreUpload(fileId, bytes))
        {
            case FakeSlackWorkspace.UploadRefusal.UnknownTicket:
                await Plain(http, workspace, fileId, StatusCodes.Status404NotFound, "file_not_found", "file_not_found", partName, bytes.Length);
                break;
            case FakeSlackWorkspace.UploadRefusal.LengthMismatch:
                await Plain(http, workspace, fileId, StatusCodes.Status400BadRequest, "length_mismatch",
                    string.Create(CultureInfo.InvariantCulture, $"length_mismatch: {bytes.Length} bytes received, {declared} declared"), partName, bytes.Length);
                break;
            default:
                await Plain(http, workspace, fileId, StatusCodes.Status200OK, null,
                    string.Create(CultureInfo.InvariantCulture, $"OK - {bytes.Length}"), partName, bytes.Length);
                break;
        }
    }

    private static Task Plain(HttpContext http, FakeSlackWorkspace workspace, string fileId, int status, string? error, string body, string? partName, long length)
    {
        var log = new JsonObject
        {
            ["file_id"] = fileId,
            ["length"] = length,
            ["content_type"] = http.Request.ContentType,
        };
        if (partName is not null)
            log["part"] = partName;
        workspace.Log("upload", log, status, error);
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(body, http.RequestAborted);
    }
}
