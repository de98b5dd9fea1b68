using System.Globalization;

namespace OpsBot.Core.Deployments;

/// <summary>
/// One deployment's effect on an alias as OpsBot recorded it: the version that had all traffic when it started, and
/// the version it left with all traffic when it ended (null while it runs, or when it ended without moving anything).
/// Releases and rollbacks store their versions the other way round; the store hands them over already turned.
/// </summary>
public sealed record AliasChange(string DeploymentId, DeploymentKind Kind, string FromVersion, string? LeftVersion, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

/// <summary>A version that had all traffic on an alias, and the last time OpsBot saw it so.</summary>
public sealed record LiveVersion(string Version, DateTimeOffset LastLive, string DeploymentId);

/// <summary>
/// The versions that were ever live on one alias, from every deployment and rollback OpsBot ran on it. A rollback
/// may only go back to one of these — or, before OpsBot's history of the alias begins, to a lower version than any
/// it has seen live — so a "rollback" can never put a never-reviewed version on traffic.
/// </summary>
public sealed class AliasHistory(IReadOnlyList<AliasChange> changes)
{
    /// <summary>Every version that was live, newest sighting first.</summary>
    public IReadOnlyList<LiveVersion> LiveVersions { get; } = changes
        .SelectMany(c => c.LeftVersion is { } left && c.EndedAt is { } ended
            ? new[] { new LiveVersion(c.FromVersion, c.StartedAt, c.DeploymentId), new LiveVersion(left, ended, c.DeploymentId) }
            : [new LiveVersion(c.FromVersion, c.StartedAt, c.DeploymentId)])
        .GroupBy(v => v.Version, StringComparer.Ordinal)
        .Select(g => g.MaxBy(v => v.LastLive)!)
        .OrderByDescending(v => v.LastLive)
        .ToList();

    public bool IsEmpty => LiveVersions.Count == 0;

    /// <summary>The version a rollback may go to: one that was live, or one older than OpsBot's whole history of the alias.</summary>
    /// <param name="version">The version asked for.</param>
    /// <param name="current">The version live now (the start of the history when OpsBot has none).</param>
    public bool MayRollBackTo(string version, string current)
    {
        if (LiveVersions.Any(v => v.Version == version))
            return true;
        var oldest = LiveVersions.Select(v => Number(v.Version)).Append(Number(current)).Where(n => n >= 0).DefaultIfEmpty(-1).Min();
        var asked = Number(version);
        return asked >= 0 && oldest >= 0 && asked < oldest;
    }

    /// <summary>When <paramref name="version"/> was last live on the alias, if OpsBot saw it.</summary>
    public LiveVersion? Find(string version) => LiveVersions.FirstOrDefault(v => v.Version == version);

    /// <summary>The version a release replaced when it made <paramref name="current"/> live, most recent first.</summary>
    public string? ReplacedBy(string current) => changes
        .Where(c => c.Kind == DeploymentKind.Release && c.LeftVersion == current && c.FromVersion != current && c.EndedAt is not null)
        .OrderByDescending(c => c.EndedAt)
        .Select(c => c.FromVersion)
        .FirstOrDefault();

    private static long Number(string version) =>
        long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
}
