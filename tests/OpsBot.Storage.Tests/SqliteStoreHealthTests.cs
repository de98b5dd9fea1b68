namespace OpsBot.Storage.Tests;

public sealed class SqliteStoreHealthTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task A_database_with_room_is_readable_and_writable_and_the_probe_leaves_one_small_row()
    {
        var store = _db.OpenStore();

        Assert.True(await store.CanConnectAsync(None));
        Assert.True(await store.CanWriteAsync(None));
        Assert.True(await store.CanWriteAsync(None));

        Assert.Equal(1L, _db.Scalar("SELECT COUNT(*) FROM storage_probe"));
        Assert.Equal(1L, _db.Scalar("SELECT pad IS NULL FROM storage_probe"));
    }

    [Fact]
    public async Task A_database_that_cannot_grow_fails_the_write_probe_while_reads_still_work()
    {
        // A 1 MB cap (max_page_count on each of the store's connections); then 2 MB written past the store fills it.
        var store = new SqliteStore(_db.ConnectionString, _db.Time, maxSizeBytes: 1024 * 1024);
        Assert.True(await store.CanWriteAsync(None));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // pooled connections keep the store's cap
        using (var connection = _db.Connect())
        using (var fill = connection.CreateCommand())
        {
            fill.CommandText = "CREATE TABLE filler (b BLOB); INSERT INTO filler VALUES (zeroblob(2 * 1024 * 1024));";
            fill.ExecuteNonQuery();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        Assert.True(await store.CanConnectAsync(None));
        Assert.False(await store.CanWriteAsync(None));
    }
}
