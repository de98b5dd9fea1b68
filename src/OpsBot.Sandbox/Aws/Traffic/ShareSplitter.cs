namespace OpsBot.Sandbox.Aws.Traffic;

/// <summary>
/// Splits one alias's invocations of a second among its versions by their shares, deterministically: each version's
/// exact share plus what it was owed before is floored, and the invocations left go to the largest remainders. What a
/// version was over- or under-given carries to the next second, so over time every version gets exactly its share
/// (a 10% canary at 200/s gets 20 a second; at 7/s it gets 1 in 7 of every 10 seconds) and each second adds up.
/// </summary>
internal sealed class ShareSplitter
{
    private readonly Dictionary<string, double> _owed = new(StringComparer.Ordinal);

    public IReadOnlyList<(string Version, int Count)> Split(int total, IReadOnlyList<(string Version, double Share)> shares)
    {
        var weights = shares.Select(s => double.IsFinite(s.Share) && s.Share > 0 ? s.Share : 0).ToArray();
        var sum = weights.Sum();
        if (total <= 0 || sum <= 0)
            return [];
        // A changed set of versions starts afresh: what the old split owed means nothing to the new one.
        if (_owed.Count != shares.Count || shares.Any(s => !_owed.ContainsKey(s.Version)))
        {
            _owed.Clear();
            foreach (var (version, _) in shares)
                _owed[version] = 0;
        }

        var exact = new double[shares.Count];
        var counts = new int[shares.Count];
        var given = 0;
        for (var i = 0; i < shares.Count; i++)
        {
            exact[i] = total * weights[i] / sum + _owed[shares[i].Version];
            counts[i] = Math.Max(0, (int)Math.Floor(exact[i]));
            given += counts[i];
        }
        var byRemainder = Enumerable.Range(0, shares.Count).OrderByDescending(i => exact[i] - counts[i]).ThenBy(i => i).ToList();
        for (var k = 0; given < total; k = (k + 1) % byRemainder.Count)
        {
            if (weights[byRemainder[k]] > 0)
            {
                counts[byRemainder[k]]++;
                given++;
            }
        }
        for (var k = byRemainder.Count - 1; given > total; k = (k + byRemainder.Count - 1) % byRemainder.Count)
        {
            if (counts[byRemainder[k]] > 0)
            {
                counts[byRemainder[k]]--;
                given--;
            }
        }

        var split = new List<(string, int)>(shares.Count);
        for (var i = 0; i < shares.Count; i++)
        {
            _owed[shares[i].Version] = exact[i] - counts[i];
            split.Add((shares[i].Version, counts[i]));
        }
        return split;
    }
}
