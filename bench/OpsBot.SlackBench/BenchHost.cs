using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsBot.Core.Ports;
using OpsBot.Hosting;
using OpsBot.Testing;

namespace OpsBot.SlackBench;

/// <summary>
/// The real host (Slack endpoints, Core, SQLite) on loopback, with the AWS ports on the in-memory fakes of the test
/// suite so that the benchmark measures OpsBot and not a network. Replies to response_url go to a closed local port.
/// </summary>
internal static class BenchHost
{
    public const string SigningSecret = "bench-signing-secret";

    public static async Task<int> RunAsync(string[] args)
    {
        var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5090;
        var database = Path.Combine(Path.GetTempPath(), $"opsbot-slackbench-{Guid.NewGuid():N}.db");
        var app = OpsBotHost.Build(
        [
            $"--contentRoot={Path.Combine(RepositoryRoot(), "src", "OpsBot")}", // the repository's appsettings.json
            $"--urls=http://127.0.0.1:{port}",
            $"--OpsBot:Storage:ConnectionString=Data Source={database}",
            $"--OpsBot:Slack:SigningSecret={SigningSecret}",
            "--OpsBot:Slack:BotToken=xoxb-bench",
            $"--OpsBot:Slack:ApiBaseUrl=http://127.0.0.1:{port}/bench-sink/api/",
            "--OpsBot:Slack:ResponseUrlHosts:0=127.0.0.1",
            "--OpsBot:Slack:UploadUrlHosts:0=127.0.0.1",
            "--Logging:LogLevel:Default=Error",
        ], services =>
        {
            var lambda = new FakeLambda();
            foreach (var env in new[] { "dev", "prod" })
            {
                foreach (var fn in TestOptions.Functions)
                    lambda.Seed(env, fn, versions: 5, live: "4");
            }
            services.RemoveAll<ITrafficRouter>().AddSingleton<ITrafficRouter>(lambda);
            services.RemoveAll<IFunctionVersions>().AddSingleton<IFunctionVersions>(lambda);
            services.RemoveAll<IDelegatedRouter>().AddSingleton<IDelegatedRouter>(new FakeCodeDeploy(lambda, TimeProvider.System));
            services.RemoveAll<IMetricsSource>().AddSingleton<IMetricsSource>(new ScriptedMetrics());
            services.RemoveAll<ILogSearch>().AddSingleton<ILogSearch>(new FakeLogSearch());
            services.RemoveAll<IAlarmSource>().AddSingleton<IAlarmSource>(new ScriptedAlarms());
        });
        // Slack's side of the conversation (Web API and response_url), answered at once so that the replies the bot
        // sends after each acknowledgement are real work, not a pile-up of refused connections.
        app.MapPost("/bench-sink/{**path}", () => Results.Text("""{"ok":true,"channel":"C0DEPLOYS","ts":"1700000000.000100","message_ts":"1700000000.000100"}""", "application/json"));
        Console.WriteLine($"bench host on http://127.0.0.1:{port}");
        try
        {
            await app.RunAsync();
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(database + suffix);
        }
        return 0;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpsBot.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("OpsBot.sln not found above " + AppContext.BaseDirectory);
    }
}
