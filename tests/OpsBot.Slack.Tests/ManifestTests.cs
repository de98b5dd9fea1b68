using OpsBot.Core.Commands;
using OpsBot.Slack.Tests.Support;
using OpsBot.Testing;

namespace OpsBot.Slack.Tests;

/// <summary>
/// <c>manifest/slack-app.yaml</c> read with a small reader for the subset it uses (nested maps, lists of scalars and of
/// maps, quoted scalars), and checked against the endpoints and commands OpsBot serves.
/// </summary>
public sealed class ManifestTests
{
    private static readonly Dictionary<string, object?> Manifest = TinyYaml.Parse(File.ReadAllText(NodeScripts.Folder("manifest", "slack-app.yaml")));

    private static object? At(params object[] path)
    {
        object? node = Manifest;
        foreach (var step in path)
            node = step is int i ? ((List<object?>)node!)[i] : ((Dictionary<string, object?>)node!)[(string)step];
        return node;
    }

    [Fact]
    public void The_slash_commands_are_the_grammars_commands_pointing_at_the_commands_endpoint()
    {
        var commands = (List<object?>)At("features", "slash_commands")!;

        Assert.Equal(["/deploy", "/rollback", "/flags", "/health", "/logs", "/incident"], commands.Select(c => ((Dictionary<string, object?>)c!)["command"]));
        Assert.Equal(CommandGrammar.Commands, commands.Select(c => (string)((Dictionary<string, object?>)c!)["command"]!));
        foreach (Dictionary<string, object?> command in commands.Cast<Dictionary<string, object?>>())
        {
            Assert.Equal("https://opsbot.example.com/slack/commands", command["url"]);
            Assert.InRange(((string)command["description"]!).Length, 1, 2000);
            Assert.InRange(((string)command["usage_hint"]!).Length, 1, 1000);
        }
    }

    [Fact]
    public void Interactivity_and_events_point_at_their_endpoints_and_socket_mode_is_off()
    {
        Assert.Equal("true", At("settings", "interactivity", "is_enabled"));
        Assert.Equal("https://opsbot.example.com/slack/interactions", At("settings", "interactivity", "request_url"));
        Assert.Equal("https://opsbot.example.com/slack/events", At("settings", "event_subscriptions", "request_url"));
        Assert.Equal(["app_mention"], (List<object?>)At("settings", "event_subscriptions", "bot_events")!);
        Assert.Equal("false", At("settings", "socket_mode_enabled"));
    }

    [Fact]
    public void The_bot_asks_for_the_scopes_it_uses_and_no_more()
    {
        Assert.Equal(["commands", "chat:write", "chat:write.public", "files:write", "usergroups:read", "app_mentions:read"],
            (List<object?>)At("oauth_config", "scopes", "bot")!);
    }

    [Fact]
    public void The_display_information_fits_slacks_limits()
    {
        Assert.InRange(((string)At("display_information", "name")!).Length, 1, 35);
        Assert.InRange(((string)At("display_information", "description")!).Length, 1, 140);
        Assert.InRange(((string)At("display_information", "long_description")!).Length, 175, 4000);
        Assert.InRange(((string)At("features", "bot_user", "display_name")!).Length, 1, 80);
        Assert.Equal("1", At("_metadata", "major_version"));
    }

    [Fact]
    public void The_endpoints_mapped_by_MapSlack_are_the_ones_in_the_manifest()
    {
        var urls = new[] { At("settings", "interactivity", "request_url"), At("settings", "event_subscriptions", "request_url") }
            .Concat(((List<object?>)At("features", "slash_commands")!).Select(c => ((Dictionary<string, object?>)c!)["url"]))
            .Select(u => new Uri((string)u!).AbsolutePath)
            .ToHashSet();

        Assert.Equal(new HashSet<string> { "/slack/commands", "/slack/interactions", "/slack/events" }, urls);
    }
}
