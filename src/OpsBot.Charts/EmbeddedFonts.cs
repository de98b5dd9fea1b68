using ScottPlot;
using SkiaSharp;

namespace OpsBot.Charts;

/// <summary>
/// Serves the bundled DejaVu Sans to ScottPlot under a family name of its own, so the chart never depends on the
/// machine's fonts (the Skia build in use does not look them up; a CI or server machine may have none).
/// </summary>
internal sealed class EmbeddedFonts : IFontResolver
{
    public const string Family = "OpsBot DejaVu Sans";

    private static readonly Lazy<SKData> Regular = new(() => Load("DejaVuSans.ttf"));
    private static readonly Lazy<SKData> Bold = new(() => Load("DejaVuSans-Bold.ttf"));
    private static readonly Lock Gate = new();

    /// <summary>Puts the resolver first in ScottPlot's list, once; again if something reset ScottPlot's fonts.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (!Fonts.FontResolvers.OfType<EmbeddedFonts>().Any())
                Fonts.FontResolvers.Insert(0, new EmbeddedFonts());
        }
    }

    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
        CreateTypeface(fontName, weight >= FontWeight.SemiBold, italic: false);

    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
        fontName == Family ? SKTypeface.FromData((bold ? Bold : Regular).Value) : null;

    private static SKData Load(string file)
    {
        var name = $"OpsBot.Charts.Fonts.{file}";
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font {name} is not embedded in {typeof(EmbeddedFonts).Assembly.GetName().Name}.");
        return SKData.Create(stream);
    }
}
