using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Slack;

/// <summary>
/// The sandbox's read-only views, for the chat console page and for tests (no token needed):
/// <c>GET /sandbox/messages[?channel=C...]</c> answers the history as a flat JSON array, oldest first, ephemerals
/// included: <c>[{channel, ts, thread_ts, user, text, blocks, files, ephemeral_to?, edited?}]</c>; a thread's replies
/// carry <c>thread_ts</c> = the root's <c>ts</c>, roots carry <c>thread_ts: null</c>. <c>GET /sandbox/files/{id}</c>
/// answers an uploaded file's bytes.
/// </summary>
public static partial class FakeSlackApi
{
    private static Task SandboxMessagesAsync(HttpContext http, FakeSlackWorkspace workspace)
    {
        var channel = http.Request.Query["channel"].ToString();
        var messages = workspace.Timeline(channel.Length == 0 ? null : channel);
        var json = new JsonArray([.. messages.Select(m => (JsonNode)SandboxMessageJson(m))]);
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(json.ToJsonString(), http.RequestAborted);
    }

    private static JsonObject SandboxMessageJson(FakeSlackMessage m)
    {
        var json = new JsonObject
        {
            ["channel"] = m.Channel,
            ["ts"] = m.Ts,
            ["thread_ts"] = m.ThreadTs,
            ["user"] = m.User,
            ["text"] = m.Text,
            ["blocks"] = m.Blocks is null ? null : JsonNode.Parse(m.Blocks),
            ["files"] = new JsonArray([.. m.Files.Select(f => (JsonNode)new JsonObject
            {
                ["id"] = f.Id,
                ["name"] = f.Name,
                ["title"] = f.Title,
                ["mimetype"] = f.Mimetype,
                ["size"] = f.Size,
                ["url"] = f.Url,
            })]),
        };
        if (m.EphemeralTo is not null)
            json["ephemeral_to"] = m.EphemeralTo;
        if (m.Edited is not null)
            json["edited"] = new JsonObject { ["user"] = m.Edited.User, ["ts"] = m.Edited.Ts };
        return json;
    }

    private static async Task SandboxFileAsync(HttpContext http, string id, FakeSlackWorkspace workspace)
    {
        if (workspace.File(id) is not { } bytes)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var info = workspace.FileInfo(id);
        http.Response.ContentType = info?.Mimetype ?? "application/octet-stream";
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }
}
