using System.Globalization;
using OpsBot.Core.Deployments;
using ScottPlot;

namespace OpsBot.Charts;

/// <summary>The words and numbers on the chart: title, legend, time-axis title, value labels.</summary>
internal static class ChartText
{
    /// <summary>"lambda_router:live (prod) 4 → 5 — rolled back".</summary>
    public static string Title(Deployment d) =>
        $"{d.Target.Function}:{d.Target.Alias} ({d.Target.Environment}) {d.StableVersion} → {d.TargetVersion} — {Outcome(d.State)}";

    /// <summary>The final state in two words; the sentence form (<see cref="DeploymentStates.Describe"/>) for the rest.</summary>
    public static string Outcome(DeploymentState state) => state switch
    {
        DeploymentState.Succeeded => "succeeded",
        DeploymentState.RolledBack => "rolled back",
        DeploymentState.Rejected => "rejected",
        DeploymentState.RollbackFailed => "rollback failed",
        _ => state.Describe(),
    };

    /// <summary>Time-axis title: the UTC date, and where the end of the deployment is too far off to draw, when it was.</summary>
    public static string TimeAxis(ChartData data)
    {
        var title = TimeTicks.AxisTitle(data.Origin, data.XMax);
        return data.Ended is { } ended && data.EndedMinutes is null
            ? $"{title}; ended {ended.UtcDateTime:yyyy-MM-dd HH:mm} UTC"
            : title;
    }

    /// <summary>
    /// One legend for both panels, above the top one: the lines are drawn in runs (gaps between them), so the items are
    /// given by hand rather than one per plottable.
    /// </summary>
    public static void AddLegend(Plot plot, ChartData data)
    {
        plot.Legend.ManualItems.Add(Item(Label(data.Stable), HealthPanel.StableColor, LinePattern.Solid, 2));
        plot.Legend.ManualItems.Add(Item(Label(data.New), HealthPanel.NewColor, LinePattern.Solid, 2));
        plot.Legend.ManualItems.Add(Item("threshold", HealthPanel.ThresholdColor, LinePattern.Dashed, 1.5f));
        if (data.EndedMinutes is { } ended)
            plot.Legend.ManualItems.Add(Item($"ended {TimeTicks.Label(data.Origin, ended)}", HealthPanel.EndedColor, LinePattern.Solid, 1.5f));
        plot.Legend.SetBestFontOnEachRender = false;
        plot.Legend.FontName = EmbeddedFonts.Family;
        plot.Legend.FontSize = 13;
        plot.Legend.OutlineWidth = 0;
        plot.Legend.ShadowColor = Colors.Transparent;
        plot.Legend.TightHorizontalWrapping = true;
        plot.Legend.SymbolWidth = 28;
        var panel = plot.ShowLegend(Edge.Top);
        panel.Padding = new PixelPadding(0, 0, 2, 0);
    }

    private static string Label(VersionSeries v) =>
        v.ErrorRate.Count == 0 && v.Duration.Count == 0 ? $"{v.Label}, no data" : v.Label;

    private static LegendItem Item(string label, Color color, LinePattern pattern, float width) => new()
    {
        LabelText = label,
        LineColor = color,
        LinePattern = pattern,
        LineWidth = width,
    };

    /// <summary>Short numbers for the value axes, so that huge values do not push labels off the figure.</summary>
    public static string Number(double value)
    {
        var a = Math.Abs(value);
        return a switch
        {
            >= 1e15 => value.ToString("0.#E+0", CultureInfo.InvariantCulture),
            >= 1e12 => (value / 1e12).ToString("0.#", CultureInfo.InvariantCulture) + "T",
            >= 1e9 => (value / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "G",
            >= 1e6 => (value / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
            >= 1e4 => (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
            _ => value.ToString("0.##", CultureInfo.InvariantCulture),
        };
    }
}
