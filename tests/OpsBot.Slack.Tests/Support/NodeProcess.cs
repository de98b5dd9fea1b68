using System.Diagnostics;

namespace OpsBot.Slack.Tests.Support;

/// <summary>Runs node, npm or npx to completion with a generous timeout, and returns what it printed.</summary>
internal static class NodeProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> arguments, string workingDirectory, string? stdin = null,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
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
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in time");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The slack-types Node project, its packages installed from the lock file when they are missing.</summary>
    public static async Task<string> SlackTypesDirectoryAsync()
    {
        var directory = RepoRoot.Path("tests", "OpsBot.Slack.Tests", "slack-types");
        await Install.WaitAsync();
        try
        {
            if (!Directory.Exists(System.IO.Path.Combine(directory, "node_modules", "@slack", "types")) ||
                !Directory.Exists(System.IO.Path.Combine(directory, "node_modules", "typescript")))
            {
                var ci = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], directory, timeout: TimeSpan.FromMinutes(10));
                if (ci.ExitCode != 0)
                    throw new InvalidOperationException($"npm ci failed in {directory}: {ci}");
            }
        }
        finally
        {
            Install.Release();
        }
        return directory;
    }

    private static readonly SemaphoreSlim Install = new(1, 1);
}
