using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpsBot.Sandbox.Slack;

namespace OpsBot.Sandbox.ChatConsole;

/// <summary>
/// The sandbox's chat console: a page where a person with no Slack workspace types slash commands as a chosen user,
/// sees the bot's cards update live and clicks their buttons, while the bot's real Slack adapter receives exactly what
/// Slack would send (signed slash command forms and <c>block_actions</c> payloads) and answers through the fake Slack
/// Web API (<see cref="FakeSlackApi"/>), which must be mapped on the same application.
/// <list type="bullet">
/// <item><c>GET /</c>: the page (HTML, CSS and JavaScript embedded in this assembly; nothing from a CDN).</item>
/// <item><c>GET /sandbox/console/config</c>: the users, channels and commands the page offers.</item>
/// <item><c>POST /sandbox/console/command</c> <c>{user, channel, command, text}</c>: forwards a slash command.</item>
/// <item><c>POST /sandbox/console/mention</c> <c>{user, channel, text}</c>: posts a message that mentions the bot and sends it the <c>app_mention</c> event.</item>
/// <item><c>POST /sandbox/console/click</c> <c>{user, channel, messageTs, actionId, value}</c>: forwards a button click.</item>
/// </list>
/// The page reads the history from the fake's <c>GET /sandbox/messages</c>, shows uploaded files from
/// <c>GET /sandbox/files/{id}</c>, calls the sandbox's <c>POST/DELETE /sandbox/faults</c>, and polls its
/// <c>GET /sandbox/flags</c> for the Flags panel.
/// </summary>
public static class SandboxConsole
{
    /// <summary>Serves the chat console over <paramref name="workspace"/>. The configured users and channels that the
    /// workspace lacks are added to it.</summary>
    /// <param name="app">Where to map the endpoints (the same application as <see cref="FakeSlackApi.MapFakeSlackApi"/>).</param>
    /// <param name="workspace">The fake Slack workspace the page shows and the bot writes to.</param>
    /// <param name="options">Where the bot is, the signing secret, the users and channels.</param>
    /// <returns><paramref name="app"/>.</returns>
    public static IEndpointRouteBuilder MapSandboxConsole(this IEndpointRouteBuilder app, FakeSlackWorkspace workspace, SandboxConsoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.SigningSecret);
        ArgumentNullException.ThrowIfNull(options.BotBaseUrl);

        foreach (var user in options.Users.Where(u => !workspace.UserExists(u.Id)))
            workspace.AddUser(user.Id, user.Name);
        foreach (var channel in options.Channels.Where(c => workspace.ResolveChannel(c.Id) is null))
            workspace.AddChannel(channel.Id, channel.Name);

        // Read per request, like every other option, so that a test or a host may change it after mapping.
        TimeProvider Time() => options.Time ?? workspace.Time;
        var dispatcher = new BotDispatcher(options, Time);
        app.ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopped.Register(dispatcher.Dispose);

        // Handlers that take only an HttpContext would bind as a RequestDelegate and drop their IResult: cast to Delegate.
        app.MapGet("/", (Delegate)((HttpContext http) => ConsoleAssets.ServeAsync(http, "index.html")));
        app.MapGet("/sandbox/console/assets/{name}", (HttpContext http, string name) => ConsoleAssets.ServeAsync(http, name));
        app.MapGet("/sandbox/console/config", () => ConsoleInput.Json(Config(options)));
        app.MapPost("/sandbox/console/command", (Delegate)((HttpContext http) => ConsoleCommandEndpoint.HandleAsync(http, workspace, options, dispatcher, Time())));
        app.MapPost("/sandbox/console/mention", (Delegate)((HttpContext http) => ConsoleMentionEndpoint.HandleAsync(http, workspace, options, dispatcher, Time())));
        app.MapPost("/sandbox/console/click", (Delegate)((HttpContext http) => ConsoleClickEndpoint.HandleAsync(http, workspace, options, dispatcher, Time())));
        return app;
    }

    private static JsonObject Config(SandboxConsoleOptions options) => new()
    {
        ["team"] = new JsonObject { ["id"] = options.TeamId, ["domain"] = options.TeamDomain },
        ["bot"] = new JsonObject { ["id"] = options.BotUserId, ["name"] = options.BotName },
        ["users"] = new JsonArray([.. options.Users.Select(u => (JsonNode)new JsonObject { ["id"] = u.Id, ["name"] = u.Name, ["role"] = u.Role })]),
        ["channels"] = new JsonArray([.. options.Channels.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["name"] = c.Name, ["environment"] = c.Environment })]),
        ["commands"] = new JsonArray([.. options.Commands.Select(c => (JsonNode)c)]),
        ["teams"] = options.Teams is null ? null : Teams.TeamsConsoleEndpoints.Config(options.Teams),
    };
}
