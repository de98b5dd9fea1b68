namespace OpsBot.Sandbox.Slack;

/// <summary>
/// An in-memory Slack workspace: users, channels, user groups, messages (threads and ephemerals), uploaded files, the
/// response URLs it minted, and a log of every call it answered. The fake Web API (<see cref="FakeSlackApi"/>) reads
/// and writes it; tests seed it and assert on it. Thread-safe: every member takes one lock.
/// </summary>
public sealed partial class FakeSlackWorkspace
{
    private static readonly DateTimeOffset UnixEpoch = DateTimeOffset.UnixEpoch;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, string> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Channel> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _userGroups = new(StringComparer.Ordinal);
    private readonly List<FakeSlackMessage> _messages = [];
    private long _lastMicros;

    /// <summary>A workspace whose clock (message timestamps, response URL expiry, the call log) is <paramref name="time"/>.</summary>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public FakeSlackWorkspace(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>The workspace's clock.</summary>
    public TimeProvider Time => _time;

    /// <summary>Adds (or renames) a user.</summary>
    /// <param name="id">The user id, e.g. <c>U0ALICE</c>.</param>
    /// <param name="name">The user name, e.g. <c>alice</c>.</param>
    public FakeSlackWorkspace AddUser(string id, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        lock (_gate)
            _users[id] = name;
        return this;
    }

