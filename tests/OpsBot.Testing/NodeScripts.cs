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

    /// <summary>What a finished process printed, and how it ended.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    /// <summary>Runs <c>node {script} {arguments}</c> in <paramref name="folder"/>, its packages installed first.</summary>
    public static async Task<string> RunAsync(string folder, string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        await InstalledAsync(folder);
        string[] command = [script, .. arguments];
        return Succeeded(await ExecAsync(folder, "node", command, timeout), $"node {string.Join(' ', command)} in {folder}");
    }

    /// <summary><paramref name="folder"/> with its packages installed from its lock file (<c>npm ci</c>) when node_modules is missing.</summary>
    public static async Task<string> InstalledAsync(string folder)
    {
        await Installs.GetOrAdd(folder, f => new Lazy<Task>(() => InstallAsync(f))).Value;
        return folder;
    }

    /// <summary>Runs <paramref name="file"/> (node, npx, …) in <paramref name="folder"/> with <paramref name="stdin"/> as its
    /// input, and answers how it ended; throws when it outlives <paramref name="timeout"/>.</summary>
    public static async Task<Result> ExecAsync(string folder, string file, IReadOnlyList<string> arguments, TimeSpan timeout, string? stdin = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
            await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
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
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    private static async Task InstallAsync(string folder)
    {
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
            Succeeded(await ExecAsync(folder, "npm", ["ci", "--no-audit", "--no-fund"], InstallTimeout), $"npm ci in {folder}");
    }

    private static string Succeeded(Result result, string what) =>
        result.ExitCode == 0 ? result.Stdout : throw new InvalidOperationException($"{what} failed: {result}");
}
