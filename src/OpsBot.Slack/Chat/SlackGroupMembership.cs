using OpsBot.Core.Ports;
using OpsBot.Slack.WebApi;

namespace OpsBot.Slack.Chat;

/// <summary>Members of a Slack user group (<c>slack-group:S0123ABC</c> in a role), read with usergroups.users.list; Core caches them.</summary>
internal sealed class SlackGroupMembership(SlackWebApiClient slack) : IGroupMembership
{
    public string Platform => SlackChatChannel.PlatformName;

    public async Task<IReadOnlyCollection<string>> MembersAsync(string groupId, CancellationToken cancellationToken) =>
        await slack.UsergroupMembersAsync(groupId, cancellationToken);
}
