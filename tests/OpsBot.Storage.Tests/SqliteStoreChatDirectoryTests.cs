using OpsBot.Core.Ports;

namespace OpsBot.Storage.Tests;

public sealed class SqliteStoreChatDirectoryTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task The_latest_value_per_platform_and_key_is_kept_across_a_restart()
    {
        IChatDirectory directory = _db.OpenStore();
        await directory.SaveAsync("teams", "channel:19:a@thread.tacv2", "{\"serviceUrl\":\"https://one/\"}", None);
        await directory.SaveAsync("teams", "channel:19:a@thread.tacv2", "{\"serviceUrl\":\"https://two/\"}", None);
        await directory.SaveAsync("slack", "channel:19:a@thread.tacv2", "other", None);

        IChatDirectory reopened = _db.OpenStore();
        Assert.Equal("{\"serviceUrl\":\"https://two/\"}", await reopened.GetAsync("teams", "channel:19:a@thread.tacv2", None));
        Assert.Equal("other", await reopened.GetAsync("slack", "channel:19:a@thread.tacv2", None));
        Assert.Null(await reopened.GetAsync("teams", "channel:19:b@thread.tacv2", None));
    }

    [Fact]
    public async Task A_purge_deletes_only_the_platforms_values_under_the_prefix_saved_before_the_time()
    {
        var store = _db.OpenStore();
        await store.SaveAsync("teams", "image:old", "1", None);
        await store.SaveAsync("teams", "channel:19:x", "2", None);
        await store.SaveAsync("slack", "image:old", "3", None);
        _db.Time.Advance(TimeSpan.FromDays(31));
        await store.SaveAsync("teams", "image:new", "4", None);

        Assert.Equal(1, await store.PurgeAsync("teams", "image:", _db.Time.GetUtcNow() - TimeSpan.FromDays(30), None));

        Assert.Null(await store.GetAsync("teams", "image:old", None));
        Assert.Equal("4", await store.GetAsync("teams", "image:new", None));
        Assert.Equal("2", await store.GetAsync("teams", "channel:19:x", None));
        Assert.Equal("3", await store.GetAsync("slack", "image:old", None));
    }
}
