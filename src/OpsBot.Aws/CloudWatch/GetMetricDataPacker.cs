namespace OpsBot.Aws.CloudWatch;

/// <summary>
/// CloudWatch queries that belong together, over the window [Start, End) their answer is read in. A unit that is not
/// <see cref="Splittable"/> (a check: an expression and its inputs) must travel in one call, since an expression sees
/// only the ids of its own call; the series of a splittable unit (a Lambda query) are independent and may travel apart.
/// </summary>
internal sealed record MetricUnit(IReadOnlyList<MetricDataQuery> Queries, DateTimeOffset Start, DateTimeOffset End, bool Splittable)
{
    public int Cost => Queries.Count;
}

/// <summary>
/// Packs one scope's units into GetMetricData calls of at most <see cref="GetMetricDataInput.MaxQueries"/> queries,
/// ⌈queries / 500⌉ of them as long as the units that cannot be split fit that many calls (they always do unless a
/// few of them are very large): those go first, largest first, each into the first call with room; then each
/// splittable unit whole into the first call with room, into a new call while fewer than ⌈queries / 500⌉ are open,
/// and only then split over the room left in the open calls. Each call asks for the union of its queries' windows.
/// </summary>
internal static class GetMetricDataPacker
{
    public static IReadOnlyList<GetMetricDataInput> Pack(IReadOnlyList<MetricUnit> units, int capacity = GetMetricDataInput.MaxQueries)
    {
        if (units.FirstOrDefault(u => u.Cost > capacity && !u.Splittable) is { } oversized)
            throw new ArgumentException($"a unit of {oversized.Cost} queries does not fit a call of {capacity}", nameof(units));
        var target = (units.Sum(u => u.Cost) + capacity - 1) / capacity;
        var calls = new List<Call>();

        foreach (var unit in units.Where(u => !u.Splittable).OrderByDescending(u => u.Cost))
            (calls.FirstOrDefault(c => c.Room(capacity) >= unit.Cost) ?? Open(calls)).AddAll(unit);

        foreach (var unit in units.Where(u => u.Splittable))
        {
            if (calls.FirstOrDefault(c => c.Room(capacity) >= unit.Cost) is { } fits)
            {
                fits.AddAll(unit);
                continue;
            }
            if (calls.Count < target && unit.Cost <= capacity)
            {
                Open(calls).AddAll(unit);
                continue;
            }
            foreach (var query in unit.Queries)
                (calls.FirstOrDefault(c => c.Room(capacity) > 0) ?? Open(calls)).Add(query, unit);
        }
        return [.. calls.Select(c => c.ToInput())];
    }

    private static Call Open(List<Call> calls)
    {
        var call = new Call();
        calls.Add(call);
        return call;
    }

    private sealed class Call
    {
        private readonly List<MetricDataQuery> _queries = [];
        private DateTimeOffset _start = DateTimeOffset.MaxValue;
        private DateTimeOffset _end = DateTimeOffset.MinValue;

        public int Room(int capacity) => capacity - _queries.Count;

        public void AddAll(MetricUnit unit)
        {
            foreach (var query in unit.Queries)
                Add(query, unit);
        }

        public void Add(MetricDataQuery query, MetricUnit unit)
        {
            _queries.Add(query);
            _start = unit.Start < _start ? unit.Start : _start;
            _end = unit.End > _end ? unit.End : _end;
        }

        public GetMetricDataInput ToInput() => new([.. _queries], _start, _end, ScanBy: ScanBy.TimestampAscending);
    }
}
