using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;
using OpsBot.Core.UseCases;
using OpsBot.Hosting;
using OpsBot.Testing;

using static OpsBot.Bench.BenchFleet;
using static OpsBot.Bench.Percentiles;

namespace OpsBot.Bench;

/// <summary>
/// Push-path rollback latency through the real host (<see cref="OpsBotHost.Build"/>: SNS endpoint, Core, SQLite, Slack
/// on a local sink; AWS on the in-memory fakes): 100 canaries baking at 10%, each guarded by its own alarm; one signed
/// SNS ALARM per deployment is posted to <c>/sns/alarms</c> at 50/s (open loop), and for each the time from just before
/// the POST to the moment the rollback UpdateAlias of its function is sent is recorded. Repeated for a number of rounds
/// (every deployment rolled back, then started again); prints p50, p90, p99, max per round and overall, and the alarms
/// that led to no UpdateAlias within 5 s. No assertion on timing.
/// </summary>
internal static class SnsAlarmLatency
{
    private const int Deployments = 100;
    private const int Rate = 50;
    private const string Environment = "bench";
    private const string Channel = "C0BENCH";
    private const string Plan = "bench-hold";
    private const string Stable = "4";
    private const string Target = "5";
    private const string Topic = "arn:aws:sns:us-east-1:123456789012:opsbot-alarms-bench";
    private const string OpsTopic = "arn:aws:sns:us-east-1:123456789012:opsbot-pages-bench";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    private static readonly Actor Deployer = new("slack:U0BENCH", Channel, "bench");

