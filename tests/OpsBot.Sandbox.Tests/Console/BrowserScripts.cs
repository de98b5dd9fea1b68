using System.Diagnostics;

namespace OpsBot.Sandbox.Tests.ChatConsole;

/// <summary>
/// Runs the Node scripts of <c>tests/OpsBot.Sandbox.Tests/browser</c> (playwright-core, pinned by its lock file, driving
/// Debian's chromium): installs their packages with <c>npm ci</c> when node_modules is missing, and finds chromium
/// (<c>CHROMIUM_PATH</c>, else <c>/usr/bin/chromium</c>; <c>.ci/run</c> installs it with apt).
/// </summary>
internal static class BrowserScripts
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);
    private static readonly SemaphoreSlim Install = new(1, 1);

    public static string Directory => Path.Combine(RepoRoot(), "tests", "OpsBot.Sandbox.Tests", "browser");

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

    /// <summary>Runs <c>node {script} {arguments}</c> in the browser folder; answers its standard output, or throws
    /// with both outputs when it fails or outlives <paramref name="timeout"/>.</summary>
    public static async Task<string> RunAsync(string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        await Install.WaitAsync();
        try
        {
            if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "playwright-core")))
                await ProcessAsync("npm", ["ci", "--no-audit", "--no-fund"], InstallTimeout);
        }
        finally
        {
            Install.Release();
        }
        return await ProcessAsync("node", [script, .. arguments], timeout);
    }

    private static async Task<string> ProcessAsync(string file, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = Directory,
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
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        return await stdout;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpsBot.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No OpsBot.sln above {AppContext.BaseDirectory}.");
    }
}
