using System.Globalization;
using System.Text.Json.Nodes;
using OpsBot.Sandbox.Aws.Logs;
using OpsBot.Sandbox.Aws.Traffic;
using OpsBot.Testing;

namespace OpsBot.Sandbox.Tests.Aws.Logs;

/// <summary>
/// The official AWS SDK for JavaScript v3 (<c>@aws-sdk/client-cloudwatch-logs</c>, pinned by
/// <c>tests/OpsBot.Sandbox.Tests/node/package-lock.json</c>) runs a Logs Insights query against the emulator on
/// 127.0.0.1 (<c>logs-sdk-check.mjs</c>): StartQuery, GetQueryResults until Complete, StopQuery, and the refusals.
/// If the emulator's wire format were off, the SDK would reject its answers. The SDK signs with the wall clock, so the
/// world's clock starts a minute before it. Needs Node 20+ and npm (<c>npm ci</c> runs when node_modules is missing).
/// </summary>
public sealed class NodeSdkLogsTests : IAsyncLifetime
{
    private const string Fn = "timeseries_query_processor";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private EmulatorWorld _world = null!;
    private DateTimeOffset _start;

    public async Task InitializeAsync()
    {
        _start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60);
        _world = await EmulatorWorld.StartAsync(_start);
        _world.Routes.Canary(Fn, "5", 0.1);
        _world.Get<TrafficFaults>().Set(Fn, "5", 0.25);
        _world.Run(TimeSpan.FromSeconds(20));
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task The_official_JS_SDK_runs_an_Insights_query_and_reads_the_error_lines_of_a_faulty_version()
    {
        var end = _start.AddSeconds(20);
        var stdout = await NodeScripts.RunAsync(NodeScripts.Folder("tests", "OpsBot.Sandbox.Tests", "node"), "logs-sdk-check.mjs",
            [_world.BaseUrl.ToString().TrimEnd('/'), "us-east-1", Fn, "5", Seconds(_start), Seconds(end)], RunTimeout);
        var r = JsonNode.Parse(stdout)!;

        Assert.Equal(["Running", "Complete"], r["statuses"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(["@timestamp", "@message", "@logStream", "@ptr"], r["fieldOrder"]!.AsArray().Select(s => s!.GetValue<string>()));
        // What the world holds: version 5's lines in the window, newest first, 50 of them.
        var expected = _world.Get<LogsWorld>().Events(["/aws/lambda/" + Fn], _start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds() + 999)
            .Where(e => e.Stream.Contains("[5]", StringComparison.Ordinal))
            .OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id).ToList();
        Assert.Equal(100, expected.Count); // 20 a second of version 5, a quarter failing, for 20 s
        var rows = r["results"]!.AsArray();
        Assert.Equal(expected.Take(50).Select(e => (e.Message, e.Stream)), rows.Select(x => (x!["@message"]!.GetValue<string>(), x["@logStream"]!.GetValue<string>())));
        Assert.Equal(expected.Take(50).Select(e => DateTimeOffset.FromUnixTimeMilliseconds(e.Timestamp).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)),
            rows.Select(x => x!["@timestamp"]!.GetValue<string>()));
        Assert.All(rows, x => Assert.StartsWith("[ERROR]\t", x!["@message"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal(100, r["statistics"]!["recordsMatched"]!.GetValue<double>());

        Assert.True(r["stopped"]!.GetValue<bool>());
        Assert.Equal("Cancelled", r["stoppedStatus"]!.GetValue<string>());
        Assert.Equal(("ResourceNotFoundException", 400), (r["unknownGroup"]!["name"]!.GetValue<string>(), r["unknownGroup"]!["status"]!.GetValue<int>()));
        var malformed = r["malformed"]!;
        Assert.Equal("MalformedQueryException", malformed["name"]!.GetValue<string>());
        Assert.Equal(18, malformed["queryCompileError"]!["location"]!["startCharOffset"]!.GetValue<int>());
        Assert.Equal(("InvalidSignatureException", 403), (r["forged"]!["name"]!.GetValue<string>(), r["forged"]!["status"]!.GetValue<int>()));
    }

    private static string Seconds(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
