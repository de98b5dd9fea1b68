using System.Diagnostics;
using System.Text;
using OpsBot.Probes.Tests.Support;

namespace OpsBot.Probes.Tests.Influx;

/// <summary>
/// A real InfluxDB: Debian's <c>influxd</c> (1.6), started by the test itself with a configuration of its own — data,
/// meta and WAL in a temporary folder, the HTTP API and the RPC service each on a free loopback port, reporting and
/// the internal monitor store off — and stopped (process killed, folder deleted) when disposed.
/// </summary>
internal sealed class Influxd : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly DirectoryInfo _folder;
    private readonly StringBuilder _output;

    private Influxd(Process process, DirectoryInfo folder, StringBuilder output, string url)
    {
        _process = process;
        _folder = folder;
        _output = output;
        Url = url;
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public string Url { get; }

    /// <summary><c>INFLUXD_PATH</c>, else <c>influxd</c> on the PATH; null when neither exists.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("INFLUXD_PATH") is { Length: > 0 } configured)
            return File.Exists(configured) ? configured : null;
        return (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/usr/sbin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "influxd"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Starts influxd and waits until <c>/ping</c> answers; a port taken in between is retried with new ones.</summary>
    public static async Task<Influxd> StartAsync(string executable)
    {
        for (var attempt = 1; ; attempt++)
        {
            var folder = Directory.CreateTempSubdirectory("opsbot-influxd-");
            var httpPort = LoopbackPorts.Free();
            var rpcPort = LoopbackPorts.Free();
            while (rpcPort == httpPort)
                rpcPort = LoopbackPorts.Free();
            var config = Path.Combine(folder.FullName, "influxdb.conf");
            await File.WriteAllTextAsync(config, Config(folder.FullName, httpPort, rpcPort));

            var output = new StringBuilder();
            var process = new Process
            {
                StartInfo = new ProcessStartInfo(executable) { ArgumentList = { "run", "-config", config }, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false },
            };
            process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var influxd = new Influxd(process, folder, output, $"http://127.0.0.1:{httpPort}");
            if (await influxd.ReadyAsync())
                return influxd;
            var log = influxd.Output;
            await influxd.DisposeAsync();
            if (attempt < 3 && log.Contains("address already in use", StringComparison.Ordinal))
                continue;
            throw new InvalidOperationException($"influxd did not answer /ping on {influxd.Url} within {StartTimeout}:\n{log}");
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                _folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left in the temp folder rather than failing the test.
            }
        }
    }

    // Readiness, not a deadline under test: poll /ping on the real clock until it answers or influxd exits.
    private async Task<bool> ReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < until && !_process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync($"{Url}/ping");
                if ((int)response.StatusCode == 204)
                    return true;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
        return false;
    }

    private static string Config(string folder, int httpPort, int rpcPort) => $"""
        reporting-disabled = true
        bind-address = "127.0.0.1:{rpcPort}"

        [meta]
          dir = "{folder}/meta"

        [data]
          dir = "{folder}/data"
          wal-dir = "{folder}/wal"
          query-log-enabled = false

        [monitor]
          store-enabled = false

        [http]
          enabled = true
          bind-address = "127.0.0.1:{httpPort}"
          log-enabled = false

        [logging]
          level = "warn"
        """;
}
