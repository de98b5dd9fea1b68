using System.Globalization;
using System.Text.RegularExpressions;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>
/// The statistics the emulator answers: CloudWatch's five, and percentiles (<c>p99</c>, <c>p99.9</c>), which it
/// estimates from each second's minimum, maximum and sample count (see <see cref="MetricStore.Percentiles"/>).
/// </summary>
internal static partial class Statistics
{
    public const string Sum = "Sum";
    public const string Average = "Average";
    public const string Minimum = "Minimum";
    public const string Maximum = "Maximum";
    public const string SampleCount = "SampleCount";

    public static readonly IReadOnlyList<string> All = [SampleCount, Average, Sum, Minimum, Maximum];

    /// <summary>The fraction a percentile statistic asks for (p99 → 0.99), or null for any other statistic.</summary>
    public static double? Percentile(string statistic)
    {
        var match = PercentileName().Match(statistic);
        return match.Success && double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 100
            ? p / 100
            : null;
    }

    public static bool IsKnown(string statistic) => All.Contains(statistic, StringComparer.Ordinal) || Percentile(statistic) is not null;

    [GeneratedRegex(@"\Ap(\d{1,2}(?:\.\d{1,2})?|100)\z")]
    private static partial Regex PercentileName();
}
