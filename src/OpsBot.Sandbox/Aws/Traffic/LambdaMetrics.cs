using OpsBot.Sandbox.Aws.CloudWatch;

namespace OpsBot.Sandbox.Aws.Traffic;

/// <summary>
/// The AWS/Lambda metrics of one simulated second, written the way Lambda publishes them: each invocation is a sample
/// (Invocations 1, Errors 0 or 1, Throttles 0, Duration its milliseconds), so Sum counts, Average of Errors is the error
/// rate, SampleCount is the invocations. Each is written for the dimension sets Lambda uses: {FunctionName},
/// {FunctionName, Resource=function:alias} and, per executed version, {FunctionName, Resource, ExecutedVersion}.
/// </summary>
internal static class LambdaMetrics
{
    public const string Namespace = "AWS/Lambda";
    public const string Invocations = "Invocations";
    public const string Errors = "Errors";
    public const string Throttles = "Throttles";
    public const string Duration = "Duration";

    /// <summary>What one version (or an alias, or a function: the sum of theirs) did in one second.</summary>
    public readonly record struct Second(int Invocations, int Errors, double DurationSum, double DurationMin, double DurationMax)
    {
        public Second Add(Second other) =>
            Invocations == 0 ? other
            : other.Invocations == 0 ? this
            : new(Invocations + other.Invocations, Errors + other.Errors, DurationSum + other.DurationSum,
                Math.Min(DurationMin, other.DurationMin), Math.Max(DurationMax, other.DurationMax));
    }

    public static IReadOnlyList<Dimension> FunctionDimensions(string function) => [new("FunctionName", function)];

    public static IReadOnlyList<Dimension> AliasDimensions(string function, string alias) =>
        [new("FunctionName", function), new("Resource", $"{function}:{alias}")];

    public static IReadOnlyList<Dimension> VersionDimensions(string function, string alias, string version) =>
        [new("FunctionName", function), new("Resource", $"{function}:{alias}"), new("ExecutedVersion", version)];

    /// <summary>Writes the four metrics of <paramref name="figures"/> for one dimension set.</summary>
    public static void Write(MetricStore store, IReadOnlyList<Dimension> dimensions, long second, Second figures)
    {
        if (figures.Invocations <= 0)
            return;
        var n = figures.Invocations;
        store.Put(MetricKey.Of(Namespace, Invocations, dimensions), "Count", second, new SecondStats(n, n, 1, 1));
        store.Put(MetricKey.Of(Namespace, Errors, dimensions), "Count", second,
            new SecondStats(figures.Errors, n, figures.Errors == n ? 1 : 0, figures.Errors > 0 ? 1 : 0));
        store.Put(MetricKey.Of(Namespace, Throttles, dimensions), "Count", second, new SecondStats(0, n, 0, 0));
        store.Put(MetricKey.Of(Namespace, Duration, dimensions), "Milliseconds", second,
            new SecondStats(figures.DurationSum, n, figures.DurationMin, figures.DurationMax));
    }
}
