namespace OpsBot.Core.Deployments;

/// <summary>
/// Serializes work per key (a deployment id, or a function alias for starts) inside one process. Across processes
/// the store's version check and its one-active-deployment-per-alias constraint keep the same guarantees.
/// </summary>
public sealed class DeploymentLocks
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!))
                _entries[key] = entry = new Entry();
            entry.Users++;
        }
        try
        {
            await entry.Gate.WaitAsync(cancellationToken);
        }
        catch
        {
            Release(key, entry, held: false);
            throw;
        }
        return new Releaser(this, key, entry);
    }

    /// <summary>True when someone besides the holder is waiting for <paramref name="key"/>: a long-running holder should let go soon.</summary>
    public bool IsWanted(string key)
    {
        lock (_entries)
            return _entries.TryGetValue(key, out var entry) && entry.Users > 1;
    }

    private void Release(string key, Entry entry, bool held)
    {
        lock (_entries)
        {
            if (held)
                entry.Gate.Release();
            if (--entry.Users == 0)
            {
                _entries.Remove(key);
                entry.Gate.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Releaser(DeploymentLocks owner, string key, Entry entry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                owner.Release(key, entry, held: true);
        }
    }
}
