using System.Globalization;
using OpsBot.Aws.CloudWatch;

namespace OpsBot.Aws.Tests.CloudWatch;

public sealed class GetMetricDataPackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private static int _next;

    private static MetricUnit Unit(int cost, bool splittable, int fromMinute = 0, int toMinute = 5) => new(
        [.. Enumerable.Range(0, cost).Select(_ => new MetricDataQuery(string.Create(CultureInfo.InvariantCulture, $"x{Interlocked.Increment(ref _next)}")))],
        T0.AddMinutes(fromMinute), T0.AddMinutes(toMinute), splittable);

    private static int Calls(int queries) => (queries + 499) / 500;

    [Theory]
    [InlineData(166, 3, 1)]
    [InlineData(167, 3, 2)]
    [InlineData(500, 3, 3)]
    [InlineData(1000, 3, 6)]
    [InlineData(100, 5, 1)]
    [InlineData(101, 5, 2)]
    [InlineData(301, 5, 4)]
    public void Lambda_queries_take_ceil_of_their_cloudwatch_queries_over_500_calls(int queries, int cost, int calls)
    {
        var units = Enumerable.Range(0, queries).Select(_ => Unit(cost, splittable: true)).ToList();

        var packed = GetMetricDataPacker.Pack(units);

        Assert.Equal(calls, packed.Count);
        Assert.Equal(Calls(queries * cost), packed.Count);
        Assert.All(packed, p => Assert.InRange(p.MetricDataQueries.Count, 1, 500));
        Assert.Equal(units.SelectMany(u => u.Queries), packed.SelectMany(p => p.MetricDataQueries).OrderBy(q => int.Parse(q.Id[1..], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_lambda_query_stays_whole_when_splitting_saves_no_call()
    {
        var packed = GetMetricDataPacker.Pack([.. Enumerable.Range(0, 167).Select(_ => Unit(3, splittable: true))]);

        Assert.Equal([498, 3], packed.Select(p => p.MetricDataQueries.Count));
    }

    [Fact]
    public void A_check_is_never_split_and_big_ones_go_first()
    {
        var checks = new[] { Unit(2, false), Unit(300, false), Unit(250, false), Unit(3, false) };
        var lambda = Enumerable.Range(0, 150).Select(_ => Unit(3, splittable: true)).ToList();

        var packed = GetMetricDataPacker.Pack([.. lambda, .. checks]);

        Assert.Equal(Calls(555 + 450), packed.Count);
        foreach (var check in checks)
            Assert.Single(packed, p => p.MetricDataQueries.Intersect(check.Queries).Any());
        Assert.All(checks, c => Assert.Contains(packed, p => c.Queries.All(p.MetricDataQueries.Contains)));
    }

    [Fact]
    public void A_call_asks_for_the_union_of_its_units_windows()
    {
        var packed = Assert.Single(GetMetricDataPacker.Pack([Unit(3, true, 2, 8), Unit(2, false, 0, 5)]));

        Assert.Equal(T0, packed.StartTime);
        Assert.Equal(T0.AddMinutes(8), packed.EndTime);
        Assert.Equal(ScanBy.TimestampAscending, packed.ScanBy);
    }

    [Fact]
    public void Nothing_to_pack_makes_no_call() => Assert.Empty(GetMetricDataPacker.Pack([]));
}
