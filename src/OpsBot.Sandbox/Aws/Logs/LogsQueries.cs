namespace OpsBot.Sandbox.Aws.Logs;

/// <summary>
/// The world's Logs Insights queries, by id. A query is evaluated when it starts; it reads Running on its first
/// GetQueryResults (with no results yet, as a query that has just started) and Complete from the second on, or once a
/// second of sandbox time has passed since it started. At most <see cref="MaxRunning"/> run at once (Logs Insights'
/// concurrency limit), and the last <see cref="MaxKept"/> are kept.
/// </summary>
internal sealed class LogsQueries(TimeProvider time)
{
    public const int MaxRunning = 30;
    public const int MaxKept = 200;

    public const string Running = "Running";
    public const string Complete = "Complete";
    public const string Cancelled = "Cancelled";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _queries = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public string Add(InsightsResult result)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_queries.Values.Count(q => StatusOf(q, now) == Running) >= MaxRunning)
                throw LogsException.LimitExceeded($"Account maximum query concurrency limit of [{MaxRunning}] reached.");
            var id = Guid.NewGuid().ToString();
            _queries[id] = new Entry(result, now);
            _order.Enqueue(id);
            while (_order.Count > MaxKept)
                _queries.Remove(_order.Dequeue());
            return id;
        }
    }

    /// <summary>The query's status now and, once Complete, its result (null while Running or after a cancellation).</summary>
    public (string Status, InsightsResult? Result) Read(string id)
    {
        lock (_lock)
        {
            var entry = Find(id);
            var status = StatusOf(entry, time.GetUtcNow());
            entry.Reads++;
            return (status, status == Complete ? entry.Result : null);
        }
    }

    /// <summary>Cancels a running query; false when it had already finished.</summary>
    public bool Stop(string id)
    {
        lock (_lock)
        {
            var entry = Find(id);
            if (StatusOf(entry, time.GetUtcNow()) != Running)
                return false;
            entry.Cancelled = true;
            return true;
        }
    }

    private Entry Find(string id) =>
        _queries.TryGetValue(id, out var entry) ? entry : throw LogsException.ResourceNotFound($"Query {id} does not exist.");

    private static string StatusOf(Entry entry, DateTimeOffset now) =>
        entry.Cancelled ? Cancelled
        : entry.Reads == 0 && now - entry.StartedAt < TimeSpan.FromSeconds(1) ? Running
        : Complete;

    private sealed class Entry(InsightsResult result, DateTimeOffset startedAt)
    {
        public InsightsResult Result { get; } = result;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public int Reads { get; set; }

        public bool Cancelled { get; set; }
    }
}