    /// <summary>Adds a channel. With <paramref name="members"/>, only they are in it (ephemerals to anyone else are
    /// refused with <c>user_not_in_channel</c>); without, every user is.</summary>
    /// <param name="id">The channel id, e.g. <c>C0DEPLOYS</c>.</param>
    /// <param name="name">The channel name without '#', e.g. <c>deploys</c>; <c>channel</c> arguments may use it.</param>
    /// <param name="members">The user ids in the channel, or none for "everyone".</param>
    public FakeSlackWorkspace AddChannel(string id, string name, params string[] members)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        lock (_gate)
            _channels[id] = new Channel(id, name, members.Length == 0 ? null : new HashSet<string>(members, StringComparer.Ordinal));
        return this;
    }

    /// <summary>Adds (or replaces) a user group and its members, as <c>usergroups.users.list</c> reports them.</summary>
    /// <param name="id">The user group id, e.g. <c>S0APPROVERS</c>.</param>
    /// <param name="members">The member user ids.</param>
    public FakeSlackWorkspace AddUserGroup(string id, params string[] members)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        lock (_gate)
            _userGroups[id] = [.. members];
        return this;
    }

    /// <summary>Posts a message as a person (not the bot): what someone typed in the channel. The bot token cannot
    /// update it (<c>cant_update_message</c>).</summary>
    /// <param name="channel">The channel id.</param>
    /// <param name="user">The author's user id.</param>
    /// <param name="text">The text.</param>
    /// <param name="threadTs">The thread root's ts, to post a reply.</param>
    /// <returns>The message as stored.</returns>
    public FakeSlackMessage PostAsUser(string channel, string user, string text, string? threadTs = null)
    {
        lock (_gate)
        {
            if (!_channels.ContainsKey(channel))
                throw new ArgumentException($"No channel {channel}; add it first.", nameof(channel));
            return Append(new FakeSlackMessage(channel, NextTs(), threadTs, user, text, null, [], null, null, null));
        }
    }

    /// <summary>The channel's messages, oldest first: roots and thread replies (flat, replies carry
    /// <c>ThreadTs</c>), without ephemerals.</summary>
    /// <param name="channel">The channel id.</param>
    public IReadOnlyList<FakeSlackMessage> Messages(string channel)
    {
        lock (_gate)
            return [.. _messages.Where(m => m.Channel == channel && !m.IsEphemeral)];
    }

    /// <summary>A thread: its root, then its replies, oldest first (without ephemerals). Empty when there is no such root.</summary>
    /// <param name="channel">The channel id.</param>
    /// <param name="rootTs">The root message's ts.</param>
    public IReadOnlyList<FakeSlackMessage> Thread(string channel, string rootTs)
    {
        lock (_gate)
            return [.. _messages.Where(m => m.Channel == channel && !m.IsEphemeral && ((m.Ts == rootTs && m.ThreadTs is null) || m.ThreadTs == rootTs))];
    }

    /// <summary>The ephemeral messages shown to <paramref name="user"/>, oldest first, in every channel.</summary>
    /// <param name="user">The user id.</param>
    public IReadOnlyList<FakeSlackMessage> Ephemerals(string user)
    {
        lock (_gate)
            return [.. _messages.Where(m => m.EphemeralTo == user)];
    }

    /// <summary>Everything posted, oldest first, ephemerals included: in one channel, or in all when
    /// <paramref name="channel"/> is null.</summary>
    /// <param name="channel">The channel id, or null for all channels.</param>
    public IReadOnlyList<FakeSlackMessage> Timeline(string? channel = null)
    {
        lock (_gate)
            return [.. _messages.Where(m => channel is null || m.Channel == channel)];
    }

    /// <summary>One message (ephemerals included), or null.</summary>
    /// <param name="channel">The channel id.</param>
    /// <param name="ts">The message's ts.</param>
    public FakeSlackMessage? Message(string channel, string ts)
    {
        lock (_gate)
            return _messages.Find(m => m.Channel == channel && m.Ts == ts);
    }

    internal bool UserExists(string user)
    {
        lock (_gate)
            return _users.ContainsKey(user);
    }

    /// <summary>The channel's id for an id, a name or a '#name'; null when there is no such channel.</summary>
    internal string? ResolveChannel(string? idOrName)
    {
        if (string.IsNullOrEmpty(idOrName))
            return null;
        lock (_gate)
        {
            if (_channels.ContainsKey(idOrName))
                return idOrName;
            var name = idOrName.TrimStart('#');
            return _channels.Values.FirstOrDefault(c => c.Name == name)?.Id;
        }
    }

    internal bool IsMember(string channel, string user)
    {
        lock (_gate)
            return _channels.TryGetValue(channel, out var c) && (c.Members is null || c.Members.Contains(user));
    }

    internal IReadOnlyList<string>? UserGroupMembers(string id)
    {
        lock (_gate)
            return _userGroups.GetValueOrDefault(id);
    }

    /// <summary>Posts a message with a fresh ts; returns it as stored.</summary>
    internal FakeSlackMessage Post(string channel, string? threadTs, string user, string text, string? blocks,
        IReadOnlyList<FakeSlackFile> files, string? ephemeralTo, string? metadata)
    {
        lock (_gate)
            return Append(new FakeSlackMessage(channel, NextTs(), threadTs, user, text, blocks, files, ephemeralTo, null, metadata));
    }

    /// <summary>Replaces a stored message (same channel and ts) with <paramref name="change"/> applied to it, stamped
    /// as edited by <paramref name="editor"/>; null when it is gone.</summary>
    internal FakeSlackMessage? Replace(string channel, string ts, string editor, Func<FakeSlackMessage, FakeSlackMessage> change)
    {
        lock (_gate)
        {
            var index = _messages.FindIndex(m => m.Channel == channel && m.Ts == ts);
            if (index < 0)
                return null;
            var updated = change(_messages[index]) with { Edited = new FakeSlackEdit(editor, NextTs()) };
            _messages[index] = updated;
            return updated;
        }
    }

    internal bool Delete(string channel, string ts)
    {
        lock (_gate)
            return _messages.RemoveAll(m => m.Channel == channel && m.Ts == ts) > 0;
    }

    /// <summary>The next message timestamp: the clock's time in microseconds, made strictly greater than the last one
    /// handed out, since a ts is a message's id in its channel and two messages in the same microsecond (a frozen
    /// FakeTimeProvider) must still get different ones.</summary>
    internal string NextTs()
    {
        lock (_gate)
        {
            var micros = (_time.GetUtcNow() - UnixEpoch).Ticks / 10;
            _lastMicros = Math.Max(micros, _lastMicros + 1);
            return SlackTimestamp.Format(_lastMicros);
        }
    }

    private FakeSlackMessage Append(FakeSlackMessage message)
    {
        _messages.Add(message);
        return message;
    }

    private sealed record Channel(string Id, string Name, HashSet<string>? Members);
}
