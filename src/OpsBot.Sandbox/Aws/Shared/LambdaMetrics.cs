namespace OpsBot.Sandbox.Aws.Shared;

/// <summary>
/// The AWS/Lambda metrics of one simulated second, written the way Lambda publishes them: each invocation is a sample
/// (Invocations 1, Errors 0 or 1, Throttles 0, Duration its milliseconds), so Sum counts, Average of Errors is the error
/// rate, SampleCount is the invocations. Each is written for the dimension sets Lambda uses: {FunctionName},
/// {FunctionName, Resource=function:alias} and, per executed version, {FunctionName, Resource, ExecutedVersion}.
/// The traffic writes them (through <see cref="ILambdaMetricsSink"/>), CloudWatch keeps them and its alarms watch them.
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
}
