namespace OpsBot.Sandbox.Aws.Shared;

/// <summary>
/// Deterministic noise: the same function, version and second always give the same value (a hash, not a random
/// generator), so a simulated run can be repeated and tests can expect exact figures.
/// </summary>
internal static class Jitter
{
    /// <summary>A value in [-1, 1) for the key and second.</summary>
    public static double Of(string key, long second, int salt)
    {
        var x = Fnv(key) ^ (ulong)second * 0x9E3779B97F4A7C15UL ^ (ulong)salt * 0xBF58476D1CE4E5B9UL;
        // splitmix64's finalizer spreads the bits.
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53)) * 2 - 1;
    }

    /// <summary>FNV-1a: a string hash that, unlike <see cref="string.GetHashCode()"/>, is the same in every process.</summary>
    public static ulong Fnv(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}
