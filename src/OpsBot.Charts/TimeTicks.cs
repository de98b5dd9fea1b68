using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace OpsBot.Charts;

/// <summary>Time-axis ticks on round UTC clock times (HH:mm) over an axis of minutes since the chart's origin.</summary>
internal static class TimeTicks
{
    /// <summary>Steps in minutes, finest first; a step is used when it gives at most <see cref="MaxLabels"/> ticks.</summary>
    private static readonly int[] Steps = [1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440, 2880, 10080];

    private const int MaxLabels = 9;

    public static NumericManual Generator(DateTimeOffset origin, double fromMinutes, double toMinutes) =>
        new(Ticks(origin, fromMinutes, toMinutes));

    public static Tick[] Ticks(DateTimeOffset origin, double fromMinutes, double toMinutes)
    {
        var span = Math.Max(toMinutes - fromMinutes, 1);
        var step = Steps.FirstOrDefault(s => span / s <= MaxLabels, Steps[^1]);
        // Align to the clock, not to the first sample: 14:05, 14:10 rather than 14:03, 14:08.
        var originMinute = origin.UtcDateTime.TimeOfDay.TotalMinutes;
        var first = Math.Ceiling((originMinute + fromMinutes) / step) * step - originMinute;
        var ticks = new List<Tick>();
        for (var x = first; x <= toMinutes + 1e-9; x += step)
            ticks.Add(Tick.Major(x, Label(origin, x)));
        return [.. ticks];
    }

    public static string Label(DateTimeOffset origin, double minutes) =>
        origin.UtcDateTime.AddMinutes(minutes).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The axis title: the UTC date (or dates) the ticks' times are on.</summary>
    public static string AxisTitle(DateTimeOffset origin, double toMinutes)
    {
        var from = origin.UtcDateTime.Date;
        var to = origin.UtcDateTime.AddMinutes(toMinutes).Date;
        var day = from == to
            ? from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : $"{from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} – {to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        return $"time (UTC), {day}";
    }
}
