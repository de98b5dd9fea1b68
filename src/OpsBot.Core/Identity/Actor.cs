namespace OpsBot.Core.Identity;

/// <summary>
/// Who asks for something: an identity such as <c>slack:U0ALICE</c> or <c>teams:&lt;AAD object id&gt;</c>, the chat
/// channel the request came from (if any), and a display name for messages.
/// </summary>
public sealed record Actor(string Identity, string? Channel = null, string? DisplayName = null)
{
    /// <summary>OpsBot itself, for automatic decisions.</summary>
    public static Actor System { get; } = new("opsbot", null, "OpsBot");

    public bool IsSystem => Identity == System.Identity;

    /// <summary>The platform part of the identity ("slack" for "slack:U0ALICE").</summary>
    public string Platform => Identity.Split(':', 2)[0];

    /// <summary>
    /// How Core's text names this actor: a neutral reference to the verified identity (<see cref="ChatRefs.Person"/>),
    /// which each platform renders as its own mention. Never the display name a request claimed.
    /// </summary>
    public string Mention => ChatRefs.Person(Identity);

    /// <summary>For logs only: the display name the request gave, else the identity.</summary>
    public override string ToString() => DisplayName ?? Identity;
}
