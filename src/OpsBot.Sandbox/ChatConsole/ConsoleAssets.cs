using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.ChatConsole;

/// <summary>
/// The page's files, embedded in the assembly (<c>ChatConsole/Assets/*</c>) so that the sandbox is one binary with no
/// build step and nothing fetched from a CDN. Only the files listed here are served.
/// </summary>
internal static class ConsoleAssets
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["console.css"] = "text/css; charset=utf-8",
        ["console.js"] = "text/javascript; charset=utf-8",
        ["mrkdwn.js"] = "text/javascript; charset=utf-8",
        ["blocks.js"] = "text/javascript; charset=utf-8",
        ["messages.js"] = "text/javascript; charset=utf-8",
        ["faults.js"] = "text/javascript; charset=utf-8",
        ["flags.js"] = "text/javascript; charset=utf-8",
        ["favicon.svg"] = "image/svg+xml",
        ["teams.js"] = "text/javascript; charset=utf-8",
        ["cards.js"] = "text/javascript; charset=utf-8",
        // The Adaptive Cards renderer for the Teams channels, vendored from the npm package adaptivecards 3.0.6 (the
        // version tests/OpsBot.Teams.Tests/node's lock file pins), with its MIT licence and its bundled notices.
        ["adaptivecards.min.js"] = "text/javascript; charset=utf-8",
        ["adaptivecards.LICENSE.txt"] = "text/plain; charset=utf-8",
        ["adaptivecards.min.js.LICENSE.txt"] = "text/plain; charset=utf-8",
    };

    public static async Task<IResult> ServeAsync(HttpContext http, string name)
    {
        if (!ContentTypes.TryGetValue(name, out var contentType))
            return Results.NotFound();
        await using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream($"OpsBot.Sandbox.ChatConsole.Assets.{name}");
        if (stream is null)
            return Results.NotFound();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, http.RequestAborted);
        // The sandbox is restarted with new builds: always revalidate, so nobody looks at yesterday's page.
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return Results.Bytes(buffer.ToArray(), contentType);
    }

    /// <summary>The listed files that are not embedded: a packaging mistake shows in tests, not in a browser.</summary>
    internal static IEnumerable<string> Missing() =>
        ContentTypes.Keys.Where(n => Assembly.GetExecutingAssembly().GetManifestResourceInfo($"OpsBot.Sandbox.ChatConsole.Assets.{n}") is null);
}
