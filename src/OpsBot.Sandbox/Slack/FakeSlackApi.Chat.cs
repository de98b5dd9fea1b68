using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Slack;

/// <summary><c>chat.postMessage</c>, <c>chat.update</c>, <c>chat.postEphemeral</c>, and what they share: reading
/// text and blocks, threads, and the message object Slack answers with.</summary>
public static partial class FakeSlackApi
{
    /// <summary>Slack documents 40,000 characters as the most text a message takes; the fake refuses longer text with
    /// <c>msg_too_long</c> rather than truncating it, so a caller that sends too much finds out in tests.</summary>
    internal const int MaxTextLength = 40_000;

    private static SlackAnswer ChatPostMessage(Call call)
    {
        var (ws, options, args) = (call.Workspace, call.Options, call.Args);
        if (ws.ResolveChannel(args.String("channel")) is not { } channel)
            return SlackAnswer.Fail("channel_not_found");
        var (content, metadata) = ReadMessage(args);
        if (content.Error is not null)
            return content.Error;
        var (root, threadError) = ThreadRoot(ws, channel, args.String("thread_ts"));
        if (threadError is not null)
            return threadError;
        var message = ws.Post(channel, root, options.BotUserId, content.Text, content.Blocks, [], null, metadata);
        return MessageAnswer(channel, message, options);
    }

    private static SlackAnswer ChatUpdate(Call call)
    {
        var (ws, options, args) = (call.Workspace, call.Options, call.Args);
        if (ws.ResolveChannel(args.String("channel")) is not { } channel)
            return SlackAnswer.Fail("channel_not_found");
        var ts = args.String("ts");
        // Ephemeral messages cannot be updated through the API (only through their response_url): Slack does not find them.
        if (string.IsNullOrEmpty(ts) || ws.Message(channel, ts) is not { IsEphemeral: false } existing)
            return SlackAnswer.Fail("message_not_found");
        if (existing.User != options.BotUserId)
            return SlackAnswer.Fail("cant_update_message");
        var (content, metadata) = ReadMessage(args);
        if (content.Error is not null)
            return content.Error;
        // Slack keeps a message's blocks when chat.update sends none, and removes them for an empty array.
        var updated = ws.Replace(channel, ts, options.BotUserId, m => m with
        {
            Text = content.Text,
            Blocks = content.BlocksSent ? content.Blocks : m.Blocks,
            Metadata = metadata ?? m.Metadata,
        });
        return updated is null ? SlackAnswer.Fail("message_not_found") : MessageAnswer(channel, updated, options, withText: true);
    }

    /// <summary>What chat.postMessage and chat.update answer: the channel, the ts and the message (chat.update also the text).</summary>
    private static SlackAnswer MessageAnswer(string channel, FakeSlackMessage message, FakeSlackOptions options, bool withText = false)
    {
        var answer = new JsonObject { ["channel"] = channel, ["ts"] = message.Ts };
        if (withText)
            answer["text"] = message.Text;
        answer["message"] = MessageJson(message, options);
        return SlackAnswer.Ok(answer);
    }

    private static SlackAnswer ChatPostEphemeral(Call call)
    {
        var (ws, options, args) = (call.Workspace, call.Options, call.Args);
        if (ws.ResolveChannel(args.String("channel")) is not { } channel)
            return SlackAnswer.Fail("channel_not_found");
        var user = args.String("user");
        if (string.IsNullOrEmpty(user) || !ws.UserExists(user))
            return SlackAnswer.Fail("user_not_found");
        if (!ws.IsMember(channel, user))
            return SlackAnswer.Fail("user_not_in_channel");
        var content = ReadContent(args);
        if (content.Error is not null)
            return content.Error;
        var threadTs = args.String("thread_ts");
        if (!string.IsNullOrEmpty(threadTs) && !SlackTimestamp.IsValid(threadTs))
            return SlackAnswer.Fail("invalid_thread_ts");
        var message = ws.Post(channel, string.IsNullOrEmpty(threadTs) ? null : threadTs, options.BotUserId, content.Text, content.Blocks, [], user, null);
        return SlackAnswer.Ok(new JsonObject { ["message_ts"] = message.Ts });
    }

