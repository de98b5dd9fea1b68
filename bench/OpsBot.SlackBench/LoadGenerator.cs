using OpsBot.Testing;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace OpsBot.SlackBench;

/// <summary>
/// Sends signed slash commands and button clicks to the bot at a steady rate (open loop: requests are sent on
/// schedule whether or not earlier ones have been answered), and prints the acknowledgement latency percentiles and
/// the errors. The mix: /deploy status, /deploy history, /deploy help, a malformed /deploy, and a click on a stale card.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        if (args.Length < 1)
            return 2;
        var baseUrl = new Uri(args[0].TrimEnd('/') + "/");
        ResponseUrl = new Uri(baseUrl, "bench-sink/response");
        var rate = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
        var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(10),
        };

        // Warm up: JIT, connection pool, the database.
        for (var i = 0; i < 200; i++)
            await SendAsync(http, i);

        var total = rate * seconds;
        var latencies = new double[total];
        var failures = 0;
        var statuses = new Dictionary<HttpStatusCode, int>();
        var clock = Stopwatch.StartNew();
        var tasks = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                var status = await SendAsync(http, index);
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (status != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                    lock (statuses)
                        statuses[status] = statuses.GetValueOrDefault(status) + 1;
                }
            }));
        }
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed;

        Array.Sort(latencies);
        double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
        output.WriteLine($"Slack acknowledgement latency: {total} signed requests at {rate}/s for {seconds} s (achieved {total / elapsed.TotalSeconds:0} /s) against {baseUrl}");
        output.WriteLine("  mix: 40% /deploy status, 20% /deploy history, 10% /deploy help, 10% malformed /deploy, 20% click on a stale card");
        output.WriteLine($"  p50 {P(0.50):0.00} ms   p90 {P(0.90):0.00} ms   p99 {P(0.99):0.00} ms   max {latencies[^1]:0.00} ms   (goal p99 <= 10 ms; Slack allows 3000 ms)");
        output.WriteLine($"  errors: {failures}{(statuses.Count == 0 ? "" : " (" + string.Join(", ", statuses.Select(s => $"{(int)s.Key}: {s.Value}")) + ")")}");
        return failures == 0 ? 0 : 1;
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient http, int i)
    {
        var (path, body) = (i % 10) switch
        {
            0 or 1 or 2 or 3 => ("slack/commands", Command("/deploy", "status")),
            4 or 5 => ("slack/commands", Command("/deploy", "history lambda_router")),
            6 => ("slack/commands", Command("/deploy", "help")),
            7 => ("slack/commands", Command("/deploy", "lambda_router --canary-percentage ten")),
            _ => ("slack/interactions", Click(i)),
        };
        using var request = SlackRequests.Signed(new Uri(http.BaseAddress!, path), body, BenchHost.SigningSecret, DateTimeOffset.UtcNow);
        try
        {
            using var response = await http.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();
            // An acknowledgement that says OpsBot is too busy to take the command is a failure too.
            return answer.Contains("busy", StringComparison.Ordinal) ? HttpStatusCode.ServiceUnavailable : response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    /// <summary>Where the bot answers (the bench host's own sink for Slack's side).</summary>
    public static Uri ResponseUrl { get; set; } = new("http://127.0.0.1:5090/bench-sink/response");

    private static string Command(string command, string text) =>
        $"token=x&team_id=T0BENCH&channel_id=C0DEPLOYS&channel_name=deploys&user_id=U0BENCH&user_name=bench&command={Uri.EscapeDataString(command)}" +
        $"&text={Uri.EscapeDataString(text)}&response_url={Uri.EscapeDataString($"{ResponseUrl}")}&trigger_id=bench.{Guid.NewGuid():N}";

    private static string Click(int i)
    {
        var payload = $$"""
            {"type":"block_actions","user":{"id":"U0BENCH","username":"bench","name":"bench","team_id":"T0BENCH"},
             "api_app_id":"A0BENCH","token":"x","trigger_id":"bench.click.{{i}}","team":{"id":"T0BENCH","domain":"bench"},
             "container":{"type":"message","message_ts":"1700000000.000100","channel_id":"C0DEPLOYS","is_ephemeral":false},
             "channel":{"id":"C0DEPLOYS","name":"deploys"},"response_url":"{{ResponseUrl}}",
             "actions":[{"type":"button","action_id":"Promote","block_id":"actions","value":"dep-bench01|1|Promote","text":{"type":"plain_text","text":"Promote"},"action_ts":"1700000000.{{i:D6}}"}]}
            """;
        return "payload=" + Uri.EscapeDataString(payload);
    }
}
