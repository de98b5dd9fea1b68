using OpsBot.Core.Deployments;

namespace OpsBot.Core.Notifications.Cards;

/// <summary>One version's figures over the window: what it served and how it did.</summary>
public sealed record VersionFigures(string Version, double Percent, double Invocations, double Errors, double? AverageDurationMs, double? P99DurationMs, double Throttles)
{
    /// <summary>Errors per invocation in percent; null without invocations.</summary>
    public double? ErrorRatePercent => Invocations > 0 ? Errors / Invocations * 100 : null;
}

/// <summary>One function in <c>/health</c>: its alias, what is deploying, each version's figures, and its checks (alarms, probes, thresholds).</summary>
public sealed record FunctionHealth(string Function, string Alias, string Routing, string? Deployment, IReadOnlyList<VersionFigures> Versions, IReadOnlyList<CardCheck> Checks)
{
    /// <summary>Why it is not healthy ("error rate 7.2% > 5%; alarm x in ALARM"); null when it is.</summary>
    public string? Problem { get; init; }

    /// <summary>Something could not be read (the alias, the metrics): shown, and counted as unknown rather than healthy.</summary>
    public string? Unreadable { get; init; }
}

/// <summary>A group of like error lines: one message (request ids and times taken out), how often, and when last.</summary>
public sealed record ErrorGroup(string Message, int Count, DateTimeOffset Last);

/// <summary>
/// The answer to <c>/health</c> (and <c>/logs</c>): a verdict line first, then each function, the environment's probes,
/// and the latest errors when asked. Posted once per request; a platform draws it its own way.
/// </summary>
public sealed record HealthCard : ChatCard
{
    /// <summary>"Health of prod — last 15 min" or "Errors of lambda_router 5 in prod — last 15 min".</summary>
    public required string Title { get; init; }

    /// <summary>"4 healthy, 1 degraded: rag_query_processor error rate 7.2% > 5%".</summary>
    public required string Verdict { get; init; }

    public required CardTone Tone { get; init; }

    public IReadOnlyList<FunctionHealth> Functions { get; init; } = [];

    /// <summary>The environment's probes (InfluxDB, HTTP endpoints), each with what it measured.</summary>
    public IReadOnlyList<CardCheck> Environment { get; init; } = [];

    /// <summary>Facts the probes reported ("InfluxDB 2.7.4 (2.x)", "ping 3 ms"), by probe name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Facts { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The latest errors (when asked), most frequent first; null when not asked.</summary>
    public IReadOnlyList<ErrorGroup>? Errors { get; init; }

    /// <summary>What the errors are of ("lambda_router version 5, last 15 min: 37 lines"), or why they could not be read.</summary>
    public string? ErrorsNote { get; init; }

    /// <summary>When it was read.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The window the figures cover, [Start, End) (whole minutes).</summary>
    public DateTimeOffset? WindowStart { get; init; }

    public DateTimeOffset? WindowEnd { get; init; }

    public required override string Summary { get; init; }
}
