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

    /// <summary>
    /// The person's identities on other platforms (<c>OpsBot:People</c>), set by <c>ChatCommandHandler</c> for every
    /// request, so that four eyes sees one person in Slack and Teams alike.
    /// </summary>
    public IReadOnlyList<string> OtherIdentities { get; init; } = [];

    /// <summary>True when <paramref name="identity"/> is this actor's, on any platform.</summary>
    public bool Is(string? identity) => identity is not null && (identity == Identity || OtherIdentities.Contains(identity, StringComparer.Ordinal));

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
