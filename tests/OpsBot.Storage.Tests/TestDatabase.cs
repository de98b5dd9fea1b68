using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace OpsBot.Storage.Tests;

/// <summary>A fresh database file per test, deleted afterwards, and stores opened on it.</summary>
public sealed class TestDatabase : IDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 3, 14, 9, 30, 0, 123, TimeSpan.Zero);

    public TestDatabase()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"opsbot-storage-{Guid.NewGuid():N}.db");
        ConnectionString = $"Data Source={Path}";
    }

    public string Path { get; }

    public string ConnectionString { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    internal SqliteStore OpenStore() => new(ConnectionString, Time);

    /// <summary>A raw connection, for looking at what was stored.</summary>
    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public object? Scalar(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        using (var connection = new SqliteConnection(ConnectionString))
            SqliteConnection.ClearPool(connection);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(Path + suffix);
    }
}
