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
}
