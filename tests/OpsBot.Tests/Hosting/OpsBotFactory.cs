using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Core.Ports;
using OpsBot.Testing;

namespace OpsBot.Tests.Hosting;

/// <summary>
/// The real host on a temporary database, with the AWS ports replaced by the Core test fakes (the guide's functions
/// seeded in dev and prod, versions 1..5, alias live on 4) and, when given, a fake clock.
/// </summary>
public sealed class OpsBotFactory : WebApplicationFactory<Program>
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"opsbot-host-{Guid.NewGuid():N}.db");

    public OpsBotFactory()
    {
        foreach (var env in new[] { "dev", "prod" })
        {
            foreach (var fn in TestOptions.Functions)
                Lambda.Seed(env, fn, versions: 5, live: "4");
        }
    }

    public Dictionary<string, string?> Settings { get; } = new();

    public FakeLambda Lambda { get; } = new();

    public FakeLogSearch Logs { get; } = new();

    public ScriptedMetrics Metrics { get; } = new();

    public RecordingNotifier Ops { get; } = new();

    /// <summary>When set, the host runs on this clock (the runner polls when the test moves it).</summary>
    public FakeTimeProvider? Time { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OpsBot:Storage:ConnectionString", $"Data Source={_database}");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            var time = (TimeProvider?)Time ?? TimeProvider.System;
            if (Time is not null)
                services.RemoveAll<TimeProvider>().AddSingleton<TimeProvider>(Time);
            services.RemoveAll<ITrafficRouter>().AddSingleton<ITrafficRouter>(Lambda);
            services.RemoveAll<IFunctionVersions>().AddSingleton<IFunctionVersions>(Lambda);
            services.RemoveAll<IDelegatedRouter>().AddSingleton<IDelegatedRouter>(new FakeCodeDeploy(Lambda, time));
            services.RemoveAll<IMetricsSource>().AddSingleton<IMetricsSource>(Metrics);
            services.RemoveAll<IAlarmSource>().AddSingleton<IAlarmSource>(new ScriptedAlarms());
            services.RemoveAll<ILogSearch>().AddSingleton<ILogSearch>(Logs);
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
