using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Ports;

namespace OpsBot.Storage.Tests;

public sealed class StorageServiceCollectionExtensionsTests : IDisposable
{
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task One_store_serves_every_storage_port()
    {
        await using var provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(_db.Time)
            .AddSqliteStorage(_db.ConnectionString)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var store = provider.GetRequiredService<IDeploymentStore>();

        Assert.Same(store, provider.GetRequiredService<IOutboxStore>());
        Assert.Same(store, provider.GetRequiredService<IAuditLog>());
        Assert.Same(store, provider.GetRequiredService<IIdempotencyStore>());
        Assert.Same(store, provider.GetRequiredService<IEnvironmentFreezes>());
        Assert.Same(store, provider.GetRequiredService<IStorageHealth>());
        Assert.True(await provider.GetRequiredService<IStorageHealth>().CanConnectAsync(CancellationToken.None));
    }
}
