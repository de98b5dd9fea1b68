using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;
using ScottPlot;
using SkiaSharp;

namespace OpsBot.Charts;

/// <summary>
/// The deployment's health as a 1000×600 PNG: error rate (top) and average duration (bottom) of the stable and the new
/// version per metric period, sharing one UTC time axis, each with its threshold dashed and the end of the deployment
/// marked.
/// </summary>
internal sealed class ScottPlotDeploymentChart : IDeploymentChart
{
    public const int Width = 1000;
    public const int Height = 600;

    /// <summary>Where the panels meet; the top one also holds the title and the legend.</summary>
    private const int Split = 330;

    // ScottPlot keeps fonts in static caches that are not documented as thread-safe; charts are drawn once per
    // deployment, so drawing one at a time costs nothing.
    private static readonly Lock Gate = new();

    public byte[] RenderPng(Deployment deployment, IReadOnlyList<HealthSample> samples)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(samples);
        var t = deployment.Thresholds;
        return Render(ChartData.From(deployment, samples), ChartText.Title(deployment), t.ErrorRatePercent, t.AverageDurationMs);
    }

    public byte[] RenderWindowPng(WindowChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return Render(ChartData.From(chart), chart.Title, chart.ErrorRatePercent, chart.AverageDurationMs);
    }

    private static byte[] Render(ChartData data, string title, double errorRatePercent, double averageDurationMs)
    {
        lock (Gate)
        {
            EmbeddedFonts.Register();
            using var top = HealthPanel.Build(
                new PanelSpec("error rate (%)", "%", errorRatePercent, v => v.ErrorRate, AlwaysShowThreshold: true),
                data, new PixelPadding(left: 80, right: 70, bottom: 8, top: 80), showTimeLabels: false);
            using var bottom = HealthPanel.Build(
                new PanelSpec("avg duration (ms)", " ms", averageDurationMs, v => v.Duration, AlwaysShowThreshold: false),
                data, new PixelPadding(left: 80, right: 70, bottom: 56, top: 8), showTimeLabels: true);
            top.Title(title, size: 17);
            // Bold has to be given as a typeface: the font styler has already fixed the title's to the regular one.
            top.Axes.Title.Label.Font = Fonts.GetTypeface(EmbeddedFonts.Family, bold: true, italic: false);
            ChartText.AddLegend(top, data);
            bottom.Axes.Bottom.Label.Text = ChartText.TimeAxis(data);
            bottom.Axes.Bottom.Label.FontSize = 13;

            using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
            surface.Canvas.Clear(SKColors.White);
            Draw(surface.Canvas, top, new PixelRect(0, Width, Split, 0));
            Draw(surface.Canvas, bottom, new PixelRect(0, Width, Height, Split));
            using var image = surface.Snapshot();
            using var png = image.Encode(SKEncodedImageFormat.Png, 100);
            return png.ToArray();
        }
    }

    /// <summary>Draws a panel into its part of the canvas; the clip keeps ScottPlot's clear of the background to that part.</summary>
    private static void Draw(SKCanvas canvas, Plot plot, PixelRect rect)
    {
        canvas.Save();
        canvas.ClipRect(new SKRect(rect.Left, rect.Top, rect.Right, rect.Bottom));
        plot.Render(canvas, rect);
        canvas.Restore();
    }
}
