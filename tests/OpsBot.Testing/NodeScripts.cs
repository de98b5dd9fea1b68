using System.Collections.Concurrent;
using System.Diagnostics;

namespace OpsBot.Testing;

/// <summary>
/// Runs the repository's Node scripts (the official SDKs and the headless browser as independent oracles): installs a
/// script folder's packages with <c>npm ci</c> from its lock file when node_modules is missing (once per folder per test
/// run), then runs <c>node script args</c> there and answers its standard output, or throws with both outputs when it
/// fails or outlives its timeout. Needs Node 20+ and npm on the PATH (<c>.ci/run</c> has them).
/// </summary>
public static class NodeScripts
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);
    private static readonly ConcurrentDictionary<string, Lazy<Task>> Installs = new(StringComparer.Ordinal);

    /// <summary>The repository's root: the first folder up from the test binaries that holds <c>OpsBot.sln</c>.</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "OpsBot.sln")))
                    return dir.FullName;
            }
            throw new InvalidOperationException($"No OpsBot.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>A folder of the repository, e.g. <c>Folder("tests", "conformance")</c>.</summary>
    public static string Folder(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    /// <summary>Debian's chromium for the browser scripts: <c>CHROMIUM_PATH</c>, else <c>/usr/bin/chromium</c>.</summary>
    public static string Chromium
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
            if (!File.Exists(path))
                throw new InvalidOperationException($"No chromium at {path}: install Debian's (apt-get install chromium, as .ci/run does) or set CHROMIUM_PATH.");
            return path;
        }
    }

    /// <summary>Runs <c>node {script} {arguments}</c> in <paramref name="folder"/>, its packages installed first.</summary>
    public static async Task<string> RunAsync(string folder, string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        await Installs.GetOrAdd(folder, f => new Lazy<Task>(() => InstallAsync(f))).Value;
        return await ProcessAsync(folder, "node", [script, .. arguments], timeout);
    }

    private static async Task InstallAsync(string folder)
    {
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
            await ProcessAsync(folder, "npm", ["ci", "--no-audit", "--no-fund"], InstallTimeout);
    }

    private static async Task<string> ProcessAsync(string folder, string file, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} did not finish within {timeout}:\n{await stdout}\n{await stderr}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}) in {folder}:\n{await stdout}\n{await stderr}");
        return await stdout;
    }
}
