namespace OpsBot.Sandbox.Aws.Traffic;

/// <summary>
/// The faults injected into the simulated traffic, per function version: a version with a fault fails at the fault's
/// error rate (and takes its duration) instead of the normal profile, from the next simulated second on.
/// </summary>
public sealed class TrafficFaults
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Function, string Version), TrafficFault> _faults = [];

    /// <summary>Sets (or replaces) the fault of one version.</summary>
    /// <param name="function">The function's name.</param>
    /// <param name="version">The published version.</param>
    /// <param name="errorRate">The fraction of invocations that fail, 0..1; null keeps the normal profile's.</param>
    /// <param name="durationMs">The average duration in milliseconds (positive); null keeps the normal profile.</param>
    /// <returns>The fault as stored.</returns>
    /// <exception cref="ArgumentException">An empty name or version, neither an error rate nor a duration, an error rate outside 0..1, or a duration that is not positive.</exception>
    public TrafficFault Set(string function, string version, double? errorRate, double? durationMs = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(function);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        if (errorRate is null && durationMs is null)
            throw new ArgumentException("A fault changes the error rate, the duration or both.", nameof(errorRate));
        if (errorRate is { } rate && (!double.IsFinite(rate) || rate is < 0 or > 1))
            throw new ArgumentOutOfRangeException(nameof(errorRate), errorRate, "The error rate is a fraction from 0 to 1.");
        if (durationMs is { } ms && (!double.IsFinite(ms) || ms <= 0))
            throw new ArgumentOutOfRangeException(nameof(durationMs), ms, "The duration is a positive number of milliseconds.");
        var fault = new TrafficFault(function, version, errorRate, durationMs);
        lock (_lock)
            _faults[(function, version)] = fault;
        return fault;
    }

    /// <summary>Removes the fault of one version, or of every version of the function when <paramref name="version"/> is null.</summary>
    /// <param name="function">The function's name.</param>
    /// <param name="version">The version; null for all of the function's versions.</param>
    /// <returns>How many faults were removed.</returns>
    public int Clear(string function, string? version = null)
    {
        lock (_lock)
        {
            var keys = _faults.Keys.Where(k => k.Function == function && (version is null || k.Version == version)).ToList();
            foreach (var key in keys)
                _faults.Remove(key);
            return keys.Count;
        }
    }

    /// <summary>The faults now in force, by function and version.</summary>
    public IReadOnlyList<TrafficFault> Current()
    {
        lock (_lock)
            return [.. _faults.Values.OrderBy(f => f.Function, StringComparer.Ordinal).ThenBy(f => f.Version, StringComparer.Ordinal)];
    }

    /// <summary>The fault of one version, if any.</summary>
    internal TrafficFault? Of(string function, string version)
    {
        lock (_lock)
            return _faults.GetValueOrDefault((function, version));
    }
}
