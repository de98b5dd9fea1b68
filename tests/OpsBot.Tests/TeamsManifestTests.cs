using System.Buffers.Binary;
using System.CommandLine;
using System.IO.Compression;
using System.Text.Json;
using OpsBot.Cli;
using OpsBot.Core.Commands;
using OpsBot.Testing;

namespace OpsBot.Tests;

/// <summary>
/// The Microsoft Teams app package: <c>manifest/teams/</c> as <c>opsbot teams-package</c> packs it for a sample app id
/// and host, checked against a JSON schema of the Teams manifest (ajv, offline), against Teams' limits, against Core's
/// grammar, and the icons pixel by pixel; and the command's refusals of bad input, which write nothing.
/// </summary>
public sealed class TeamsManifestTests : IDisposable
{
    private const string SampleAppId = "0b7c6a5e-1d2f-4e3a-9b8c-7d6e5f4a3b2c";
    private const string SampleHost = "opsbot.example.com";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("opsbot-teams-package-");

    private static string Template(string file) => NodeScripts.Folder("manifest", "teams", file);

    public void Dispose() => _temp.Delete(recursive: true);

    private async Task<(Dictionary<string, byte[]> Entries, JsonElement Manifest)> PackageAsync()
    {
        var zip = await TeamsPackageCommand.WriteAsync(new TeamsPackageCommand.Request(SampleAppId, SampleHost, "1.0.0", Path.Combine(_temp.FullName, "opsbot-teams.zip")));
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var archive = ZipFile.OpenRead(zip))
        {
            foreach (var entry in archive.Entries)
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                entries.Add(entry.FullName, copy.ToArray());
            }
        }
        return (entries, JsonDocument.Parse(entries["manifest.json"]).RootElement.Clone());
    }

    // ---- The schema

    [Fact]
    public async Task The_packaged_manifest_validates_against_the_teams_manifest_schema_and_the_official_one_where_it_is_at_hand()
    {
        var (entries, _) = await PackageAsync();
        var manifest = Path.Combine(_temp.FullName, "manifest.json");
        await File.WriteAllBytesAsync(manifest, entries["manifest.json"]);

        var schemas = new List<string> { NodeScripts.Folder("tests", "OpsBot.Tests", "schemas", "teams", "opsbot-teams-manifest.schema.json") };
        if (OfficialSchema() is { } official)
            schemas.Add(official);
        foreach (var schema in schemas)
        {
            var (valid, errors) = await ValidateAsync(schema, manifest);
            Assert.True(valid, $"{schema}: {string.Join("; ", errors)}");
        }
    }

    [Fact]
    public async Task The_schema_check_refuses_a_manifest_past_the_limits_so_a_pass_means_something()
    {
        var (entries, _) = await PackageAsync();
        var broken = JsonDocument.Parse(entries["manifest.json"]).RootElement.GetRawText()
            .Replace("\"team\",", "\"channel\",", StringComparison.Ordinal)
            .Replace("\"#1D3B5A\"", "\"1D3B5A\"", StringComparison.Ordinal)
            .Replace($"\"{SampleAppId}\"", "\"{{APP_ID}}\"", StringComparison.Ordinal);
        var manifest = Path.Combine(_temp.FullName, "broken.json");
        await File.WriteAllTextAsync(manifest, broken);

        var (valid, errors) = await ValidateAsync(NodeScripts.Folder("tests", "OpsBot.Tests", "schemas", "teams", "opsbot-teams-manifest.schema.json"), manifest);

        Assert.False(valid);
        Assert.Contains(errors, e => e.StartsWith("/bots/0/scopes/0 ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/accentColor ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/id ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/bots/0/botId ", StringComparison.Ordinal));
    }

    /// <summary>Microsoft's own schema file, when one is at hand: OPSBOT_TEAMS_MANIFEST_SCHEMA, else shared/reference/teams beside the repository.</summary>
    private static string? OfficialSchema()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("OPSBOT_TEAMS_MANIFEST_SCHEMA"),
            Path.Combine(NodeScripts.RepoRoot, "..", "shared", "reference", "teams", "MicrosoftTeams.schema.json"),
        };
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c));
    }

    private static async Task<(bool Valid, List<string> Errors)> ValidateAsync(string schema, string manifest)
    {
        // ajv comes from the Teams adapter's oracle folder (npm ci from its lock file, once per run).
        await NodeScripts.InstalledAsync(NodeScripts.Folder("tests", "OpsBot.Teams.Tests", "node"));
        var folder = NodeScripts.Folder("tests", "OpsBot.Tests", "schemas", "teams");
        var run = await NodeScripts.ExecAsync(folder, "node", ["validate.cjs", schema, manifest], Patience);
        Assert.True(run.ExitCode == 0, run.ToString());
        var result = JsonDocument.Parse(run.Stdout).RootElement;
        return (result.GetProperty("valid").GetBoolean(), result.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList());
    }

    // ---- Teams' limits and what the bot declares

    [Fact]
    public async Task The_command_lists_fit_the_limits_of_every_schema_version()
    {
        var (_, manifest) = await PackageAsync();
        var bot = Assert.Single(manifest.GetProperty("bots").EnumerateArray());
        var lists = bot.GetProperty("commandLists").EnumerateArray().ToList();

        Assert.InRange(lists.Count, 1, 3);
        foreach (var list in lists)
        {
            var commands = list.GetProperty("commands").EnumerateArray().ToList();
            Assert.InRange(commands.Count, 1, 10);
            var titles = commands.Select(c => c.GetProperty("title").GetString()!).ToList();
            Assert.Equal(titles.Count, titles.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            foreach (var command in commands)
            {
                Assert.InRange(command.GetProperty("title").GetString()!.Length, 1, 32);
                Assert.InRange(command.GetProperty("description").GetString()!.Length, 10, 128);
            }
        }
    }

    [Fact]
    public async Task The_bot_is_conversational_in_teams_group_chats_and_personal_chats_with_one_command_list_per_scope()
    {
        var (_, manifest) = await PackageAsync();
        var bot = Assert.Single(manifest.GetProperty("bots").EnumerateArray());

        Assert.Equal(SampleAppId, bot.GetProperty("botId").GetString());
        Assert.Equal(manifest.GetProperty("id").GetString(), bot.GetProperty("botId").GetString());
        Assert.Equal(["groupChat", "personal", "team"], Strings(bot.GetProperty("scopes")).Order(StringComparer.Ordinal));
        Assert.False(bot.GetProperty("supportsFiles").GetBoolean());
        Assert.False(bot.GetProperty("isNotificationOnly").GetBoolean());

        var listScopes = bot.GetProperty("commandLists").EnumerateArray().SelectMany(l => Strings(l.GetProperty("scopes"))).ToList();
        Assert.Equal(listScopes.Count, listScopes.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Strings(bot.GetProperty("scopes")).Order(StringComparer.Ordinal), listScopes.Order(StringComparer.Ordinal));
        Assert.Contains(bot.GetProperty("commandLists").EnumerateArray(), l => Strings(l.GetProperty("scopes")).SequenceEqual(["personal"]));
    }

    [Fact]
    public async Task The_app_describes_itself_within_teams_limits_and_trusts_the_bots_host_alone()
    {
        var (_, manifest) = await PackageAsync();

        Assert.Equal("1.30", manifest.GetProperty("manifestVersion").GetString());
        Assert.EndsWith("/teams/v1.30/MicrosoftTeams.schema.json", manifest.GetProperty("$schema").GetString(), StringComparison.Ordinal);
        Assert.Equal(SampleAppId, manifest.GetProperty("id").GetString());
        Assert.Equal("1.0.0", manifest.GetProperty("version").GetString());
        Assert.Equal([SampleHost], Strings(manifest.GetProperty("validDomains")));
        Assert.InRange(manifest.GetProperty("name").GetProperty("short").GetString()!.Length, 1, 30);
        Assert.InRange(manifest.GetProperty("description").GetProperty("short").GetString()!.Length, 1, 80);
        Assert.InRange(manifest.GetProperty("description").GetProperty("full").GetString()!.Length, 200, 4000);
        Assert.InRange(manifest.GetProperty("developer").GetProperty("name").GetString()!.Length, 1, 32);
        foreach (var url in new[] { "websiteUrl", "privacyUrl", "termsOfUseUrl" })
            Assert.Equal($"https://{SampleHost}/", manifest.GetProperty("developer").GetProperty(url).GetString());
        Assert.Matches("^#[0-9A-Fa-f]{6}$", manifest.GetProperty("accentColor").GetString()!);
        Assert.Equal("color.png", manifest.GetProperty("icons").GetProperty("color").GetString());
        Assert.Equal("outline.png", manifest.GetProperty("icons").GetProperty("outline").GetString());
    }

    [Fact]
    public void The_template_has_placeholders_only_where_the_command_fills_them()
    {
        var template = File.ReadAllText(Template("manifest.json"));

        var placeholders = System.Text.RegularExpressions.Regex.Matches(template, @"\{\{[A-Z_]+\}\}").Select(m => m.Value).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["{{APP_ID}}", "{{HOST}}", "{{VERSION}}"], placeholders);
        var manifest = JsonDocument.Parse(template).RootElement;
        Assert.Equal("{{APP_ID}}", manifest.GetProperty("id").GetString());
        Assert.Equal("{{APP_ID}}", manifest.GetProperty("bots")[0].GetProperty("botId").GetString());
        Assert.Equal(["{{HOST}}"], Strings(manifest.GetProperty("validDomains")));
    }

    // ---- The commands

    [Fact]
    public async Task Every_command_in_the_manifest_is_one_the_grammar_knows_and_every_grammar_command_is_listed()
    {
        var (_, manifest) = await PackageAsync();

        foreach (var list in manifest.GetProperty("bots")[0].GetProperty("commandLists").EnumerateArray())
        {
            var titles = list.GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("title").GetString()!).ToList();
            foreach (var title in titles)
                AssertKnown(title);
            // Each of the grammar's commands, typed without the slash, is in every list; and the bot's help.
            Assert.Subset(titles.ToHashSet(StringComparer.Ordinal), CommandGrammar.Commands.Select(c => c.TrimStart('/')).Append("help").ToHashSet(StringComparer.Ordinal));
        }
    }

    /// <summary>
    /// A title is what Teams puts in the compose box: a command's name, maybe with its verb. The name must be one of
    /// the grammar's commands (its arguments are typed after it, so a bare name may lack them); a verb must parse to
    /// its command. "help" alone stands for the grammar's help, which every command has.
    /// </summary>
    private static void AssertKnown(string title)
    {
        var words = title.Split(' ', 2);
        if (title == "help")
        {
            foreach (var command in CommandGrammar.Commands)
                Assert.IsType<HelpCommand>(CommandGrammar.Parse(command, "help").Command);
            return;
        }
        var (parsed, error) = CommandGrammar.Parse(words[0], words.ElementAtOrDefault(1) ?? "");
        Assert.Contains("/" + words[0], CommandGrammar.Commands);
        Assert.DoesNotContain("does not know the command", error ?? "", StringComparison.Ordinal);
        if (words.Length == 2)
        {
            Assert.True(parsed is not null, $"'{title}': {error}");
            // The second word is one of the command's verbs, not a function's name.
            Assert.IsNotType<StartCommand>(parsed);
        }
        switch (title)
        {
            case "deploy status":
                Assert.IsType<StatusCommand>(parsed);
                break;
            case "deploy history":
                Assert.IsType<HistoryCommand>(parsed);
                break;
        }
    }

    [Fact]
    public void A_title_the_grammar_does_not_know_fails_the_check()
    {
        Assert.ThrowsAny<Exception>(() => AssertKnown("deploys"));
        Assert.ThrowsAny<Exception>(() => AssertKnown("deploy statuses now"));
        Assert.ThrowsAny<Exception>(() => AssertKnown("status"));
    }

    // ---- The icons

    [Fact]
    public async Task The_color_icon_is_192_pixels_square_and_opaque_inside()
    {
        var (entries, _) = await PackageAsync();
        var png = Png.Read(entries["color.png"]);

        Assert.Equal((192, 192), (png.Width, png.Height));
        Assert.Equal(255, png.Pixel(96, 96).A);
        Assert.Equal(255, png.Pixel(20, 96).A);
        Assert.Equal(entries["color.png"], await File.ReadAllBytesAsync(Template("color.png")));
    }

    [Fact]
    public async Task The_outline_icon_is_32_pixels_square_white_on_fully_transparent()
    {
        var (entries, _) = await PackageAsync();
        var png = Png.Read(entries["outline.png"]);

        Assert.Equal((32, 32), (png.Width, png.Height));
        var opaque = 0;
        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 32; x++)
            {
                var p = png.Pixel(x, y);
                if (p.A == 0)
                    continue;
                Assert.True((p.R, p.G, p.B) == (255, 255, 255), $"pixel ({x}, {y}) is {p}: an outline icon is white on transparent");
                if (p.A == 255)
                    opaque++;
            }
        }
        Assert.InRange(opaque, 50, 32 * 32 / 2);
        foreach (var (x, y) in new[] { (0, 0), (31, 0), (0, 31), (31, 31) })
            Assert.Equal(0, png.Pixel(x, y).A);
        Assert.Equal(entries["outline.png"], await File.ReadAllBytesAsync(Template("outline.png")));
    }

    // ---- The package and the command

    [Fact]
    public async Task The_zip_holds_exactly_the_manifest_and_the_two_icons_at_its_root()
    {
        var (entries, _) = await PackageAsync();

        Assert.Equal(["color.png", "manifest.json", "outline.png"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("{{", System.Text.Encoding.UTF8.GetString(entries["manifest.json"]), StringComparison.Ordinal);
        Assert.False(entries["manifest.json"].AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]), "manifest.json starts with a byte order mark");
    }

    [Fact]
    public async Task The_command_writes_the_package_normalises_its_inputs_and_says_what_to_do_next()
    {
        var zip = Path.Combine(_temp.FullName, "out", "teams.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(zip)!);

        var run = await RunAsync(["teams-package", "--app-id", SampleAppId.ToUpperInvariant(), "--host", "OpsBot.Example.COM", "--version", "2.3.4", "--out", zip]);

        Assert.True(run.Code == 0, run.Error);
        Assert.Contains($"Wrote {zip}", run.Output, StringComparison.Ordinal);
        Assert.Contains("Upload an app", run.Output, StringComparison.Ordinal);
        Assert.Contains("Developer Portal", run.Output, StringComparison.Ordinal);
        Assert.Contains("https://opsbot.example.com/teams/messages", run.Output, StringComparison.Ordinal);
        using var archive = ZipFile.OpenRead(zip);
        using var stream = archive.GetEntry("manifest.json")!.Open();
        var manifest = (await JsonDocument.ParseAsync(stream)).RootElement;
        Assert.Equal(SampleAppId, manifest.GetProperty("id").GetString());
        Assert.Equal("2.3.4", manifest.GetProperty("version").GetString());
        Assert.Equal([SampleHost], Strings(manifest.GetProperty("validDomains")));
        Assert.Equal([Path.GetFileName(zip)], Directory.GetFiles(Path.GetDirectoryName(zip)!).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("--app-id", "not-a-guid", "is not a GUID")]
    [InlineData("--app-id", "00000000-0000-0000-0000-000000000000", "the empty GUID")]
    [InlineData("--app-id", "{0b7c6a5e-1d2f-4e3a-9b8c-7d6e5f4a3b2c}", "is not a GUID")]
    [InlineData("--host", "https://opsbot.example.com/teams/messages", "give the host name alone, e.g. --host opsbot.example.com")]
    [InlineData("--host", "opsbot.example.com/teams", "is a URL")]
    [InlineData("--host", "opsbot.example.com:8443", "has a port")]
    [InlineData("--host", "10.1.2.3", "is an IP address")]
    [InlineData("--host", "localhost", "is not a host name")]
    [InlineData("--host", "*.example.com", "has a wildcard")]
    [InlineData("--host", "opsbot-.example.com", "is not a host name")]
    [InlineData("--host", "ops bot.example.com", "is not a host name")]
    [InlineData("--host", "opsbot.example.com\n.evil", "is not a host name")]
    [InlineData("--version", "1.0", "is not a version of the form x.y.z")]
    [InlineData("--version", "1.0.0-beta", "is not a version of the form x.y.z")]
    [InlineData("--version", "01.0.0", "is not a version of the form x.y.z")]
    [InlineData("--out", "opsbot-teams.tar", "does not end with .zip")]
    [InlineData("--out", "missing/opsbot-teams.zip", "does not exist")]
    public async Task A_bad_input_is_refused_with_exit_code_1_and_nothing_is_written(string option, string value, string message)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--app-id"] = SampleAppId,
            ["--host"] = SampleHost,
            ["--version"] = "1.0.0",
            ["--out"] = "opsbot-teams.zip",
        };
        inputs[option] = value;
        // --out is taken relative to the temp folder, so that whatever was written would be found there.
        inputs["--out"] = Path.Combine(_temp.FullName, inputs["--out"]);

        var run = await RunAsync(["teams-package", .. inputs.SelectMany(i => new[] { i.Key, i.Value })]);

        Assert.Equal(1, run.Code);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was written.", run.Error, StringComparison.Ordinal);
        Assert.Empty(_temp.EnumerateFileSystemInfos());
    }

    [Theory]
    [InlineData(new[] { "teams-package", "--host", SampleHost }, "--app-id")]
    [InlineData(new[] { "teams-package", "--app-id", SampleAppId }, "--host")]
    [InlineData(new[] { "teams-package", "--app-id", SampleAppId, "--host", SampleHost, "extra" }, "'extra'")]
    public async Task A_missing_option_or_an_extra_word_is_refused_with_exit_code_1_and_nothing_is_written(string[] args, string named)
    {
        var run = await RunAsync([.. args, "--out", Path.Combine(_temp.FullName, "opsbot-teams.zip")]);

        Assert.Equal(1, run.Code);
        Assert.Contains(named, run.Error, StringComparison.Ordinal);
        Assert.Empty(_temp.EnumerateFileSystemInfos());
    }

    [Fact]
    public async Task A_template_with_an_icon_of_the_wrong_size_is_refused_and_nothing_is_written()
    {
        var template = Directory.CreateDirectory(Path.Combine(_temp.FullName, "template"));
        File.Copy(Template("manifest.json"), Path.Combine(template.FullName, "manifest.json"));
        File.Copy(Template("color.png"), Path.Combine(template.FullName, "color.png"));
        File.Copy(Template("color.png"), Path.Combine(template.FullName, "outline.png"));
        var zip = Path.Combine(_temp.FullName, "opsbot-teams.zip");

        var run = await RunAsync(["teams-package", "--app-id", SampleAppId, "--host", SampleHost, "--from", template.FullName, "--out", zip]);

        Assert.Equal(1, run.Code);
        Assert.Contains("outline.png is 192×192 pixels; Teams wants 32×32", run.Error, StringComparison.Ordinal);
        Assert.Equal(["template"], _temp.EnumerateFileSystemInfos().Select(f => f.Name));
    }

    [Fact]
    public async Task A_template_placeholder_the_command_does_not_fill_is_refused()
    {
        var template = Directory.CreateDirectory(Path.Combine(_temp.FullName, "template"));
        await File.WriteAllTextAsync(Path.Combine(template.FullName, "manifest.json"),
            (await File.ReadAllTextAsync(Template("manifest.json"))).Replace("\"OpsBot\",", "\"{{COMPANY}}\",", StringComparison.Ordinal));
        File.Copy(Template("color.png"), Path.Combine(template.FullName, "color.png"));
        File.Copy(Template("outline.png"), Path.Combine(template.FullName, "outline.png"));

        var run = await RunAsync(["teams-package", "--app-id", SampleAppId, "--host", SampleHost, "--from", template.FullName, "--out", Path.Combine(_temp.FullName, "x.zip")]);

        Assert.Equal(1, run.Code);
        Assert.Contains("{{COMPANY}}", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_temp.FullName, "x.zip")));
    }

    private static IEnumerable<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!);

    private sealed record Run(int Code, string Output, string Error);

    private static async Task<Run> RunAsync(string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await OpsBotCommandLine.Create().Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        return new Run(code, output.ToString(), error.ToString());
    }

    /// <summary>A PNG read as Teams reads it: the IHDR's size, and the pixels of an 8-bit RGBA or RGB image (every filter undone).</summary>
    private sealed class Png(int width, int height, byte[] pixels, int channels)
    {
        public int Width => width;

        public int Height => height;

        public readonly record struct Rgba(byte R, byte G, byte B, byte A);

        public Rgba Pixel(int x, int y)
        {
            var at = ((y * width) + x) * channels;
            return new Rgba(pixels[at], pixels[at + 1], pixels[at + 2], channels == 4 ? pixels[at + 3] : (byte)255);
        }

        public static Png Read(byte[] bytes)
        {
            Assert.True(bytes.AsSpan(0, 8).SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "not a PNG signature");
            int width = 0, height = 0, channels = 0;
            using var idat = new MemoryStream();
            for (var at = 8; at < bytes.Length;)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
                var type = System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4);
                var data = bytes.AsSpan(at + 8, length);
                if (type == "IHDR")
                {
                    Assert.Equal(8, at);
                    (width, height) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]));
                    Assert.Equal(8, data[8]); // bit depth
                    channels = data[9] switch { 6 => 4, 2 => 3, var other => throw new InvalidOperationException($"colour type {other}: the test reads RGB(A) only") };
                    Assert.Equal(0, data[12]); // not interlaced
                }
                else if (type == "IDAT")
                {
                    idat.Write(data);
                }
                at += 12 + length;
            }

            using var inflated = new MemoryStream();
            using (var zlib = new ZLibStream(new MemoryStream(idat.ToArray()), CompressionMode.Decompress))
                zlib.CopyTo(inflated);
            var raw = inflated.ToArray();
            var stride = width * channels;
            Assert.Equal(height * (stride + 1), raw.Length);
            var pixels = new byte[height * stride];
            for (var y = 0; y < height; y++)
            {
                var filter = raw[y * (stride + 1)];
                for (var i = 0; i < stride; i++)
                {
                    int a = i >= channels ? pixels[(y * stride) + i - channels] : 0;
                    int b = y > 0 ? pixels[((y - 1) * stride) + i] : 0;
                    int c = i >= channels && y > 0 ? pixels[((y - 1) * stride) + i - channels] : 0;
                    var value = raw[(y * (stride + 1)) + 1 + i];
                    pixels[(y * stride) + i] = (byte)(value + filter switch
                    {
                        0 => 0,
                        1 => a,
                        2 => b,
                        3 => (a + b) / 2,
                        4 => Paeth(a, b, c),
                        _ => throw new InvalidOperationException($"PNG filter {filter}"),
                    });
                }
            }
            return new Png(width, height, pixels, channels);
        }

        private static int Paeth(int a, int b, int c)
        {
            var p = a + b - c;
            var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
    }
}
