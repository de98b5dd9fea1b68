namespace OpsBot.Aws.Tests.Conformance;

/// <summary>The repository's root: the first folder up from the test binaries that holds <c>OpsBot.sln</c>.</summary>
internal static class RepoRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpsBot.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No OpsBot.sln above {AppContext.BaseDirectory}.");
    }
}
