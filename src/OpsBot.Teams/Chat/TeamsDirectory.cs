using System.Collections.Concurrent;
using System.Text.Json;
using OpsBot.Core.Ports;

namespace OpsBot.Teams.Chat;

/// <summary>
/// Where a Teams conversation lives: what a proactive post to it needs (its Bot Connector, tenant and team).
/// <see cref="IsChat"/>: a personal or group chat, which has no reply chains — a card there is a message in the chat,
/// and its timeline the messages after it.
/// </summary>
internal sealed record ChannelReference(string ServiceUrl, string TenantId, string? TeamId, bool IsChat = false);

/// <summary>A person as Teams names them: their Teams id (<c>29:…</c>, for <c>refresh.userIds</c> and 1:1 chats) and display name.</summary>
internal sealed record TeamsPerson(string Id, string Name);

/// <summary>
/// What OpsBot learns about Teams from inbound activities and needs later, on its own: each channel's conversation
/// reference and each person's Teams id and name, by AAD object id. Kept in the chat directory (so a restart keeps
/// them) and in memory; a value is written only when it changed.
/// </summary>
internal sealed class TeamsDirectory(IChatDirectory directory)
{
    public const string Platform = "teams";
    private readonly ConcurrentDictionary<string, string> _seen = new(StringComparer.Ordinal);

    public Task RememberChannelAsync(string channelId, ChannelReference reference, CancellationToken cancellationToken) =>
        SaveAsync("channel:" + channelId, JsonSerializer.Serialize(reference), cancellationToken);

    public async Task<ChannelReference?> ChannelAsync(string channelId, CancellationToken cancellationToken) =>
        await GetAsync("channel:" + channelId, cancellationToken) is { } json ? JsonSerializer.Deserialize<ChannelReference>(json) : null;

    public Task RememberPersonAsync(string aadObjectId, TeamsPerson person, CancellationToken cancellationToken) =>
        SaveAsync("person:" + aadObjectId, JsonSerializer.Serialize(person), cancellationToken);

    public async Task<TeamsPerson?> PersonAsync(string aadObjectId, CancellationToken cancellationToken) =>
        await GetAsync("person:" + aadObjectId, cancellationToken) is { } json ? JsonSerializer.Deserialize<TeamsPerson>(json) : null;

    /// <summary>The people among <paramref name="identities"/> (<c>teams:&lt;aad&gt;</c>) that Teams has told OpsBot about.</summary>
    public async Task<IReadOnlyDictionary<string, TeamsPerson>> PeopleAsync(IEnumerable<string> identities, CancellationToken cancellationToken)
    {
        var people = new Dictionary<string, TeamsPerson>(StringComparer.Ordinal);
        foreach (var identity in identities.Distinct(StringComparer.Ordinal))
        {
            if (identity.StartsWith(Platform + ":", StringComparison.Ordinal) && await PersonAsync(identity[(Platform.Length + 1)..], cancellationToken) is { } person)
                people[identity] = person;
        }
        return people;
    }

    private async Task SaveAsync(string key, string value, CancellationToken cancellationToken)
    {
        if (_seen.TryGetValue(key, out var known) && known == value)
            return;
        await directory.SaveAsync(Platform, key, value, cancellationToken);
        _seen[key] = value;
    }

    private async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (_seen.TryGetValue(key, out var known))
            return known;
        var value = await directory.GetAsync(Platform, key, cancellationToken);
        if (value is not null)
            _seen[key] = value;
        return value;
    }
}
