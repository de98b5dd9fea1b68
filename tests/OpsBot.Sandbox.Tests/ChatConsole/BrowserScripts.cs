using OpsBot.Testing;

namespace OpsBot.Sandbox.Tests.ChatConsole;

/// <summary>
/// The Node scripts of <c>tests/OpsBot.Sandbox.Tests/browser</c> (playwright-core, pinned by its lock file, driving
/// Debian's chromium, <see cref="NodeScripts.Chromium"/>).
/// </summary>
internal static class BrowserScripts
{
    public static string Directory => NodeScripts.Folder("tests", "OpsBot.Sandbox.Tests", "browser");

    public static string Chromium => NodeScripts.Chromium;

    public static Task<string> RunAsync(string script, IEnumerable<string> arguments, TimeSpan timeout) =>
        NodeScripts.RunAsync(Directory, script, arguments, timeout);
}
