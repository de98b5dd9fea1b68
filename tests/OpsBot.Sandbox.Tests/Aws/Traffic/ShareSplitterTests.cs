using OpsBot.Sandbox.Aws.Traffic;

namespace OpsBot.Sandbox.Tests.Aws.Traffic;

public sealed class ShareSplitterTests
{
    [Fact]
    public void A_ten_percent_canary_gets_exactly_its_share_and_every_second_adds_up()
    {
        var splitter = new ShareSplitter();
        var canary = 0;
        for (var second = 0; second < 100; second++)
        {
            var split = splitter.Split(7, [("4", 0.9), ("5", 0.1)]);
            Assert.Equal(7, split.Sum(s => s.Count));
            canary += split.Single(s => s.Version == "5").Count;
            // Never more than a rounding away from the exact share so far.
            Assert.InRange(canary, (int)Math.Floor((second + 1) * 0.7) - 1, (int)Math.Ceiling((second + 1) * 0.7) + 1);
        }
        Assert.Equal(70, canary);
    }

    [Fact]
    public void Shares_that_divide_evenly_split_exactly_each_second()
    {
        var split = new ShareSplitter().Split(200, [("4", 0.9), ("5", 0.1)]);
        Assert.Equal([("4", 180), ("5", 20)], split);
    }

    [Fact]
    public void A_changed_set_of_versions_starts_afresh_and_no_share_sends_nothing()
    {
        var splitter = new ShareSplitter();
        splitter.Split(3, [("4", 0.5), ("5", 0.5)]);
        Assert.Equal([("4", 2), ("6", 1)], splitter.Split(3, [("4", 2 / 3.0), ("6", 1 / 3.0)]));
        Assert.Empty(splitter.Split(200, [("4", 0)]));
        Assert.Empty(splitter.Split(0, [("4", 1)]));
    }
}
