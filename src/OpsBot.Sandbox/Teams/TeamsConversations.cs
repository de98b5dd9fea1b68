using System.Globalization;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Teams;

/// <summary>One post of a channel as the connector keeps it: a thread's root or a reply, with its latest content.</summary>
/// <param name="Id">The activity id (Teams' are millisecond timestamps).</param>
/// <param name="ChannelId">The channel, <c>19:…@thread.tacv2</c>.</param>
/// <param name="ThreadId">The id of the thread's root (the post's own id for a root).</param>
/// <param name="Activity">The activity as last sent (posted, or replaced by an update).</param>
/// <param name="Timestamp">When it was posted.</param>
/// <param name="Updated">When it was last updated; null when never.</param>
/// <param name="Updates">How many times it was updated.</param>
public sealed record TeamsPost(string Id, string ChannelId, string ThreadId, JsonObject Activity, DateTimeOffset Timestamp, DateTimeOffset? Updated, int Updates)
{
    /// <summary>True for a thread's root.</summary>
    public bool IsRoot => Id == ThreadId;

    /// <summary>The conversation id of the post's thread: <c>{channel};messageid={root}</c>.</summary>
    public string ConversationId => TeamsConversationId.Thread(ChannelId, ThreadId);
}

/// <summary>Conversation ids of channel threads: <c>19:abc@thread.tacv2;messageid=1700000000000</c>.</summary>
public static class TeamsConversationId
{
    private const string MessageId = ";messageid=";

    /// <summary>The id of the thread whose root is <paramref name="rootId"/>.</summary>
    public static string Thread(string channelId, string rootId) => channelId + MessageId + rootId;

    /// <summary>The channel and, for a thread's id, its root activity id.</summary>
    public static (string Channel, string? Root) Parse(string conversationId)
    {
        var at = conversationId.IndexOf(MessageId, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? (conversationId, null) : (conversationId[..at], conversationId[(at + MessageId.Length)..]);
    }
}

/// <summary>
/// The channels' history behind the fake connector: roots, replies and updates, in the order they were posted.
/// Thread-safe; ids are increasing millisecond timestamps, as Teams' are.
/// </summary>
public sealed class TeamsConversations(IEnumerable<string> channelIds, TimeProvider? time = null)
{
    private readonly HashSet<string> _channels = new(channelIds, StringComparer.Ordinal);
    private readonly List<TeamsPost> _posts = [];
    private readonly Lock _lock = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _lastId;

    /// <summary>True for a channel of the team.</summary>
    public bool IsChannel(string channelId) => _channels.Contains(channelId);

    /// <summary>Posts <paramref name="activity"/> as a new root (<paramref name="threadId"/> null) or a reply in that thread; its <c>id</c>, <c>timestamp</c> and <c>conversation</c> are set.</summary>
    public TeamsPost Post(string channelId, string? threadId, JsonObject activity)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            _lastId = Math.Max(_lastId + 1, now.ToUnixTimeMilliseconds());
            var id = _lastId.ToString(CultureInfo.InvariantCulture);
            var stored = (JsonObject)activity.DeepClone();
            stored["id"] = id;
            stored["timestamp"] = now.ToString("O", CultureInfo.InvariantCulture);
            var post = new TeamsPost(id, channelId, threadId ?? id, stored, now, null, 0);
            SetConversation(stored, post.ConversationId);
            _posts.Add(post);
            return post;
        }
    }

    /// <summary>The post <paramref name="activityId"/> of <paramref name="channelId"/>, or null.</summary>
    public TeamsPost? Find(string channelId, string activityId)
    {
        lock (_lock)
            return _posts.Find(p => p.ChannelId == channelId && p.Id == activityId);
    }

    /// <summary>Replaces the post's activity (its id, timestamp and conversation kept); null when there is no such post.</summary>
    public TeamsPost? Update(string channelId, string activityId, JsonObject activity)
    {
        lock (_lock)
        {
            var index = _posts.FindIndex(p => p.ChannelId == channelId && p.Id == activityId);
            if (index < 0)
                return null;
            var old = _posts[index];
            var stored = (JsonObject)activity.DeepClone();
            stored["id"] = old.Id;
            stored["timestamp"] = old.Activity["timestamp"]?.DeepClone();
            SetConversation(stored, old.ConversationId);
            var now = _time.GetUtcNow();
            stored["lastModifiedTimestamp"] = now.ToString("O", CultureInfo.InvariantCulture);
            return _posts[index] = old with { Activity = stored, Updated = now, Updates = old.Updates + 1 };
        }
    }

    /// <summary>Every post of <paramref name="channelId"/> (all channels when null), oldest first.</summary>
    public IReadOnlyList<TeamsPost> History(string? channelId = null)
    {
        lock (_lock)
            return [.. _posts.Where(p => channelId is null || p.ChannelId == channelId)];
    }

    private static void SetConversation(JsonObject activity, string conversationId)
    {
        var conversation = activity["conversation"] as JsonObject ?? new JsonObject();
        conversation["id"] = conversationId;
        activity["conversation"] = conversation;
    }
}
