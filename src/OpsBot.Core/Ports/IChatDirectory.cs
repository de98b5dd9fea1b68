namespace OpsBot.Core.Ports;

/// <summary>
/// What a chat platform learns from inbound requests and needs later to act on its own, kept across restarts: for
/// Teams, a channel's conversation reference (its <c>serviceUrl</c>, tenant and team, from the activities that named
/// it) and a person's Teams id beside their AAD object id. One value per (platform, key), the latest one saved.
/// </summary>
public interface IChatDirectory
{
    Task SaveAsync(string platform, string key, string value, CancellationToken cancellationToken);

    /// <summary>The value saved under (<paramref name="platform"/>, <paramref name="key"/>); null when none was.</summary>
    Task<string?> GetAsync(string platform, string key, CancellationToken cancellationToken);

    /// <summary>Deletes the values of <paramref name="platform"/> whose key starts with <paramref name="keyPrefix"/>, saved before <paramref name="before"/>; how many.</summary>
    Task<int> PurgeAsync(string platform, string keyPrefix, DateTimeOffset before, CancellationToken cancellationToken);
}
