using OpsBot.Core.Deployments;

namespace OpsBot.Core.Tests.Deployments;

public sealed class AliasHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static AliasChange Release(string id, string from, string? left, int startDay, int? endDay) =>
        new(id, DeploymentKind.Release, from, left, T0.AddDays(startDay), endDay is { } e ? T0.AddDays(e) : null);

    [Fact]
    public void Live_versions_are_every_version_that_had_all_traffic_newest_sighting_first_once_each()
    {
        var history = new AliasHistory(
        [
            Release("dep-1", "3", "4", 1, 2),
            Release("dep-2", "4", "5", 3, 4),
            Release("dep-3", "5", null, 5, null), // still running: only where it started counts
        ]);
        Assert.Equal(
            [new LiveVersion("5", T0.AddDays(5), "dep-3"), new LiveVersion("4", T0.AddDays(3), "dep-2"), new LiveVersion("3", T0.AddDays(1), "dep-1")],
            history.LiveVersions);
        Assert.False(history.IsEmpty);
        Assert.Equal(new LiveVersion("4", T0.AddDays(3), "dep-2"), history.Find("4"));
        Assert.Null(history.Find("9"));
    }

    [Fact]
    public void A_change_that_ended_without_a_left_version_only_counts_its_start()
    {
        var history = new AliasHistory([new AliasChange("dep-1", DeploymentKind.Release, "3", null, T0, T0.AddDays(1)), new AliasChange("dep-2", DeploymentKind.Release, "4", "6", T0.AddDays(2), null)]);
        Assert.Equal(["4", "3"], history.LiveVersions.Select(v => v.Version));
    }

    [Fact]
    public void An_empty_history_may_only_go_below_the_current_version()
    {
        var history = new AliasHistory([]);
        Assert.True(history.IsEmpty);
        Assert.True(history.MayRollBackTo("3", "4"));
        Assert.False(history.MayRollBackTo("4", "4"));
        Assert.False(history.MayRollBackTo("5", "4"));
        Assert.False(history.MayRollBackTo("latest", "4"));
        Assert.False(history.MayRollBackTo("3", "$LATEST"));
    }

    [Fact]
    public void A_rollback_may_go_to_a_version_that_was_live_or_below_the_oldest_seen()
    {
        var history = new AliasHistory([Release("dep-1", "3", "7", 1, 2)]);
        Assert.True(history.MayRollBackTo("7", "8"));
        Assert.True(history.MayRollBackTo("3", "8"));
        Assert.True(history.MayRollBackTo("2", "8"));
        Assert.True(history.MayRollBackTo("0", "8"));
        Assert.False(history.MayRollBackTo("5", "8")); // between live versions: never reviewed on this alias
        Assert.False(history.MayRollBackTo("9", "8"));
        Assert.False(history.MayRollBackTo("-1", "8"));
    }

    [Fact]
    public void The_current_version_counts_as_the_start_of_the_history()
    {
        var history = new AliasHistory([Release("dep-1", "5", "6", 1, 2)]);
        Assert.True(history.MayRollBackTo("2", "3"));
        Assert.False(history.MayRollBackTo("3", "3"));
        Assert.False(history.MayRollBackTo("4", "3"));
    }

    [Fact]
    public void A_version_name_that_is_not_a_number_does_not_lower_the_oldest()
    {
        var history = new AliasHistory([Release("dep-1", "beta", "5", 1, 2)]);
        Assert.True(history.MayRollBackTo("4", "6"));
        Assert.True(history.MayRollBackTo("beta", "6"));
    }

    [Fact]
    public void The_version_a_release_replaced_is_its_most_recent_finished_release_to_it()
    {
        var history = new AliasHistory(
        [
            Release("dep-1", "3", "5", 1, 2),
            Release("dep-2", "4", "5", 3, 4),
            Release("dep-3", "2", "5", 5, null),
            new AliasChange("dep-4", DeploymentKind.Rollback, "1", "5", T0.AddDays(6), T0.AddDays(7)),
            Release("dep-5", "5", "5", 8, 9),
        ]);
        Assert.Equal("4", history.ReplacedBy("5"));
        Assert.Null(history.ReplacedBy("6"));
    }

    [Fact]
    public void The_oldest_finished_release_is_not_preferred_over_a_newer_one()
    {
        var history = new AliasHistory([Release("dep-2", "4", "5", 3, 4), Release("dep-1", "3", "5", 1, 2)]);
        Assert.Equal("4", history.ReplacedBy("5"));
    }

    [Fact]
    public void A_version_zero_counts_as_the_oldest_and_without_any_numbered_version_nothing_older_is_allowed()
    {
        var history = new AliasHistory([Release("dep-1", "0", "5", 1, 2)]);
        Assert.False(history.MayRollBackTo("3", "6"));
        Assert.False(new AliasHistory([]).MayRollBackTo("0", "$LATEST"));
    }
}
