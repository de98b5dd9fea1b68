using OpsBot.Core.Deployments;

namespace OpsBot.Charts.Tests;

public sealed class ChartDataTests
{
    [Fact]
    public void Periods_without_invocations_are_gaps_not_zeros()
    {
        var data = ChartData.From(ChartFixtures.Deployment(), ChartFixtures.Spike());

        // The canary had no invocations in periods 8..10: no points there, and the line breaks around them.
        Assert.DoesNotContain(data.New.ErrorRate, p => p.Minutes is >= 8 and <= 10);
        var runs = HealthPanel.Runs(data.New.ErrorRate, data.PeriodMinutes);
        Assert.Equal([8, 19], runs.Select(r => r.Count));
        Assert.Single(HealthPanel.Runs(data.Stable.ErrorRate, data.PeriodMinutes));
    }

    [Fact]
    public void Missing_periods_break_the_line_too()
    {
        var samples = ChartFixtures.Samples(10).Where(s => s.PeriodStart != ChartFixtures.Start.AddMinutes(4)).ToList();

        var data = ChartData.From(ChartFixtures.Deployment(), samples);

        Assert.Equal(1, data.PeriodMinutes);
        Assert.Equal([4, 5], HealthPanel.Runs(data.Stable.Duration, data.PeriodMinutes).Select(r => r.Count));
    }

    [Fact]
    public void Error_rate_and_duration_come_from_the_samples_of_each_role()
    {
        var samples = new List<HealthSample>
        {
            new("dep-1", ChartFixtures.Start, SampleRoles.Stable, "4", 200, 2, 100),
            new("dep-1", ChartFixtures.Start, SampleRoles.Canary, "5", 50, 15, null),
            new("dep-1", ChartFixtures.Start.AddMinutes(5), SampleRoles.Canary, "5", 40, 0, 250),
        };

        var data = ChartData.From(ChartFixtures.Deployment(), samples);

        Assert.Equal([new ChartPoint(0, 1)], data.Stable.ErrorRate);
        Assert.Equal([new ChartPoint(0, 30), new ChartPoint(5, 0)], data.New.ErrorRate);
        Assert.Equal([new ChartPoint(5, 250)], data.New.Duration);
        Assert.Equal(5, data.PeriodMinutes);
        Assert.Equal("version 4 (stable)", data.Stable.Label);
        Assert.Equal("version 5 (new)", data.New.Label);
    }

    [Fact]
    public void The_end_is_drawn_when_near_the_samples_and_named_when_far()
    {
        var near = ChartData.From(ChartFixtures.Deployment(), ChartFixtures.Samples(30));
        var far = ChartData.From(ChartFixtures.Deployment(completedAt: ChartFixtures.Start.AddDays(3)), ChartFixtures.Samples(30));

        Assert.Equal(31.5, near.EndedMinutes);
        Assert.Equal(31.5, near.XMax);
        Assert.Null(far.EndedMinutes);
        Assert.Equal(30, far.XMax);
        Assert.Equal("time (UTC), 2026-11-25; ended 2026-11-28 14:02 UTC", ChartText.TimeAxis(far));
    }
}
