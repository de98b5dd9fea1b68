namespace OpsBot.Charts.Tests;

public sealed class TimeTicksTests
{
    [Fact]
    public void Ticks_fall_on_round_utc_clock_times()
    {
        // The first sample at 14:02 UTC: ticks at 14:05, 14:10, ... not 14:02, 14:07.
        var ticks = TimeTicks.Ticks(ChartFixtures.Start, 0, 31.5);

        Assert.Equal(["14:05", "14:10", "14:15", "14:20", "14:25", "14:30"], ticks.Select(t => t.Label));
        Assert.Equal(3, ticks[0].Position);
    }

    [Fact]
    public void Long_deployments_get_coarser_ticks()
    {
        var ticks = TimeTicks.Ticks(ChartFixtures.Start, 0, 36 * 60);

        Assert.InRange(ticks.Length, 4, 9);
        Assert.All(ticks, t => Assert.Matches("^[0-2][0-9]:00$", t.Label));
    }
}
