namespace OpsBot.Sandbox.Slack;

/// <summary>
/// A message as the fake workspace holds it. Thread replies carry <see cref="ThreadTs"/> = the root's <see cref="Ts"/>;
/// a root carries no <see cref="ThreadTs"/>. An ephemeral message carries the one user who sees it in
/// <see cref="EphemeralTo"/>.
/// </summary>
/// <param name="Channel">The channel id.</param>
/// <param name="Ts">The message's timestamp id, Slack style (<c>"1700000000.000100"</c>), unique and increasing.</param>
/// <param name="ThreadTs">The thread root's ts for a reply; null for a top-level message.</param>
/// <param name="User">Who posted it: the bot user id for the bot token's posts.</param>
/// <param name="Text">The text (the notification fallback when there are blocks).</param>
/// <param name="Blocks">The blocks as posted (a JSON array), or null.</param>
/// <param name="Files">Files shared with the message (files v2 uploads completed into the channel).</param>
/// <param name="EphemeralTo">For an ephemeral message, the only user who sees it; null otherwise.</param>
/// <param name="Edited">Set once the message was changed by <c>chat.update</c> or a response_url replace.</param>
/// <param name="Metadata">The message metadata (<c>{event_type, event_payload}</c>) as posted, or null.</param>
public sealed record FakeSlackMessage(
    string Channel,
    string Ts,
    string? ThreadTs,
    string User,
    string Text,
    string? Blocks,
    IReadOnlyList<FakeSlackFile> Files,
    string? EphemeralTo,
    FakeSlackEdit? Edited,
    string? Metadata)
{
    /// <summary>True for an ephemeral message.</summary>
    public bool IsEphemeral => EphemeralTo is not null;
}

/// <summary>Who last changed a message, and when (the edit's ts).</summary>
/// <param name="User">The user who made the change.</param>
/// <param name="Ts">When, as a Slack timestamp.</param>
public sealed record FakeSlackEdit(string User, string Ts);

/// <summary>A file uploaded through the files v2 flow, as it appears on a message.</summary>
/// <param name="Id">The file id (<c>F...</c>).</param>
/// <param name="Name">The file name given to <c>files.getUploadURLExternal</c>.</param>
/// <param name="Title">The title given to <c>files.completeUploadExternal</c> (the name when none).</param>
/// <param name="Mimetype">The content type, from the file name's extension.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="Url">Where the bytes can be read back (<c>GET</c>, no auth): <c>{base}/sandbox/files/{id}</c>.</param>
public sealed record FakeSlackFile(string Id, string Name, string Title, string Mimetype, long Size, string Url);

/// <summary>One request the fake received: a Web API method, an upload, or a response_url post.</summary>
/// <param name="Method">The Web API method (<c>chat.postMessage</c>), or <c>upload</c> for a POST to an upload URL,
/// or <c>response_url</c> for a POST to a response URL.</param>
/// <param name="At">When it was received (the workspace's <see cref="TimeProvider"/>).</param>
/// <param name="Arguments">The arguments as sent (form fields as strings, JSON as is; the token is left out).</param>
/// <param name="Status">The HTTP status answered (200, or 429 when rate limited, or 4xx for uploads and response URLs).</param>
/// <param name="Error">The <c>error</c> answered, or null when the call succeeded.</param>
public sealed record FakeSlackCall(
    string Method,
    DateTimeOffset At,
    System.Text.Json.Nodes.JsonObject Arguments,
    int Status,
    string? Error)
{
    /// <summary>True when the call was answered <c>ok: true</c>.</summary>
    public bool Ok => Error is null && Status is >= 200 and < 300;
}
