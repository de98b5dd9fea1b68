using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Slack;

/// <summary>
/// <c>POST /response/{token}</c>: a response URL, as Slack hands one out with a slash command or an interaction.
/// JSON <c>{text, blocks, response_type, replace_original, delete_original, thread_ts}</c>:
/// <list type="bullet">
/// <item><c>delete_original: true</c> deletes the message acted on (ephemeral or not);</item>
/// <item><c>replace_original: true</c> replaces its text and blocks in place (the only way to change an ephemeral);</item>
/// <item>otherwise a new message: <c>response_type: "in_channel"</c> posts it in the channel for everyone,
/// <c>"ephemeral"</c> (the default) shows it to the person who acted only.</item>
/// </list>
/// A URL works up to 5 times within 30 minutes. Success is 200 <c>{"ok":true}</c>; a refusal is a 4xx with
/// <c>{"ok":false,"error":...}</c>: 404 <c>no_service</c> for an unknown URL, 404 <c>expired_url</c> past its uses
/// or its 30 minutes, 404 <c>message_not_found</c> when the message to replace is gone, 400 <c>invalid_payload</c>
/// for a body that is not a JSON object, 400 <c>no_text</c>, 400 <c>invalid_blocks</c>. (Slack documents the limits,
/// not the wording of these refusals; a caller should go by the status code.)
/// </summary>
public static partial class FakeSlackApi
{
    private static async Task ResponseUrlAsync(HttpContext http, string token, FakeSlackWorkspace workspace, FakeSlackOptions options)
    {
        JsonObject? payload = null;
        try
        {
            payload = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
        }
        var answer = Respond(workspace, options, token, payload);
        if (answer.Error is null)
            workspace.UseResponseUrl(token);
        workspace.Log("response_url", payload?.DeepClone().AsObject() ?? [], answer.Status, answer.Error);
        await answer.WriteAsync(http.Response);
    }

    private static SlackAnswer Respond(FakeSlackWorkspace ws, FakeSlackOptions options, string token, JsonObject? payload)
    {
        var (context, urlError) = ws.OpenResponseUrl(token);
        if (context is null)
            return SlackAnswer.Fail(urlError!, StatusCodes.Status404NotFound);
        if (payload is null)
            return SlackAnswer.Fail("invalid_payload", StatusCodes.Status400BadRequest);

        var original = context.OriginalTs is null ? null : ws.Message(context.Channel, context.OriginalTs);
        if (Flag(payload, "delete_original"))
        {
            if (context.OriginalTs is not null && (original is null || !ws.Delete(context.Channel, context.OriginalTs)))
                return SlackAnswer.Fail("message_not_found", StatusCodes.Status404NotFound);
            return SlackAnswer.Ok();
        }

        var text = payload["text"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : "";
        string? blocks = null;
        if (payload.ContainsKey("blocks"))
        {
            var node = payload["blocks"];
            if (node is JsonValue v && v.TryGetValue<string>(out var blocksText))
            {
                try
                {
                    node = JsonNode.Parse(blocksText);
                }
                catch (JsonException)
                {
                    return SlackAnswer.Fail("invalid_blocks", StatusCodes.Status400BadRequest);
                }
            }
            if (node is not JsonArray array)
                return SlackAnswer.Fail("invalid_blocks", StatusCodes.Status400BadRequest);
            if (BlockKitLimits.Validate(array) is { Count: > 0 } problems)
            {
                var refusal = SlackAnswer.Explained("invalid_blocks", problems, withErrorsArray: true);
                return SlackAnswer.Fail("invalid_blocks", StatusCodes.Status400BadRequest, new JsonObject
                {
                    ["errors"] = refusal.Body["errors"]?.DeepClone(),
                    ["response_metadata"] = refusal.Body["response_metadata"]?.DeepClone(),
                });
            }
            blocks = array.Count > 0 ? array.ToJsonString() : null;
        }
        if (text.Length == 0 && blocks is null)
            return SlackAnswer.Fail("no_text", StatusCodes.Status400BadRequest);
        if (text.Length > MaxTextLength)
            return SlackAnswer.Fail("msg_too_long", StatusCodes.Status400BadRequest);

        if (Flag(payload, "replace_original") && context.OriginalTs is not null)
        {
            if (original is null)
                return SlackAnswer.Fail("message_not_found", StatusCodes.Status404NotFound);
            ws.Replace(context.Channel, context.OriginalTs, options.BotUserId, m => m with { Text = text, Blocks = blocks });
            return SlackAnswer.Ok();
        }

        var threadTs = payload["thread_ts"] is JsonValue th && th.TryGetValue<string>(out var thread) && thread.Length > 0 ? thread : null;
        var inChannel = payload["response_type"] is JsonValue r && r.TryGetValue<string>(out var type) && type == "in_channel";
        ws.Post(context.Channel, threadTs, options.BotUserId, text, blocks, [], inChannel ? null : context.User, null);
        return SlackAnswer.Ok();
    }

    private static bool Flag(JsonObject payload, string name) => payload[name] is JsonValue value &&
        (value.TryGetValue<bool>(out var b) ? b : value.TryGetValue<string>(out var s) && s.Equals("true", StringComparison.OrdinalIgnoreCase));
}
