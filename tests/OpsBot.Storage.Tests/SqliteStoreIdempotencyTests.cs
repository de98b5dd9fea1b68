using OpsBot.Core.Ports;

namespace OpsBot.Storage.Tests;

public sealed class SqliteStoreIdempotencyTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T = TestDatabase.Start;
    private readonly TestDatabase _db = new();
    private readonly IIdempotencyStore _keys;

    public SqliteStoreIdempotencyTests() => _keys = _db.OpenStore();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task The_first_claim_wins_and_repeats_get_the_first_answer_once_it_is_known()
    {
        Assert.Equal(new IdempotencyClaim(true, null), await _keys.ClaimAsync("trigger:1", T, None));
        Assert.Equal(new IdempotencyClaim(false, null), await _keys.ClaimAsync("trigger:1", T, None));

        await _keys.CompleteAsync("trigger:1", "Deployment dep-1 started.", None);

        Assert.Equal(new IdempotencyClaim(false, "Deployment dep-1 started."), await _keys.ClaimAsync("trigger:1", T, None));
        Assert.True((await _keys.ClaimAsync("trigger:2", T, None)).IsFirst);
    }

    [Fact]
    public async Task Of_100_concurrent_claims_of_one_key_exactly_one_is_first()
    {
        var claims = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => _keys.ClaimAsync("event:Ev01", T, None))));

        Assert.Single(claims, c => c.IsFirst);
    }

    [Fact]
    public async Task Purge_forgets_only_keys_claimed_before_the_cutoff()
    {
        await _keys.ClaimAsync("old", T, None);
        await _keys.ClaimAsync("new", T.AddHours(1), None);

        await ((IRetentionStore)_db.OpenStore()).PurgeAsync(T.AddMinutes(30), T.AddMinutes(30), None);

        Assert.True((await _keys.ClaimAsync("old", T.AddHours(2), None)).IsFirst);
        Assert.False((await _keys.ClaimAsync("new", T.AddHours(2), None)).IsFirst);
    }
}
