using System.Buffers.Binary;
using System.CommandLine;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpsBot.Cli;

/// <summary>
/// <c>opsbot teams-package --app-id &lt;guid&gt; --host &lt;bot host&gt;</c>: the Microsoft Teams app package, a zip of
/// <c>manifest.json</c>, <c>color.png</c> and <c>outline.png</c> at its root, made from <c>manifest/teams/</c> with the
/// bot's app id, its host and the app's version filled in. Every input is checked before anything is written; a bad
/// one is refused with what was wrong and exit code 1.
/// </summary>
public static partial class TeamsPackageCommand
{
    public const string Name = "teams-package";

    /// <summary>The files of the package, each at the zip's root.</summary>
    public static readonly IReadOnlyList<string> Files = ["manifest.json", "color.png", "outline.png"];

    /// <summary>Where the template is, from the repository's root.</summary>
    public static readonly string TemplateFolder = Path.Combine("manifest", "teams");

    public static Command Create()
    {
        var appId = new Option<string>("--app-id")
        {
            Description = "The bot's Microsoft App ID (its Azure Bot resource's, a GUID): the app's id and the bot's.",
            Required = true,
        };
        var host = new Option<string>("--host")
        {
            Description = "The host name OpsBot is served on (its messaging endpoint is https://<host>/teams/messages), e.g. opsbot.example.com.",
            Required = true,
        };
        var output = new Option<string>("--out") { Description = "The zip to write.", DefaultValueFactory = _ => "opsbot-teams.zip" };
        var version = new Option<string>("--version")
        {
            Description = "The app's version (x.y.z); raise it for every upload that replaces an earlier one.",
            DefaultValueFactory = _ => "1.0.0",
        };
        var from = new Option<string?>("--from")
        {
            Description = $"The folder holding manifest.json, color.png and outline.png (default: {TemplateFolder} of the repository, looked for from the current folder up).",
        };
        var command = new Command(Name, "Write the Microsoft Teams app package (manifest.json, color.png, outline.png) for upload to Teams.")
        {
            appId,
            host,
            output,
            version,
            from,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.UnmatchedTokens.Count > 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    $"opsbot {Name}: '{Echo(parse.UnmatchedTokens[0])}' is not an option of {Name} (see opsbot {Name} --help). Nothing was written.");
                return 1;
            }
            var request = new Request(parse.GetValue(appId)!, parse.GetValue(host)!, parse.GetValue(version)!, parse.GetValue(output)!, parse.GetValue(from));
            try
            {
                var path = await WriteAsync(request, cancellationToken);
                await parse.InvocationConfiguration.Output.WriteLineAsync(NextSteps(path, Host(request.Host)));
                return 0;
            }
            catch (PackageException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"opsbot {Name}: {e.Message} Nothing was written.");
                return 1;
            }
        });
        return command;
    }

    /// <summary>What the command was asked for, as typed.</summary>
    public sealed record Request(string AppId, string Host, string Version, string Output, string? From = null);

    /// <summary>An input the package cannot be made from; the message says which and why.</summary>
    public sealed class PackageException(string message) : Exception(message);

    /// <summary>
    /// Checks <paramref name="request"/>, fills the manifest and writes the zip (to a temporary file beside it, moved into
    /// place at the end, so that a failure leaves no partial zip); answers the zip's full path.
    /// </summary>
    public static async Task<string> WriteAsync(Request request, CancellationToken cancellationToken = default)
    {
        var appId = AppId(request.AppId);
        var host = Host(request.Host);
        var version = Version(request.Version);
        var output = OutputPath(request.Output);
        var folder = request.From is { Length: > 0 } given ? Path.GetFullPath(given, WorkingFolder) : FindTemplateFolder();

        var manifest = Manifest(await ReadAsync(folder, "manifest.json", cancellationToken), appId, host, version);
        var color = await ReadAsync(folder, "color.png", cancellationToken);
        var outline = await ReadAsync(folder, "outline.png", cancellationToken);
        Icon("color.png", color, 192);
        Icon("outline.png", outline, 32);

        var temporary = output + $".{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            {
                foreach (var (name, bytes) in new[] { ("manifest.json", manifest), ("color.png", color), ("outline.png", outline) })
                {
                    var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                    // A fixed time: the same inputs make the same zip.
                    entry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
                    await using var stream = entry.Open();
                    await stream.WriteAsync(bytes, cancellationToken);
                }
            }
            File.Move(temporary, output, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new PackageException($"could not write {output}: {e.Message}");
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        return output;
    }

    /// <summary>The template with <c>{{APP_ID}}</c>, <c>{{HOST}}</c> and <c>{{VERSION}}</c> filled in, wherever they stand in a string.</summary>
    public static byte[] Manifest(byte[] template, string appId, string host, string version)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(template, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new PackageException($"manifest.json is not JSON: {e.Message}");
        }
        if (root is not JsonObject)
            throw new PackageException("manifest.json is not a JSON object.");
        Fill(root, new Dictionary<string, string>(StringComparer.Ordinal) { ["{{APP_ID}}"] = appId, ["{{HOST}}"] = host, ["{{VERSION}}"] = version });
        var text = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        if (Placeholder().Match(text) is { Success: true } left)
            throw new PackageException($"manifest.json still has {left.Value} once filled; the command fills {{{{APP_ID}}}}, {{{{HOST}}}} and {{{{VERSION}}}} only.");
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text + "\n");
    }

    private static void Fill(JsonNode node, IReadOnlyDictionary<string, string> values)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    if (child is JsonValue v && v.TryGetValue<string>(out var s))
                        o[key] = Filled(s, values);
                    else if (child is not null)
                        Fill(child, values);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue v && v.TryGetValue<string>(out var s))
                        a[i] = Filled(s, values);
                    else if (a[i] is { } child)
                        Fill(child, values);
                }
                break;
        }
    }

    private static string Filled(string text, IReadOnlyDictionary<string, string> values) =>
        values.Aggregate(text, (t, pair) => t.Replace(pair.Key, pair.Value, StringComparison.Ordinal));

    /// <summary>The app id in Teams' form (lower-case 8-4-4-4-12 hex digits), or why it is not one.</summary>
    public static string AppId(string value)
    {
        var trimmed = value.Trim();
        if (!Guid.TryParseExact(trimmed, "D", out var guid))
            throw new PackageException($"--app-id '{Echo(value)}' is not a GUID (8-4-4-4-12 hex digits, e.g. 0b7c6a5e-1d2f-4e3a-9b8c-7d6e5f4a3b2c): give the bot's Microsoft App ID, from its Azure Bot resource (Configuration).");
        if (guid == Guid.Empty)
            throw new PackageException("--app-id is the empty GUID: give the bot's Microsoft App ID, from its Azure Bot resource (Configuration).");
        return guid.ToString("D", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The host in lower case: a DNS name of two labels or more (letters, digits, hyphens; no scheme, port, path,
    /// IP address or wildcard), as Teams' validDomains and the bot's HTTPS endpoint want it; or why it is not one.
    /// </summary>
    public static string Host(string value)
    {
        var host = value.Trim().ToLowerInvariant();
        var hint = $"--host '{Echo(value)}'";
        if (host.Length == 0)
            throw new PackageException("--host is empty: give the host name OpsBot is served on, e.g. opsbot.example.com.");
        if (host.Contains("://", StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal))
        {
            var bare = Uri.TryCreate(host.Contains("://", StringComparison.Ordinal) ? host : "https://" + host, UriKind.Absolute, out var uri) ? uri.Host : "opsbot.example.com";
            throw new PackageException($"{hint} is a URL: give the host name alone, e.g. --host {bare} (the messaging endpoint is https://<host>/teams/messages).");
        }
        if (IPAddress.TryParse(host.Trim('[', ']'), out _))
            throw new PackageException($"{hint} is an IP address: Teams needs a host name with a certificate for it, e.g. opsbot.example.com.");
        if (host.Contains(':', StringComparison.Ordinal))
            throw new PackageException($"{hint} has a port: Teams calls the bot on HTTPS's port 443; give the host name alone.");
        if (host.Contains('*', StringComparison.Ordinal))
            throw new PackageException($"{hint} has a wildcard: give the one host OpsBot is served on.");
        var labels = host.TrimEnd('.').Split('.');
        if (host.TrimEnd('.').Length > 253 || labels.Length < 2 || !labels.All(l => HostLabel().IsMatch(l)))
            throw new PackageException($"{hint} is not a host name: labels of letters, digits and hyphens (not first or last), joined by dots, at least two (e.g. opsbot.example.com).");
        return host.TrimEnd('.');
    }

    /// <summary>The version, three whole numbers without leading zeros (x.y.z, as Teams asks); or why it is not one.</summary>
    public static string Version(string value)
    {
        var version = value.Trim();
        return SemanticVersion().IsMatch(version)
            ? version
            : throw new PackageException($"--version '{Echo(value)}' is not a version of the form x.y.z (e.g. 1.0.0, 1.2.10).");
    }

    /// <summary>The zip's full path: a .zip in a folder that exists.</summary>
    public static string OutputPath(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new PackageException("--out is empty: give the zip to write, e.g. --out opsbot-teams.zip.");
        string path;
        try
        {
            path = Path.GetFullPath(value, WorkingFolder);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new PackageException($"--out '{Echo(value)}' is not a path: {e.Message}");
        }
        if (!path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            throw new PackageException($"--out '{Echo(value)}' does not end with .zip: Teams uploads a .zip.");
        if (Directory.Exists(path))
            throw new PackageException($"--out '{Echo(value)}' is a folder: give a file name, e.g. {Path.Combine(value, "opsbot-teams.zip")}.");
        var folder = Path.GetDirectoryName(path);
        if (folder is null || !Directory.Exists(folder))
            throw new PackageException($"--out '{Echo(value)}': the folder {folder} does not exist.");
        return path;
    }

    /// <summary>Checks that <paramref name="png"/> is a PNG of <paramref name="size"/>×<paramref name="size"/> pixels (its IHDR).</summary>
    private static void Icon(string name, byte[] png, int size)
    {
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a];
        if (png.Length < 24 || !png.AsSpan(0, 8).SequenceEqual(signature) || !png.AsSpan(12, 4).SequenceEqual("IHDR"u8))
            throw new PackageException($"{name} is not a PNG.");
        var (width, height) = (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        if (width != size || height != size)
            throw new PackageException($"{name} is {width}×{height} pixels; Teams wants {size}×{size}.");
    }

    private static async Task<byte[]> ReadAsync(string folder, string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, name);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PackageException($"could not read {path}: {e.Message}");
        }
    }

    /// <summary>
    /// The folder relative paths are read from: the current one, except under <c>dotnet run --project src/OpsBot</c>,
    /// which starts the program in the project's folder: there it is the folder the person typed the command in (the
    /// shell's <c>PWD</c>), so that <c>--out opsbot-teams.zip</c> lands where they are.
    /// </summary>
    private static string WorkingFolder
    {
        get
        {
            var current = Directory.GetCurrentDirectory();
            return File.Exists(Path.Combine(current, "OpsBot.csproj"))
                   && Environment.GetEnvironmentVariable("PWD") is { Length: > 0 } shell && Path.IsPathFullyQualified(shell) && Directory.Exists(shell)
                ? shell
                : current;
        }
    }

    /// <summary>manifest/teams of the repository: looked for from the current folder up, then from the program's.</summary>
    private static string FindTemplateFolder()
    {
        foreach (var start in new[] { WorkingFolder, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, TemplateFolder);
                if (File.Exists(Path.Combine(candidate, "manifest.json")))
                    return candidate;
            }
        }
        throw new PackageException($"no {Path.Combine(TemplateFolder, "manifest.json")} above the current folder or the program: run this from the repository, or give the folder with --from.");
    }

    private static string NextSteps(string path, string host) =>
        $"""
        Wrote {path} (manifest.json, color.png, outline.png).
        Next: upload it in Teams (Apps → Manage your apps → Upload an app → Upload a custom app), or import it in the
        Teams Developer Portal (https://dev.teams.microsoft.com/apps → Import app) and publish it to your organisation.
        The bot's messaging endpoint must be https://{host}/teams/messages (docs/teams.md).
        """;

    /// <summary>An input echoed in a message: one line, at most 60 characters.</summary>
    private static string Echo(string value)
    {
        var line = new string(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return line.Length <= 60 ? line : line[..59] + "…";
    }

    [GeneratedRegex(@"\{\{[A-Za-z_]+\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\z")]
    private static partial Regex HostLabel();

    [GeneratedRegex(@"^(?:0|[1-9][0-9]{0,8})\.(?:0|[1-9][0-9]{0,8})\.(?:0|[1-9][0-9]{0,8})\z")]
    private static partial Regex SemanticVersion();
}
