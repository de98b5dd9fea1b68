using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Ports;
using OpsBot.Testing;

namespace OpsBot.Tests.Hosting;

/// <summary>The real host on a temporary database, with the AWS ports replaced by the Core test fakes.</summary>
public sealed class OpsBotFactory : WebApplicationFactory<Program>
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"opsbot-host-{Guid.NewGuid():N}.db");

    public Dictionary<string, string?> Settings { get; } = new();

    public FakeLambda Lambda { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OpsBot:Storage:ConnectionString", $"Data Source={_database}");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ITrafficRouter>(Lambda);
            services.AddSingleton<IFunctionVersions>(Lambda);
            services.AddSingleton<IMetricsSource>(new ScriptedMetrics());
            services.AddSingleton<IAlarmSource>(new ScriptedAlarms());
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_database + suffix);
    }
}