    /// <summary>The content and the metadata of chat.postMessage and chat.update; metadata that is not JSON is <c>invalid_metadata_format</c>.</summary>
    private static (Content Content, string? Metadata) ReadMessage(SlackArguments args)
    {
        var content = ReadContent(args);
        if (content.Error is not null)
            return (content, null);
        var (_, metadata, malformed) = args.Json("metadata");
        return malformed ? (content with { Error = SlackAnswer.Fail("invalid_metadata_format") }, null) : (content, metadata);
    }

    /// <summary>A message's text and blocks, checked as Slack checks them: blocks that are not a JSON array are
    /// <c>invalid_blocks_format</c>; blocks that break Block Kit's rules are <c>invalid_blocks</c> with the reasons;
    /// no text, blocks or attachments is <c>no_text</c>; text over 40,000 characters is <c>msg_too_long</c>.</summary>
    private static Content ReadContent(SlackArguments args)
    {
        var text = args.String("text") ?? "";
        var (blocks, raw, malformed) = args.Json("blocks");
        var sent = blocks is not null || malformed;
        if (malformed || sent && blocks is not JsonArray)
            return new Content(text, null, sent, SlackAnswer.Fail("invalid_blocks_format"));
        if (blocks is JsonArray array && BlockKitLimits.Validate(array) is { Count: > 0 } problems)
            return new Content(text, null, sent, SlackAnswer.Explained("invalid_blocks", problems, withErrorsArray: true));
        var hasBlocks = blocks is JsonArray { Count: > 0 };
        var hasAttachments = args.Json("attachments").Node is JsonArray { Count: > 0 };
        if (text.Length == 0 && !hasBlocks && !hasAttachments)
            return new Content(text, null, sent, SlackAnswer.Fail("no_text"));
        if (text.Length > MaxTextLength)
            return new Content(text, null, sent, SlackAnswer.Fail("msg_too_long"));
        return new Content(text, hasBlocks ? raw : null, sent, null);
    }

    /// <summary>The thread a <c>thread_ts</c> names: its root's ts. A reply's ts names its root's thread (Slack files
    /// the reply there). Not a ts at all is <c>invalid_thread_ts</c>; no such message is <c>thread_not_found</c>.</summary>
    private static (string? Root, SlackAnswer? Error) ThreadRoot(FakeSlackWorkspace ws, string channel, string? threadTs)
    {
        if (string.IsNullOrEmpty(threadTs))
            return (null, null);
        if (!SlackTimestamp.IsValid(threadTs))
            return (null, SlackAnswer.Fail("invalid_thread_ts"));
        if (ws.Message(channel, threadTs) is not { IsEphemeral: false } parent)
            return (null, SlackAnswer.Fail("thread_not_found"));
        return (parent.ThreadTs ?? parent.Ts, null);
    }

    /// <summary>The message object Slack returns from chat methods.</summary>
    private static JsonObject MessageJson(FakeSlackMessage message, FakeSlackOptions options)
    {
        var json = new JsonObject
        {
            ["user"] = message.User,
            ["type"] = "message",
            ["ts"] = message.Ts,
        };
        if (message.User == options.BotUserId)
        {
            json["bot_id"] = options.BotId;
            json["app_id"] = options.AppId;
        }
        json["text"] = message.Text;
        json["team"] = options.TeamId;
        if (message.Blocks is not null)
            json["blocks"] = JsonNode.Parse(message.Blocks);
        if (message.ThreadTs is not null)
            json["thread_ts"] = message.ThreadTs;
        if (message.Files.Count > 0)
            json["files"] = new JsonArray([.. message.Files.Select(f => (JsonNode)FileJson(f))]);
        if (message.Edited is not null)
            json["edited"] = new JsonObject { ["user"] = message.Edited.User, ["ts"] = message.Edited.Ts };
        if (message.Metadata is not null)
            json["metadata"] = JsonNode.Parse(message.Metadata);
        return json;
    }

    private static JsonObject FileJson(FakeSlackFile file) => new()
    {
        ["id"] = file.Id,
        ["name"] = file.Name,
        ["title"] = file.Title,
        ["mimetype"] = file.Mimetype,
        ["size"] = file.Size,
        ["url_private"] = file.Url,
    };

    /// <summary>A message's content as read from the arguments, or the error that refuses it.</summary>
    private sealed record Content(string Text, string? Blocks, bool BlocksSent, SlackAnswer? Error);
}
