using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Core.Configuration;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Access;

/// <summary>
/// Who may do what where: roles per environment that include the lower ones, and the channels allowed to act on an
/// environment. User-group members are read through <see cref="IGroupMembership"/> and cached for five minutes.
/// </summary>
public sealed class AccessPolicy(
    IOptionsMonitor<OpsBotOptions> options,
    IEnumerable<IGroupMembership> groups,
    TimeProvider time,
    ILogger<AccessPolicy> logger)
{
    private static readonly TimeSpan GroupCacheTime = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, IReadOnlyCollection<string> Members)> _groupCache = new();

    public async Task<Role> RoleOfAsync(Actor actor, string environment, CancellationToken cancellationToken)
    {
        if (actor.IsSystem)
            return Role.Admin;
        if (!options.CurrentValue.Environments.TryGetValue(environment, out var env))
            return Role.None;
        var roles = env.Roles;
        foreach (var (role, entries) in new[] { (Role.Admin, roles.Admin), (Role.Approver, roles.Approver), (Role.Deployer, roles.Deployer), (Role.Viewer, roles.Viewer) })
        {
            if (await AnyMatchesAsync(entries, actor.Identity, cancellationToken))
                return role;
        }
        return Role.None;
    }

    /// <summary>Null when <paramref name="actor"/> may act with <paramref name="required"/> on <paramref name="environment"/>; else why not.</summary>
    public async Task<string?> RefusalAsync(Actor actor, string environment, Role required, CancellationToken cancellationToken)
    {
        if (actor.IsSystem)
            return null;
        var role = await RoleOfAsync(actor, environment, cancellationToken);
        if (role < required)
        {
            var have = role == Role.None ? "no role there" : $"the {role.ToString().ToLowerInvariant()} role";
            return $"{actor.Name} may not do that in {environment}: it needs the {required.ToString().ToLowerInvariant()} role, and {actor.Identity} has {have}.";
        }
        var allowed = options.CurrentValue.Environments[environment].AllowedChannels;
        if (required > Role.Viewer && actor.Channel is { } channel && allowed.Count > 0 && !allowed.Contains(channel))
            return $"{environment} can only be acted on from {string.Join(", ", allowed)}; this channel ({channel}) is not one of them.";
        return null;
    }

    private async Task<bool> AnyMatchesAsync(List<string> entries, string identity, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            if (IdentityPattern.MatchesDirectly(entry, identity))
                return true;
            if (IdentityPattern.Group(entry) is { } group && identity.StartsWith(group.Platform + ":", StringComparison.Ordinal))
            {
                var members = await MembersAsync(group.Platform, group.GroupId, cancellationToken);
                if (members.Contains(identity[(group.Platform.Length + 1)..]))
                    return true;
            }
        }
        return false;
    }

    private async Task<IReadOnlyCollection<string>> MembersAsync(string platform, string groupId, CancellationToken cancellationToken)
    {
        var key = $"{platform}:{groupId}";
        var now = time.GetUtcNow();
        if (_groupCache.TryGetValue(key, out var cached) && now - cached.At < GroupCacheTime)
            return cached.Members;
        var resolver = groups.FirstOrDefault(g => g.Platform == platform);
        if (resolver is null)
            return [];
        try
        {
            var members = await resolver.MembersAsync(groupId, cancellationToken);
            _groupCache[key] = (now, members);
            return members;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An unreadable group grants nothing new; a stale cached answer is still the best we know.
            logger.LogWarning(e, "Could not read members of {Group}", key);
            return cached.Members ?? [];
        }
    }
}
