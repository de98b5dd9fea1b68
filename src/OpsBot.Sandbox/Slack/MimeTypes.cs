using Microsoft.AspNetCore.StaticFiles;

namespace OpsBot.Sandbox.Slack;

/// <summary>A file's content type from its name's extension, as Slack reports <c>mimetype</c>.</summary>
internal static class MimeTypes
{
    private static readonly FileExtensionContentTypeProvider Provider = new();

    public static string For(string filename) =>
        Provider.TryGetContentType(filename, out var type) ? type : "application/octet-stream";
}
