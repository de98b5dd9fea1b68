using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpsBot.Sandbox;
using OpsBot.Sandbox.Teams;

namespace OpsBot.Bench;

/// <summary>
/// The sandbox's Teams stand-in (<see cref="SandboxTeams.MapSandboxTeams"/>: the token service with its OpenID metadata
/// and JWKS, the client-credentials token endpoint, the Bot Connector and its history) on its own loopback app, with
/// every call the bot makes to it counted by kind, and each card update kept with the moment it was stored.
/// </summary>
internal sealed class LoopbackTeams : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackTeams(WebApplication app, TeamsSandbox teams, ConnectorCalls calls)
    {
        _app = app;
        Teams = teams;
        Calls = calls;
    }

    /// <summary>The stand-in's state: its options (app id, tenant, people, channels), its issuer and the connector's posts.</summary>
    public TeamsSandbox Teams { get; }

    /// <summary>The calls the bot made to the stand-in.</summary>
    public ConnectorCalls Calls { get; }

    /// <summary>Starts the stand-in on a free port of 127.0.0.1; <paramref name="options"/>' PublicBaseUrl is set to it.</summary>
    public static async Task<LoopbackTeams> StartAsync(TeamsSandboxOptions options)
    {
        var teams = new TeamsSandbox(options);
        var calls = new ConnectorCalls();
        var app = LoopbackApp.CreateBuilder().Build();
        app.Use(async (context, next) =>
        {
            await next(context);
            var at = Stopwatch.GetTimestamp();
            calls.Count(context.Request.Method, context.Request.Path.Value ?? "", context.Response.StatusCode);
            // An update in place, as stored (the connector replaces a post's activity, never changes it).
            if (HttpMethods.IsPut(context.Request.Method) && context.Response.StatusCode == StatusCodes.Status200OK &&
                context.Request.RouteValues["conversationId"] is string conversation && context.Request.RouteValues["activityId"] is string activityId &&
                teams.Conversations.Find(TeamsConversationId.Parse(conversation).Channel, activityId) is { } post)
                calls.Updated(new CardUpdate(activityId, at, post.Activity));
        });
        app.MapSandboxTeams(teams);
        await app.StartAsync();
        options.PublicBaseUrl = app.BaseUrl();
        return new LoopbackTeams(app, teams, calls);
    }

    public async ValueTask DisposeAsync()
    {
        await LoopbackApp.StopAsync(_app);
        Teams.Dispose();
    }
}

/// <summary>What the bot asked of the Teams stand-in, by kind; thread-safe.</summary>
internal sealed class ConnectorCalls
{
    private const string Conversations = "/teams-connector/v3/conversations";
    private long _posts;
    private long _updates;
    private long _replies;
    private long _members;
    private long _tokens;
    private long _keys;
    private long _failed;
    private long _last = Stopwatch.GetTimestamp();
    private readonly ConcurrentQueue<CardUpdate> _updated = new();

    /// <summary>The counts so far.</summary>
    public ConnectorCount Now => new(Interlocked.Read(ref _posts), Interlocked.Read(ref _updates), Interlocked.Read(ref _replies),
        Interlocked.Read(ref _members), Interlocked.Read(ref _tokens), Interlocked.Read(ref _keys), Interlocked.Read(ref _failed));

    /// <summary>How long since the bot last called the stand-in.</summary>
    public TimeSpan SinceLast => Stopwatch.GetElapsedTime(Interlocked.Read(ref _last));

    public void Updated(CardUpdate update) => _updated.Enqueue(update);

    /// <summary>The card updates stored since the last call, oldest first.</summary>
    public List<CardUpdate> TakeUpdates()
    {
        var taken = new List<CardUpdate>();
        while (_updated.TryDequeue(out var update))
            taken.Add(update);
        return taken;
    }

    public void Count(string method, string path, int status)
    {
        Interlocked.Exchange(ref _last, Stopwatch.GetTimestamp());
        if (path.StartsWith(Conversations, StringComparison.Ordinal))
        {
            if (status >= 400)
                Interlocked.Increment(ref _failed);
            var rest = path[Conversations.Length..];
            if (HttpMethods.IsPut(method))
                Interlocked.Increment(ref _updates);
            else if (HttpMethods.IsPost(method) && rest.Length <= 1)
                Interlocked.Increment(ref _posts); // a new channel post: a card
            else if (HttpMethods.IsPost(method))
                Interlocked.Increment(ref _replies); // into a thread: timeline lines, charts
            else if (HttpMethods.IsGet(method) && rest.EndsWith("/members", StringComparison.Ordinal))
                Interlocked.Increment(ref _members);
        }
        else if (path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _tokens);
        }
        else if (path.StartsWith("/teams-login/v1/", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _keys);
        }
    }
}

/// <summary>Counts of <see cref="ConnectorCalls"/>: new channel posts, PUT updates, thread replies, member reads, token requests, metadata/JWKS reads, connector calls answered 4xx/5xx.</summary>
internal readonly record struct ConnectorCount(long Posts, long Updates, long Replies, long Members, long Tokens, long Keys, long Failed)
{
    public static ConnectorCount operator -(ConnectorCount a, ConnectorCount b) =>
        new(a.Posts - b.Posts, a.Updates - b.Updates, a.Replies - b.Replies, a.Members - b.Members, a.Tokens - b.Tokens, a.Keys - b.Keys, a.Failed - b.Failed);
}

/// <summary>A post updated in place: its activity id, when the update was stored (a <see cref="Stopwatch"/> timestamp), the activity as stored.</summary>
internal sealed record CardUpdate(string ActivityId, long At, JsonObject Activity);