    public static async Task<int> RunAsync(int rounds, TextWriter output)
    {
        var root = Path.Combine(Path.GetTempPath(), $"opsbot-snsbench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            await using var sns = await LoopbackSns.StartAsync();
            var lambda = new FakeLambda();
            for (var i = 0; i < Deployments; i++)
                lambda.Seed(Environment, Function(i), versions: 5, live: Stable);
            var clock = new RollbackClock(lambda, Stable);
            var port = BenchFleet.FreePort();
            var app = OpsBotHost.Build(Arguments(root, port, sns), services =>
            {
                services.RemoveAll<ITrafficRouter>().AddSingleton<ITrafficRouter>(clock);
                services.RemoveAll<IFunctionVersions>().AddSingleton<IFunctionVersions>(lambda);
                services.RemoveAll<IDelegatedRouter>().AddSingleton<IDelegatedRouter>(new FakeCodeDeploy(lambda, TimeProvider.System));
                services.RemoveAll<IMetricsSource>().AddSingleton<IMetricsSource>(new ScriptedMetrics());
                services.RemoveAll<ILogSearch>().AddSingleton<ILogSearch>(new FakeLogSearch());
                services.RemoveAll<IAlarmSource>().AddSingleton<IAlarmSource>(new ScriptedAlarms());
                services.RemoveAll<IOpsNotifier>().AddSingleton<IOpsNotifier>(new RecordingNotifier());
            });
            MapSlackSink(app, port);
            await using (app)
            {
                await app.StartAsync();
                return await MeasureAsync(app.Services, new Uri($"http://127.0.0.1:{port}/"), sns, lambda, clock, rounds, output);
            }
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<int> MeasureAsync(IServiceProvider services, Uri bot, LoopbackSns sns, FakeLambda lambda, RollbackClock clock, int rounds,
        TextWriter output)
    {
        var commands = services.GetRequiredService<ChatCommandHandler>();
        var store = services.GetRequiredService<IDeploymentStore>();
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = bot,
            Timeout = TimeSpan.FromSeconds(30),
        };

        // Warm-up: verified notifications that are not alarms (ignored by the bot): the certificate is fetched once and
        // cached, as in production after the first delivery; JIT and connections warm.
        for (var i = 0; i < 20; i++)
        {
            var (status, _) = await PostAsync(http, sns.NotAnAlarm(Topic));
            if (status != HttpStatusCode.OK)
            {
                output.WriteLine($"warm-up notification answered {(int)status}: the bot refused the bench's signature or certificate");
                return 1;
            }
        }

        output.WriteLine($"SNS alarm -> rollback: {Deployments} canaries baking at 10% (fn000..fn{Deployments - 1:D3}, alias engine), one ALARM per deployment at {Rate}/s, {rounds} round{(rounds == 1 ? "" : "s")}");
        output.WriteLine($"  real host on {bot} (SQLite, Slack on a local sink, AWS and pages on the in-memory fakes); SignatureVersion 2, certificate over HTTPS on 127.0.0.1 (pinned)");
        output.WriteLine("  measured per alarm: just before the POST /sns/alarms -> the rollback UpdateAlias of its function is sent");
        output.WriteLine();
        output.WriteLine("  round  alarms  sent/s  p50 ms  p90 ms  p99 ms  max ms  errors  non-200  answer p99 ms");

        var all = new List<double>();
        var answers = new List<double>();
        var (errors, refused) = (0, 0);
        for (var round = 1; round <= rounds; round++)
        {
            var ids = await StartAllAsync(commands, store, output);
            if (ids is null)
                return 1;
            clock.Arm(Enumerable.Range(0, Deployments).Select(Function));
            var fired = await FireAsync(http, sns);
            var lastSent = fired.Max(f => f.SentAt);
            while (clock.Count < Deployments && Stopwatch.GetElapsedTime(lastSent) < Deadline)
                await Task.Delay(10);

            var latencies = new List<double>();
            var roundErrors = 0;
            for (var i = 0; i < Deployments; i++)
            {
                if (clock.TryGet(Function(i), out var routed) && Stopwatch.GetElapsedTime(fired[i].SentAt, routed) <= Deadline)
                    latencies.Add(Stopwatch.GetElapsedTime(fired[i].SentAt, routed).TotalMilliseconds);
                else
                    roundErrors++;
            }
            var roundRefused = fired.Count(f => f.Status != HttpStatusCode.OK);
            var span = Stopwatch.GetElapsedTime(fired[0].SentAt, lastSent).TotalSeconds;
            var answered = fired.Select(f => f.Answer).ToList();
            output.WriteLine($"  {round,5} {Deployments,7} {(Deployments - 1) / span,7:0.0} {Row(latencies)} {roundErrors,7} {roundRefused,8} {P(answered, 0.99),14:0.0}");
            all.AddRange(latencies);
            answers.AddRange(answered);
            (errors, refused) = (errors + roundErrors, refused + roundRefused);

            if (!await BenchFleet.SettledAsync(store, lambda, ids, Environment, DeploymentState.RolledBack, Stable, TimeSpan.FromSeconds(60)))
            {
                output.WriteLine($"  round {round}: not every deployment was rolled back with its alias back on {Stable} within 60 s; stopping");
                return 1;
            }
        }

        output.WriteLine($"  {"all",5} {rounds * Deployments,7} {"",7} {Row(all)} {errors,7} {refused,8} {P(answers, 0.99),14:0.0}");
        output.WriteLine();
        output.WriteLine($"  goal: p99 <= 500 ms at {Rate} alarms/s with {Deployments} active deployments; errors: alarms with no rollback UpdateAlias within {Deadline.TotalSeconds:0} s");
        output.WriteLine($"  signing certificate fetched {sns.CertificateFetches} time(s)");
        return errors == 0 && refused == 0 ? 0 : 1;
    }

    /// <summary>Starts version 5 of every function as the bench deployer would in chat, then waits until all are Baking at 10%.</summary>
    private static async Task<List<string>?> StartAllAsync(ChatCommandHandler commands, IDeploymentStore store, TextWriter output)
    {
        var (ids, refusal) = await BenchFleet.StartAsync(commands, Deployer, Deployments, Target, Environment);
        if (ids is null)
        {
            output.WriteLine($"  a start was refused: {refusal}");
            return null;
        }
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var states = await Task.WhenAll(ids.Select(id => store.GetAsync(id, CancellationToken.None)));
            if (states.All(d => d?.State == DeploymentState.Baking))
                return ids;
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                output.WriteLine($"  not all deployments reached Baking within 60 s: {string.Join(", ", states.GroupBy(d => d?.State).Select(g => $"{g.Count()} {g.Key}"))}");
                return null;
            }
            await Task.Delay(50);
        }
    }

    /// <summary>One signed ALARM per function, sent on schedule at <see cref="Rate"/>/s whether or not earlier ones were answered.</summary>
    private static async Task<Fired[]> FireAsync(HttpClient http, LoopbackSns sns)
    {
        var fired = new Fired[Deployments];
        var tasks = new Task[Deployments];
        var schedule = Stopwatch.StartNew();
        for (var i = 0; i < Deployments; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / Rate) - schedule.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            var index = i;
            var body = sns.Alarm(Topic, Alarm(index), Function(index));
            tasks[i] = Task.Run(async () =>
            {
                var sentAt = Stopwatch.GetTimestamp();
                var (status, answered) = await PostAsync(http, body);
                fired[index] = new Fired(sentAt, status, answered);
            });
        }
        await Task.WhenAll(tasks);
        return fired;
    }

    private static async Task<(HttpStatusCode Status, double Milliseconds)> PostAsync(HttpClient http, string body)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, "sns/alarms")
        {
            // As SNS posts it: JSON as text/plain, the type in a header.
            Content = new StringContent(body, Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("x-amz-sns-message-type", "Notification");
        try
        {
            using var response = await http.SendAsync(request);
            return (response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (default, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>The host's configuration, as command-line arguments: one environment without gates, its functions, the SNS trust of the loopback certificate host.</summary>
    private static string[] Arguments(string root, int port, LoopbackSns sns)
    {
        var args = new List<string>
        {
            $"--contentRoot={root}", // no appsettings.json: only what is below
            $"--urls=http://127.0.0.1:{port}",
            $"--OpsBot:Storage:ConnectionString=Data Source={Path.Combine(root, "opsbot.db")}",
            "--OpsBot:Slack:SigningSecret=bench-signing-secret",
            "--OpsBot:Slack:BotToken=xoxb-bench",
            $"--OpsBot:Slack:ApiBaseUrl=http://127.0.0.1:{port}/bench-sink/api/",
            "--OpsBot:Slack:ResponseUrlHosts:0=127.0.0.1",
            "--OpsBot:Slack:UploadUrlHosts:0=127.0.0.1",
            "--OpsBot:Sns:CertificateHosts:0=127.0.0.1:*",
            $"--OpsBot:Sns:PinnedCertificateThumbprints:0={sns.TlsThumbprint}",
            "--Logging:LogLevel:Default=Error",
            $"--OpsBot:Channels:0:Id={Channel}",
            $"--OpsBot:Channels:0:Environment={Environment}",
            // 10% for two hours, then 100%: every deployment stays Baking for the whole bench.
            $"--OpsBot:Plans:{Plan}:0:Weight=10",
            $"--OpsBot:Plans:{Plan}:0:Bake=02:00:00",
            $"--OpsBot:Plans:{Plan}:1:Weight=100",
            $"--OpsBot:Environments:{Environment}:Region=us-east-1",
            $"--OpsBot:Environments:{Environment}:Roles:Viewer:0=slack:*",
            $"--OpsBot:Environments:{Environment}:Roles:Deployer:0={Deployer.Identity}",
            $"--OpsBot:Environments:{Environment}:AlarmTopicArns:0={Topic}",
            $"--OpsBot:Environments:{Environment}:OpsTopicArn={OpsTopic}",
        };
        for (var i = 0; i < Deployments; i++)
        {
            var fn = $"--OpsBot:Environments:{Environment}:Functions:{Function(i)}";
            args.AddRange([$"{fn}:Alias=live", $"{fn}:Plan={Plan}", $"{fn}:Channel={Channel}", $"{fn}:Alarms:0={Alarm(i)}"]);
        }
        return [.. args];
    }

    /// <summary>Slack's side (Web API, response_url, file uploads) answered at once on the bot's own port.</summary>
    private static void MapSlackSink(WebApplication app, int port)
    {
        const string ok = """{"ok":true,"channel":"C0BENCH","ts":"1700000000.000100","message_ts":"1700000000.000100"}""";
        var upload = $$"""{"ok":true,"file_id":"F0BENCH","upload_url":"http://127.0.0.1:{{port}}/bench-sink/upload"}""";
        app.MapPost("/bench-sink/{**path}", (string path) =>
            Results.Text(path == "api/files.getUploadURLExternal" ? upload : ok, "application/json"));
    }

    private static string Alarm(int i) => $"{Function(i)}-errors";

    private readonly record struct Fired(long SentAt, HttpStatusCode Status, double Answer);
}
