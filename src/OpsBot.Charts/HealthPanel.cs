using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace OpsBot.Charts;

/// <summary>What one panel of the chart shows.</summary>
/// <param name="AxisTitle">The value axis title, with its unit.</param>
/// <param name="Unit">Appended to the threshold's value on its label ("%", " ms").</param>
/// <param name="Measure">Which of a version's series the panel draws.</param>
/// <param name="AlwaysShowThreshold">Stretch the axis to the threshold however far above the data it is; otherwise a
/// threshold far above the data is named in a note, so that the versions' difference stays visible.</param>
internal sealed record PanelSpec(
    string AxisTitle,
    string Unit,
    double Threshold,
    Func<VersionSeries, IReadOnlyList<ChartPoint>> Measure,
    bool AlwaysShowThreshold);

/// <summary>Builds one ScottPlot panel (error rate or duration) of the two versions over the deployment.</summary>
internal static class HealthPanel
{
    public static readonly Color StableColor = Color.FromHex("#1F77B4");
    public static readonly Color NewColor = Color.FromHex("#FF7F0E");
    public static readonly Color ThresholdColor = Color.FromHex("#C0392B");
    public static readonly Color EndedColor = Color.FromHex("#444444");

    /// <summary>A threshold more than this many times the highest value is named rather than drawn (unless always shown).</summary>
    private const double OffScaleFactor = 4;

    /// <summary>Above so many points per series the per-period markers crowd the line, and only gaps' lone points get one.</summary>
    private const int MarkerLimit = 40;

    public static Plot Build(PanelSpec spec, ChartData data, PixelPadding padding, bool showTimeLabels)
    {
        var plot = new Plot();
        plot.Layout.Fixed(padding);
        plot.Font.Set(EmbeddedFonts.Family);

        var stable = spec.Measure(data.Stable);
        var fresh = spec.Measure(data.New);
        AddSeries(plot, stable, data.PeriodMinutes, StableColor);
        AddSeries(plot, fresh, data.PeriodMinutes, NewColor);

        var (low, high) = ValueRange(stable.Concat(fresh).Select(p => p.Value).ToList(), spec);
        var empty = stable.Count == 0 && fresh.Count == 0;
        if (empty)
            AddNote(plot, "no data for either version");
        AddThreshold(plot, spec, high, noted: empty);
        if (data.EndedMinutes is { } ended)
            plot.Add.VerticalLine(ended, 1.5f, EndedColor);

        // A little room either side so the first and last periods are not drawn on the frame.
        var margin = Math.Max(data.XMax * 0.015, data.PeriodMinutes * 0.5);
        var xFrom = Math.Min(0, data.EndedMinutes ?? 0) - margin;
        var xTo = data.XMax + margin;
        plot.Axes.SetLimits(xFrom, xTo, low, high);
        plot.Axes.Bottom.TickGenerator = TimeTicks.Generator(data.Origin, xFrom, xTo);
        plot.Axes.Bottom.TickLabelStyle.IsVisible = showTimeLabels;
        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = ChartText.Number, MaxTickCount = 6 };
        plot.Axes.Left.Label.Text = spec.AxisTitle;
        plot.Axes.Left.Label.FontSize = 13;
        plot.Grid.MajorLineColor = Color.FromHex("#E5E5E5");
        return plot;
    }

    /// <summary>
    /// One line per run of consecutive periods, so a period without invocations (or missing) is a gap rather than a
    /// line drawn through it; a lone period between gaps gets a marker, or it would not show at all.
    /// </summary>
    private static void AddSeries(Plot plot, IReadOnlyList<ChartPoint> points, double period, Color color)
    {
        var markers = points.Count <= MarkerLimit;
        foreach (var run in Runs(points, period))
        {
            var line = plot.Add.ScatterLine(run.Select(p => p.Minutes).ToArray(), run.Select(p => p.Value).ToArray(), color);
            line.LineWidth = points.Count > 300 ? 1.25f : 2;
            line.MarkerShape = MarkerShape.FilledCircle;
            line.MarkerSize = run.Count == 1 ? 7 : markers ? 4 : 0;
        }
    }

    public static List<List<ChartPoint>> Runs(IReadOnlyList<ChartPoint> points, double period)
    {
        var runs = new List<List<ChartPoint>>();
        ChartPoint? previous = null;
        foreach (var p in points)
        {
            // Half a period of slack absorbs clock jitter in period starts without bridging a whole missing period.
            if (previous is not { } prev || p.Minutes - prev.Minutes > period * 1.5)
                runs.Add([]);
            runs[^1].Add(p);
            previous = p;
        }
        return runs;
    }

    private static (double Low, double High) ValueRange(List<double> values, PanelSpec spec)
    {
        var max = values.Count > 0 ? values.Max() : 0;
        var min = values.Count > 0 ? Math.Min(0, values.Min()) : 0;
        // NaN fails the pattern too, so only a drawable threshold counts.
        var threshold = spec.Threshold is > 0 and <= ChartData.Cap ? spec.Threshold : 0;
        if (threshold > 0 && (spec.AlwaysShowThreshold || max <= 0 || threshold <= max * OffScaleFactor))
            max = Math.Max(max, threshold);
        if (max <= min)
            max = min + 1;
        // Headroom so the highest line does not run along the frame; values are capped, so this cannot overflow.
        return (min, max + (max - min) * 0.2);
    }

    /// <summary>The threshold as a dashed line, or a note when it is above the axis; nothing for a threshold that is not set.</summary>
    private static void AddThreshold(Plot plot, PanelSpec spec, double high, bool noted)
    {
        // Also false for NaN.
        if (spec.Threshold is not (> 0 and <= ChartData.Cap))
            return;
        if (spec.Threshold > high)
        {
            if (!noted)
                AddNote(plot, $"threshold {spec.Threshold.ToString("#,0.##", CultureInfo.InvariantCulture)}{spec.Unit} is above the scale");
            return;
        }
        var line = plot.Add.HorizontalLine(spec.Threshold, 1.5f, ThresholdColor, LinePattern.Dashed);
        line.Text = ChartText.Number(spec.Threshold) + spec.Unit;
        line.LabelOppositeAxis = true;
        line.LabelStyle.FontName = EmbeddedFonts.Family;
        line.LabelStyle.FontSize = 11;
        line.LabelStyle.Rotation = 0;
    }

    private static void AddNote(Plot plot, string text)
    {
        var note = plot.Add.Annotation(text, Alignment.UpperRight);
        note.LabelStyle.FontName = EmbeddedFonts.Family;
        note.LabelStyle.FontSize = 11;
        note.LabelStyle.ForeColor = ThresholdColor;
        note.LabelStyle.BackgroundColor = Colors.White.WithAlpha(0.85);
        note.LabelStyle.BorderColor = Color.FromHex("#CCCCCC");
        note.LabelStyle.ShadowColor = Colors.Transparent;
    }
}
