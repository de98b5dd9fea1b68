using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OpsBot.Sandbox.Slack;

/// <summary>
/// The fake of Slack's Web API, on the wire as Slack documents it: <c>POST /api/{method}</c> (GET with a query string
/// too) with <c>Authorization: Bearer &lt;token&gt;</c> and form or JSON arguments; errors as HTTP 200
/// <c>{"ok":false,"error":"..."}</c>; HTTP 429 with <c>Retry-After</c> on demand. Beside it: the upload URLs of the
/// files v2 flow (<c>POST /upload/{fileId}</c>), response URLs (<c>POST /response/{token}</c>), and the sandbox's
/// read-only views (<c>GET /sandbox/messages</c>, <c>GET /sandbox/files/{id}</c>).
/// </summary>
public static partial class FakeSlackApi
{
    private static readonly Dictionary<string, Method> Methods = new(StringComparer.Ordinal)
    {
        ["auth.test"] = new(null, AuthTest),
        ["chat.postMessage"] = new("chat:write", ChatPostMessage),
        ["chat.update"] = new("chat:write", ChatUpdate),
        ["chat.postEphemeral"] = new("chat:write", ChatPostEphemeral),
        ["files.getUploadURLExternal"] = new("files:write", FilesGetUploadUrlExternal),
        ["files.completeUploadExternal"] = new("files:write", FilesCompleteUploadExternal),
        ["usergroups.users.list"] = new("usergroups:read", UsergroupsUsersList),
    };

    /// <summary>Serves the fake Slack Web API, upload URLs, response URLs and the sandbox views over <paramref name="workspace"/>.</summary>
    /// <param name="app">Where to map the endpoints (their paths start at the root: <c>/api/...</c>).</param>
    /// <param name="workspace">The workspace the calls read and change.</param>
    /// <param name="options">The bot token and identity the fake accepts.</param>
    /// <returns><paramref name="app"/>.</returns>
    public static IEndpointRouteBuilder MapFakeSlackApi(this IEndpointRouteBuilder app, FakeSlackWorkspace workspace, FakeSlackOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(options);
        app.MapMethods("/api/{method}", [HttpMethods.Get, HttpMethods.Post], (HttpContext http, string method) => WebApiAsync(http, method, workspace, options));
        app.MapPost("/upload/{fileId}", (HttpContext http, string fileId) => UploadAsync(http, fileId, workspace));
        app.MapPost("/response/{token}", (HttpContext http, string token) => ResponseUrlAsync(http, token, workspace, options));
        app.MapGet("/sandbox/messages", (HttpContext http) => SandboxMessagesAsync(http, workspace));
        app.MapGet("/sandbox/files/{id}", (HttpContext http, string id) => SandboxFileAsync(http, id, workspace));
        return app;
    }

    /// <summary>One Web API call: read the arguments, authenticate, check the scope, apply a pending rate limit, run
    /// the method, log the call, answer.</summary>
    private static async Task WebApiAsync(HttpContext http, string name, FakeSlackWorkspace workspace, FakeSlackOptions options)
    {
        var (args, readError) = await SlackArguments.ReadAsync(http.Request, http.RequestAborted);
        var log = args?.ToLog() ?? [];
        SlackAnswer answer;
        if (!Methods.TryGetValue(name, out var method))
            answer = SlackAnswer.Fail("unknown_method", StatusCodes.Status404NotFound, new JsonObject { ["req_method"] = name });
        else if (readError is not null)
            answer = SlackAnswer.Fail(readError);
        else if (Authenticate(http.Request, args!, options) is { } authError)
            answer = SlackAnswer.Fail(authError);
        else if (method.Scope is not null && !options.Scopes.Contains(method.Scope))
            answer = SlackAnswer.Fail("missing_scope", extra: new JsonObject
            {
                ["needed"] = method.Scope,
                ["provided"] = string.Join(',', options.Scopes.Order(StringComparer.Ordinal)),
            });
        else if (workspace.TakeRateLimit(name) is { } retryAfter)
            answer = SlackAnswer.RateLimited(retryAfter);
        else
            answer = method.Handler(new Call(workspace, options, args!, BaseUrl(http.Request, options)));

        if (args is not null && answer.Status == StatusCodes.Status200OK)
            answer.WithWarnings(args.Warnings);
        workspace.Log(name, log, answer.Status, answer.Error);
        http.Response.Headers["X-OAuth-Scopes"] = string.Join(',', options.Scopes.Order(StringComparer.Ordinal));
        if (method?.Scope is not null)
            http.Response.Headers["X-Accepted-OAuth-Scopes"] = method.Scope;
        await answer.WriteAsync(http.Response);
    }

    /// <summary>The token comes from <c>Authorization: Bearer</c>, or from a form field or the query string; never
    /// from a JSON body (Slack requires the header with JSON). None is <c>not_authed</c>; another token is
    /// <c>invalid_auth</c>.</summary>
    private static string? Authenticate(HttpRequest request, SlackArguments args, FakeSlackOptions options)
    {
        string? token = null;
        var header = request.Headers.Authorization.ToString();
        if (header.Length > 0)
            token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
        token ??= args.FormToken;
        if (string.IsNullOrEmpty(token))
            return "not_authed";
        return token == options.BotToken ? null : "invalid_auth";
    }

    /// <summary>The public base address for minted URLs: the configured one, else the request's own.</summary>
    private static Uri BaseUrl(HttpRequest request, FakeSlackOptions options)
    {
        var configured = options.PublicBaseUrl?.ToString() ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
        return new Uri(configured.EndsWith('/') ? configured : configured + "/");
    }

    /// <summary>What a method handler gets: the workspace, the options, the arguments, the public base address.</summary>
    private sealed record Call(FakeSlackWorkspace Workspace, FakeSlackOptions Options, SlackArguments Args, Uri BaseUrl);

    private sealed record Method(string? Scope, Func<Call, SlackAnswer> Handler);
}
