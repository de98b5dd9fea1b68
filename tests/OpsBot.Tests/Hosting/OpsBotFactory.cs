using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsBot.Core.Ports;
using OpsBot.Testing;

namespace OpsBot.Tests.Hosting;

/// <summary>The real host on a temporary database, with the AWS ports replaced by the Core test fakes.</summary>
public sealed class OpsBotFactory : WebApplicationFactory<Program>
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"opsbot-host-{Guid.NewGuid():N}.db");

    public Dictionary<string, string?> Settings { get; } = new();

    public FakeLambda Lambda { get; } = new();

    public RecordingNotifier Ops { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OpsBot:Storage:ConnectionString", $"Data Source={_database}");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<ITrafficRouter>().AddSingleton<ITrafficRouter>(Lambda);
            services.RemoveAll<IFunctionVersions>().AddSingleton<IFunctionVersions>(Lambda);
            services.RemoveAll<IDelegatedRouter>().AddSingleton<IDelegatedRouter>(new FakeCodeDeploy(Lambda, TimeProvider.System));
            services.RemoveAll<IMetricsSource>().AddSingleton<IMetricsSource>(new ScriptedMetrics());
            services.RemoveAll<IAlarmSource>().AddSingleton<IAlarmSource>(new ScriptedAlarms());
            services.RemoveAll<IOpsNotifier>().AddSingleton<IOpsNotifier>(Ops);
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
