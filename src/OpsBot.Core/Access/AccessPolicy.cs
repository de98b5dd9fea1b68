using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Core.Configuration;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Access;

/// <summary>
/// Who may do what where: roles per environment that include the lower ones, and the channels allowed to act on an
/// environment. User-group members are read through <see cref="IGroupMembership"/> and cached for five minutes.
/// </summary>
/// <remarks>
/// When a group cannot be read, a membership older than the cache time is not trusted for anything that moves
/// traffic forward (fail closed: the role is not granted, and the refusal says why); safe actions — rolling back,
/// pausing, rejecting, viewing — still use the last membership read, so an outage of Slack never blocks a rollback.
/// </remarks>
public sealed class AccessPolicy(
    IOptionsMonitor<OpsBotOptions> options,
    IEnumerable<IGroupMembership> groups,
    TimeProvider time,
    ILogger<AccessPolicy> logger)
{
    /// <summary>How long a group's membership is used before it is read again.</summary>
    public static readonly TimeSpan GroupCacheTime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (DateTimeOffset At, IReadOnlyCollection<string> Members)> _groupCache = new();

    public async Task<Role> RoleOfAsync(Actor actor, string environment, CancellationToken cancellationToken) =>
        (await ResolveAsync(actor, environment, safe: true, cancellationToken)).Role;

    /// <summary>
    /// Null when <paramref name="actor"/> may act with <paramref name="required"/> on <paramref name="environment"/>;
    /// else why not. <paramref name="safe"/> marks an action that only makes things safer (roll back, pause, reject):
    /// it may rely on a group membership that could not be refreshed. Viewing always may.
    /// </summary>
    public async Task<string?> RefusalAsync(Actor actor, string environment, Role required, CancellationToken cancellationToken, bool safe = false)
    {
        if (actor.IsSystem)
            return null;
        var (role, problem) = await ResolveAsync(actor, environment, safe || required <= Role.Viewer, cancellationToken);
        if (role < required)
        {
            var have = role == Role.None ? "no role there" : $"the {role.ToString().ToLowerInvariant()} role";
            var why = problem is null ? "" : $" ({problem})";
            return $"That needs the {required.ToString().ToLowerInvariant()} role in {environment}, and {actor.Mention} has {have}{why}.";
        }
        var allowed = options.CurrentValue.Environments[environment].AllowedChannels;
        if (required > Role.Viewer && actor.Channel is { } channel && allowed.Count > 0 && !allowed.Contains(channel))
        {
            var where = string.Join(", ", allowed.Select(c => ChatRefs.Channel(actor.Platform, c)));
            return $"{environment} can only be acted on from {where}; this channel ({ChatRefs.Channel(actor.Platform, channel)}) is not one of them.";
        }
        return null;
    }

    private async Task<(Role Role, string? Problem)> ResolveAsync(Actor actor, string environment, bool safe, CancellationToken cancellationToken)
    {
        if (actor.IsSystem)
            return (Role.Admin, null);
        if (!options.CurrentValue.Environments.TryGetValue(environment, out var env))
            return (Role.None, null);
        var roles = env.Roles;
        string? problem = null;
        foreach (var (role, entries) in new[] { (Role.Admin, roles.Admin), (Role.Approver, roles.Approver), (Role.Deployer, roles.Deployer), (Role.Viewer, roles.Viewer) })
        {
            // A person listed in OpsBot:People has the roles of each of their identities (and their groups).
            foreach (var identity in options.CurrentValue.IdentitiesOf(actor.Identity))
            {
                var (matches, unreadable) = await AnyMatchesAsync(entries, identity, safe, cancellationToken);
                problem ??= unreadable;
                if (matches)
                    return (role, problem); // a higher role a group could not confirm is why this one is all there is
            }
        }
        return (Role.None, problem);
    }

    private async Task<(bool Matches, string? Unreadable)> AnyMatchesAsync(List<string> entries, string identity, bool safe, CancellationToken cancellationToken)
    {
        string? unreadable = null;
        foreach (var entry in entries)
        {
            if (IdentityPattern.MatchesDirectly(entry, identity))
                return (true, null);
            if (IdentityPattern.Group(entry) is { } group && identity.StartsWith(group.Platform + ":", StringComparison.Ordinal))
            {
                var (members, problem) = await MembersAsync(group.Platform, group.GroupId, safe, cancellationToken);
                if (members.Contains(identity[(group.Platform.Length + 1)..]))
                    return (true, null);
                unreadable ??= problem;
            }
        }
        return (false, unreadable);
    }

    private async Task<(IReadOnlyCollection<string> Members, string? Problem)> MembersAsync(string platform, string groupId, bool safe, CancellationToken cancellationToken)
    {
        var key = $"{platform}:{groupId}";
        var now = time.GetUtcNow();
        var hasCached = _groupCache.TryGetValue(key, out var cached);
        if (hasCached && now - cached.At < GroupCacheTime)
            return (cached.Members, null);
        var resolver = groups.FirstOrDefault(g => g.Platform == platform);
        if (resolver is null)
            return ([], $"members of {platform}-group:{groupId} cannot be read here");
        try
        {
            var members = await resolver.MembersAsync(groupId, cancellationToken);
            _groupCache[key] = (now, members);
            return (members, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not read members of {Group}", key);
            var problem = $"the members of {platform}-group:{groupId} could not be read ({e.Message}), and a membership older than " +
                          $"{GroupCacheTime.TotalMinutes:0} minutes is not trusted for this";
            // Forward actions fail closed; safe ones (roll back, pause, reject, view) may use the last membership read.
            return safe && hasCached ? (cached.Members, null) : ([], problem);
        }
    }
}
