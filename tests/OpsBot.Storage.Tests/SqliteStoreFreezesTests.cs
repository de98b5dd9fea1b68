using OpsBot.Core.Ports;

namespace OpsBot.Storage.Tests;

public sealed class SqliteStoreFreezesTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TestDatabase _db = new();
    private readonly IEnvironmentFreezes _freezes;

    public SqliteStoreFreezesTests() => _freezes = _db.OpenStore();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task A_freeze_is_set_replaced_and_cleared_per_environment()
    {
        var t = TestDatabase.Start;
        Assert.Null(await _freezes.GetAsync("prod", None));

        await _freezes.SetAsync(new Freeze("prod", "release freeze", "slack:U0ADMIN", t), None);
        await _freezes.SetAsync(new Freeze("staging", "migration", "slack:U0ADMIN", t), None);
        Assert.Equal(new Freeze("prod", "release freeze", "slack:U0ADMIN", t), await _freezes.GetAsync("prod", None));

        var replaced = new Freeze("prod", "incident INC-42", "slack:U0CAROL", t.AddHours(1));
        await _freezes.SetAsync(replaced, None);
        Assert.Equal(replaced, await _freezes.GetAsync("prod", None));

        await _freezes.ClearAsync("prod", None);
        await _freezes.ClearAsync("dev", None);
        Assert.Null(await _freezes.GetAsync("prod", None));
        Assert.NotNull(await _freezes.GetAsync("staging", None));
    }
}
