using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace OpsBot.Bench;

/// <summary>
/// A GetMetricData stand-in on 127.0.0.1 for the metric-check bench: counts the calls and their queries, notes any call
/// CloudWatch would refuse (more than 500 queries, an id that repeats), and answers every query that returns data with
/// one datapoint per period of the call's window. No signature check: the bench counts calls, it does not test wire formats.
/// </summary>
internal sealed class LoopbackCloudWatch : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private int _calls;
    private int _queries;
    private int _largest;
    private int _refusable;

    private LoopbackCloudWatch(int port)
    {
        Url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public int Calls => Volatile.Read(ref _calls);

    public int Queries => Volatile.Read(ref _queries);

    public int Largest => Volatile.Read(ref _largest);

    /// <summary>Calls CloudWatch would have refused (over 500 queries, or an id twice).</summary>
    public int Refusable => Volatile.Read(ref _refusable);

    public static LoopbackCloudWatch Start()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new LoopbackCloudWatch(port);
    }

    public void Reset() => (_calls, _queries, _largest, _refusable) = (0, 0, 0, 0);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
        var queries = body["MetricDataQueries"]!.AsArray().Select(q => q!.AsObject()).ToList();
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _queries, queries.Count);
        int largest;
        do
        {
            largest = Volatile.Read(ref _largest);
        }
        while (queries.Count > largest && Interlocked.CompareExchange(ref _largest, queries.Count, largest) != largest);
        if (queries.Count > 500 || queries.Select(q => (string)q["Id"]!).Distinct().Count() < queries.Count)
            Interlocked.Increment(ref _refusable);

        var (start, end) = ((long)body["StartTime"]!, (long)body["EndTime"]!);
        var results = new JsonArray();
        foreach (var query in queries.Where(q => (bool?)q["ReturnData"] != false))
        {
            var period = (int?)query["MetricStat"]?["Period"] ?? (int?)query["Period"] ?? 60;
            var timestamps = new JsonArray();
            var values = new JsonArray();
            for (var t = start; t < end; t += period)
            {
                timestamps.Add(t);
                values.Add(1.0);
            }
            results.Add(new JsonObject { ["Id"] = (string)query["Id"]!, ["Timestamps"] = timestamps, ["Values"] = values, ["StatusCode"] = "Complete" });
        }
        var answer = Encoding.UTF8.GetBytes(new JsonObject { ["MetricDataResults"] = results, ["Messages"] = new JsonArray() }.ToJsonString());
        context.Response.ContentType = "application/x-amz-json-1.0";
        context.Response.ContentLength64 = answer.Length;
        await context.Response.OutputStream.WriteAsync(answer);
        context.Response.Close();
    }
}
