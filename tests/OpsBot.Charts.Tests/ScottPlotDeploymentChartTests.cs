using OpsBot.Core.Deployments;

namespace OpsBot.Charts.Tests;

public sealed class ScottPlotDeploymentChartTests
{
    private readonly ScottPlotDeploymentChart _chart = new();

    [Fact]
    public void Renders_a_png_of_the_chart_size()
    {
        var png = _chart.RenderPng(ChartFixtures.Deployment(), ChartFixtures.Spike());

        Assert.Equal((ScottPlotDeploymentChart.Width, ScottPlotDeploymentChart.Height), Png.Size(png));
        using var bitmap = Png.Decode(png);
        Assert.Equal(1000, bitmap.Width);
        Assert.Equal(600, bitmap.Height);
    }

    [Fact]
    public void A_canary_error_spike_is_drawn_differently_from_a_healthy_canary()
    {
        var d = ChartFixtures.Deployment();
        using var healthy = Png.Decode(_chart.RenderPng(d, ChartFixtures.Samples(30)));
        using var spiked = Png.Decode(_chart.RenderPng(d, ChartFixtures.Samples(30, i => i >= 20 ? 30 : 0.5)));

        Assert.NotEqual(healthy.Bytes, spiked.Bytes);
    }

    [Fact]
    public void The_same_data_draws_the_same_picture()
    {
        var d = ChartFixtures.Deployment();

        Assert.Equal(_chart.RenderPng(d, ChartFixtures.Spike()), _chart.RenderPng(d, ChartFixtures.Spike()));
    }

    [Fact]
    public void Text_is_drawn_with_the_bundled_font()
    {
        using var bitmap = Png.Decode(_chart.RenderPng(ChartFixtures.Deployment(), ChartFixtures.Spike()));

        // The title row holds no line or frame, only the title's glyphs: without a usable font it would be blank.
        Assert.True(Png.DarkPixels(bitmap, 0, 0, bitmap.Width, 28) > 500);
        // Not disposed: ScottPlot hands out its cached typeface.
        var typeface = ScottPlot.Fonts.GetTypeface(EmbeddedFonts.Family, bold: false, italic: false);
        Assert.Equal("DejaVu Sans", typeface.FamilyName);
    }

    [Fact]
    public void Two_hundred_periods_fit_in_a_small_file()
    {
        var samples = ChartFixtures.Samples(200, i => 0.5 + 3 * Math.Abs(Math.Sin(i / 7.0)), i => 140 + 60 * Math.Abs(Math.Cos(i / 11.0)));

        var png = _chart.RenderPng(ChartFixtures.Deployment(completedAt: ChartFixtures.Start.AddMinutes(201)), samples);

        Assert.Equal((1000, 600), Png.Size(png));
        Assert.True(png.Length < 500 * 1024, $"{png.Length} bytes");
    }

    [Fact]
    public void Writes_an_example_for_people_to_look_at()
    {
        var png = _chart.RenderPng(ChartFixtures.Deployment(), ChartFixtures.Spike());
        var path = Path.Combine(AppContext.BaseDirectory, "chart-example.png");

        File.WriteAllBytes(path, png);

        Assert.True(new FileInfo(path).Length > 0);
    }

    public static TheoryData<string> EdgeCases => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(EdgeCases))]
    public void Edge_cases_render_without_throwing(string name)
    {
        var (deployment, samples) = Cases[name]();

        var png = _chart.RenderPng(deployment, samples);

        Assert.Equal((1000, 600), Png.Size(png));
    }

    private static readonly Dictionary<string, Func<(Deployment, IReadOnlyList<HealthSample>)>> Cases = new()
    {
        ["no samples"] = () => (ChartFixtures.Deployment(), []),
        ["only the stable version"] = () => (ChartFixtures.Deployment(), ChartFixtures.Samples(20).Where(s => s.Role == SampleRoles.Stable).ToList()),
        ["only the new version"] = () => (ChartFixtures.Deployment(), ChartFixtures.Samples(20).Where(s => s.Role == SampleRoles.Canary).ToList()),
        ["a single sample"] = () => (ChartFixtures.Deployment(), ChartFixtures.Samples(1).Take(1).ToList()),
        ["one period of both"] = () => (ChartFixtures.Deployment(), ChartFixtures.Samples(1)),
        ["durations null"] = () => (ChartFixtures.Deployment(), ChartFixtures.Samples(20).Select(s => s with { AverageDurationMs = null }).ToList()),
        ["no invocations at all"] = () => (ChartFixtures.Deployment(), ChartFixtures.Samples(20).Select(s => s with { Invocations = 0, Errors = 0 }).ToList()),
        ["huge values"] = () => (ChartFixtures.Deployment(), ChartFixtures.Samples(20, i => 1e12, i => i % 2 == 0 ? 1e300 : double.MaxValue, i => 1e300)),
        ["infinite and NaN values"] = () => (ChartFixtures.Deployment(), ChartFixtures.Samples(20, i => double.NaN, i => i % 2 == 0 ? double.PositiveInfinity : double.NaN)),
        ["negative values"] = () => (ChartFixtures.Deployment(), ChartFixtures.Samples(20, i => -5, i => -100)),
        ["hundreds of periods"] = () => (ChartFixtures.Deployment(completedAt: ChartFixtures.Start.AddMinutes(801)), ChartFixtures.Samples(800)),
        ["a day and a half"] = () => (ChartFixtures.Deployment(completedAt: ChartFixtures.Start.AddHours(36)), ChartFixtures.Samples(36 * 60)),
        ["still active, never completed"] = () => (Uncompleted(), ChartFixtures.Samples(10)),
        ["completed at the start of time"] = () => (ChartFixtures.Deployment(completedAt: DateTimeOffset.MinValue), ChartFixtures.Samples(10)),
        ["completed long after the samples"] = () => (ChartFixtures.Deployment(completedAt: ChartFixtures.Start.AddDays(40)), ChartFixtures.Samples(10)),
        ["completed before the samples"] = () => (ChartFixtures.Deployment(completedAt: ChartFixtures.Start.AddDays(-3)), ChartFixtures.Samples(10)),
        ["thresholds zero, negative, NaN"] = () => (ChartFixtures.Deployment(thresholds: new HealthThresholds { ErrorRatePercent = double.NaN, AverageDurationMs = -1 }), ChartFixtures.Samples(10)),
        ["thresholds huge"] = () => (ChartFixtures.Deployment(thresholds: new HealthThresholds { ErrorRatePercent = double.MaxValue, AverageDurationMs = 1e300 }), ChartFixtures.Samples(10)),
        ["repeated and unordered samples"] = () => (ChartFixtures.Deployment(), ChartFixtures.Samples(10).Concat(ChartFixtures.Samples(10)).Reverse().ToList()),
        ["periods seconds apart"] = () => (ChartFixtures.Deployment(), ChartFixtures.Samples(10).Select((s, i) => s with { PeriodStart = s.PeriodStart.AddSeconds(i % 2) }).ToList()),
        ["other time zone"] = () => (ChartFixtures.Deployment(), ChartFixtures.Samples(10).Select(s => s with { PeriodStart = s.PeriodStart.ToOffset(TimeSpan.FromHours(5.5)) }).ToList()),
    };

    private static Deployment Uncompleted()
    {
        var d = ChartFixtures.Deployment(DeploymentState.RollbackFailed);
        d.CompletedAt = null;
        return d;
    }
}
