namespace OpsBot.Teams.Cards;

/// <summary>
/// What a Teams card needs beyond Core's model: the names of the people it mentions (Core holds identities only, and a
/// mention without a known name would show an id), the users whose clients refresh the card automatically, and the
/// chart images a health card links to (hosted by OpsBot: Teams drops data URIs and they would blow the size budget).
/// </summary>
/// <param name="DisplayName">An identity (<c>teams:&lt;aad-guid&gt;</c>) to its known name, or null when unknown.</param>
/// <param name="RefreshUserIds">Teams user MRIs (<c>29:…</c>) whose clients run the card's refresh; at most <see cref="AdaptiveCardLimits.RefreshUsers"/> are used.</param>
/// <param name="ImageUrls">Chart images (absolute http/https URLs) for a health card.</param>
internal sealed record TeamsCardContext(Func<string, string?> DisplayName, IReadOnlyList<string> RefreshUserIds, IReadOnlyList<Uri> ImageUrls)
{
    /// <summary>No names, no refresh, no images: every person is drawn as their identity.</summary>
    public static TeamsCardContext Empty { get; } = new(_ => null, [], []);

    /// <summary>
    /// The Teams identity of the person behind an identity on another platform (<c>OpsBot:People</c>: bob approved in
    /// Slack, and a Teams card names him as the Teams user he is), or the identity itself.
    /// </summary>
    public Func<string, string> InTeams { get; init; } = identity => identity;
}
