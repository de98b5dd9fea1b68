using OpsBot.Core.Deployments;
using OpsBot.Core.Notifications.Cards;

namespace OpsBot.Testing;

/// <summary>Health cards to draw: an ordinary one, the largest OpsBot could build, and one full of hostile text.</summary>
public static class SampleHealthCards
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 10, 15, 0, TimeSpan.Zero);

    public static HealthCard Ordinary() => new()
    {
        Title = "Health of prod — last 15 min",
        Verdict = "4 healthy, 1 degraded: rag_query_processor error rate 7.2% > 5%",
        Tone = CardTone.Danger,
        Functions =
        [
            new FunctionHealth("lambda_router", "live", "90% on version 4, 10% on version 5", "dep-abc123: 4 → 5, baking",
                [new VersionFigures("4", 90, 1204, 12, 120, 480, 0), new VersionFigures("5", 10, 130, 1, 118, 450, 0)],
                [new CardCheck("error rate of version 4", CheckStatus.Pass, "1%", "5%", "error rate 1% ≤ 5%")]),
            new FunctionHealth("rag_query_processor", "live", "100% on version 7", null,
                [new VersionFigures("7", 100, 1000, 72, 900, 2400, 3)],
                [new CardCheck("error rate", CheckStatus.Fail, "7.2%", "5%", "rag_query_processor error rate 7.2% > 5%")])
            { Problem = "rag_query_processor error rate 7.2% > 5%" },
        ],
        Environment = [new CardCheck("influxdb", CheckStatus.Pass, "12 ms", "≤ 500 ms", "influxdb: round trip 12 ms")],
        Facts = new Dictionary<string, IReadOnlyList<string>> { ["influxdb"] = ["InfluxDB 2.7.4 (2.x)", "ping 3 ms"] },
        At = At,
        Summary = "4 healthy, 1 degraded",
    };

    /// <param name="text">What every text is made of (5,000 characters); 'x's when null.</param>
    public static HealthCard Largest(string? text = null)
    {
        text ??= new string('x', 5000);
        var checks = Enumerable.Range(0, 40).Select(i => new CardCheck($"check {i} {text}", CheckStatus.Fail, text, text, text)).ToList();
        return new HealthCard
        {
            Title = text,
            Verdict = text,
            Tone = CardTone.Warning,
            Functions = [.. Enumerable.Range(0, 80).Select(i => new FunctionHealth($"fn{i}{text}", text, text, text,
                [.. Enumerable.Range(0, 30).Select(v => new VersionFigures(text, 1e300, 1e300, 1e300, 1e300, 1e300, 1e300))], checks)
                { Problem = text, Unreadable = text })],
            Environment = checks,
            Facts = new Dictionary<string, IReadOnlyList<string>> { [$"check 0 {text}"] = [text, text] },
            Errors = [.. Enumerable.Range(0, 50).Select(i => new ErrorGroup(text, int.MaxValue, At))],
            ErrorsNote = text,
            At = At,
            Summary = text,
        };
    }

    public static HealthCard Hostile()
    {
        const string evil = "<!channel> *bold* `code` <https://evil.example|click> &amp; \n\n```";
        return new HealthCard
        {
            Title = evil,
            Verdict = evil,
            Tone = CardTone.Danger,
            Functions = [new FunctionHealth(evil, evil, evil, evil, [new VersionFigures(evil, double.NaN, 1, 1, double.PositiveInfinity, null, 0)],
                [new CardCheck(evil, CheckStatus.Error, evil, evil, evil)]) { Unreadable = evil }],
            Environment = [new CardCheck(evil, CheckStatus.Fail, evil, evil, evil)],
            Errors = [new ErrorGroup(evil, 3, At)],
            ErrorsNote = evil,
            At = At,
            Summary = evil,
        };
    }

    public static IEnumerable<(string Name, HealthCard Card)> All() =>
        [("ordinary health", Ordinary()), ("largest health", Largest()), ("hostile health", Hostile())];
}
