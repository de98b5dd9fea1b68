using OpsBot.Core.Deployments;

namespace OpsBot.Core.Tests.Deployments;

public sealed class DeploymentLocksTests
{
    [Fact]
    public async Task A_holder_alone_is_not_wanted_and_a_waiter_makes_it_wanted()
    {
        var locks = new DeploymentLocks();
        Assert.False(locks.IsWanted("dep-1"));
        var held = await locks.AcquireAsync("dep-1", default);
        Assert.False(locks.IsWanted("dep-1"));

        var waiting = locks.AcquireAsync("dep-1", default);
        Assert.False(waiting.IsCompleted);
        Assert.True(locks.IsWanted("dep-1"));
        Assert.False(locks.IsWanted("dep-2"));

        held.Dispose();
        using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(locks.IsWanted("dep-1"));
    }

    [Fact]
    public async Task Keys_are_independent_and_compared_exactly()
    {
        var locks = new DeploymentLocks();
        using var a = await locks.AcquireAsync("dep-a", default);
        var other = locks.AcquireAsync("DEP-A", default);
        Assert.True(other.IsCompleted);
        (await other).Dispose();
        Assert.False(locks.IsWanted("dep-a"));
    }

    [Fact]
    public async Task Releasing_twice_releases_once()
    {
        var locks = new DeploymentLocks();
        var first = await locks.AcquireAsync("k", default);
        var second = locks.AcquireAsync("k", default);
        var third = locks.AcquireAsync("k", default);
        first.Dispose();
        first.Dispose(); // must not let the third in beside the second
        var holder = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(third.IsCompleted);
        Assert.True(locks.IsWanted("k"));
        holder.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        Assert.False(locks.IsWanted("k"));
    }

    [Fact]
    public async Task A_cancelled_waiter_gives_up_its_place_and_the_lock_still_works()
    {
        var locks = new DeploymentLocks();
        var held = await locks.AcquireAsync("k", default);
        using var cts = new CancellationTokenSource();
        var waiting = locks.AcquireAsync("k", cts.Token);
        Assert.True(locks.IsWanted("k"));
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.False(locks.IsWanted("k"));

        held.Dispose();
        var again = locks.AcquireAsync("k", default);
        Assert.True(again.IsCompleted);
        (await again).Dispose();
    }

    [Fact]
    public async Task After_every_holder_left_the_key_starts_afresh()
    {
        var locks = new DeploymentLocks();
        (await locks.AcquireAsync("k", default)).Dispose();
        var again = locks.AcquireAsync("k", default);
        Assert.True(again.IsCompleted); // a disposed gate would throw here
        using var held = await again;
        Assert.False(locks.IsWanted("k"));
    }
}
