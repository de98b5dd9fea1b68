using OpsBot.Core.Health;

namespace OpsBot.Core.Ports;

/// <summary>Members of a chat user group (<c>slack-group:S0123ABC</c>), for roles that name groups.</summary>
public interface IGroupMembership
{
    /// <summary>The platform whose groups this resolves.</summary>
    string Platform { get; }

    Task<IReadOnlyCollection<string>> MembersAsync(string groupId, CancellationToken cancellationToken);
}
