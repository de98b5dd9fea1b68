namespace OpsBot.Slack.Tests.Support;

/// <summary>The repository's root: the first folder up from the test binaries that holds <c>OpsBot.sln</c>.</summary>
internal static class RepoRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "OpsBot.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No OpsBot.sln above {AppContext.BaseDirectory}.");
    }

    public static string Path(params string[] parts) => System.IO.Path.Combine([Find(), .. parts]);
}
