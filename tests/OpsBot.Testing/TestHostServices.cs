using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core;
using OpsBot.Core.Configuration;
using OpsBot.Core.Ports;
using OpsBot.Storage;

namespace OpsBot.Testing;

/// <summary>
/// What a chat adapter's test host runs behind its endpoints: OpsBot's real Core and SQLite storage, with
/// <paramref name="options"/> and the test fakes of AWS (a seeded <see cref="FakeLambda"/>, quiet metrics and alarms,
/// a healthy influxdb probe, a recording notifier). The adapter registers itself on top.
/// </summary>
public static class TestHostServices
{
    public static IServiceCollection AddOpsBotForTests(this IServiceCollection s, OpsBotOptions options, TimeProvider time, string database, FakeLambda lambda)
    {
        s.AddSingleton(time);
        s.AddTestOptions(options);
        s.AddOpsBotCore();
        s.AddSqliteStorage($"Data Source={database}");
        s.AddSingleton<ITrafficRouter>(lambda);
        s.AddSingleton<IFunctionVersions>(lambda);
        s.AddSingleton<IMetricsSource>(new ScriptedMetrics());
        s.AddSingleton<IAlarmSource>(new ScriptedAlarms());
        s.AddSingleton<IHealthProbe>(new FakeProbe("influxdb"));
        s.AddSingleton<IOpsNotifier>(new RecordingNotifier());
        return s;
    }

    /// <summary><paramref name="options"/> as the app's <c>OpsBot</c> options, validated at start as the host's are.</summary>
    public static IServiceCollection AddTestOptions(this IServiceCollection s, OpsBotOptions options)
    {
        s.AddOptions<OpsBotOptions>().Configure(o =>
        {
            o.Runner = options.Runner;
            o.Storage = options.Storage;
            o.Channels = options.Channels;
            o.People = options.People;
            o.Environments = options.Environments;
            o.Plans = options.Plans;
        }).ValidateOnStart();
        return s;
    }
}
