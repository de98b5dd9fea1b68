using Microsoft.AspNetCore.Builder;

namespace OpsBot.Sandbox.Slack;

/// <summary>
/// The fake Slack Web API on a real loopback endpoint, <c>http://127.0.0.1:&lt;port&gt;</c> (port 0: any free port),
/// for tests that need one: point a Slack client's API base at <see cref="ApiUrl"/>.
/// </summary>
public sealed class FakeSlackServer : IAsyncDisposable
{
    private readonly int _port;
    private WebApplication? _app;

    /// <summary>A server over <paramref name="workspace"/> (a new one when null); start it with <see cref="StartAsync"/>.</summary>
    /// <param name="workspace">The workspace to serve.</param>
    /// <param name="options">The token and identity to accept (defaults when null).</param>
    /// <param name="port">The port on 127.0.0.1; 0 for any free one.</param>
    public FakeSlackServer(FakeSlackWorkspace? workspace = null, FakeSlackOptions? options = null, int port = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        Workspace = workspace ?? new FakeSlackWorkspace();
        Options = options ?? new FakeSlackOptions();
        _port = port;
    }

    /// <summary>The workspace served.</summary>
    public FakeSlackWorkspace Workspace { get; }

    /// <summary>The token and identity accepted.</summary>
    public FakeSlackOptions Options { get; }

    /// <summary>The server's address, <c>http://127.0.0.1:&lt;port&gt;/</c>, once started.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The Web API's base, <c>{BaseUrl}api/</c>: what Slack's SDKs call <c>slackApiUrl</c>.</summary>
    public Uri ApiUrl => new(BaseUrl, "api/");

    /// <summary>Starts listening.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
            throw new InvalidOperationException("The fake Slack server is already started.");
        var app = LoopbackApp.CreateBuilder(_port).Build();
        app.MapFakeSlackApi(Workspace, Options);
        await app.StartAsync(cancellationToken);
        _app = app;
        BaseUrl = app.BaseUrl();
    }

    /// <summary>A response URL for a command or click in <paramref name="channel"/> by <paramref name="user"/> (see
    /// <see cref="FakeSlackWorkspace.MintResponseToken"/>): <c>{BaseUrl}response/{token}</c>.</summary>
    /// <param name="channel">The channel acted in.</param>
    /// <param name="user">The person who acted.</param>
    /// <param name="originalTs">The message whose button was clicked, or null for a slash command.</param>
    public Uri MintResponseUrl(string channel, string user, string? originalTs = null)
    {
        var baseUrl = Options.PublicBaseUrl ?? BaseUrl ?? throw new InvalidOperationException("Start the server first.");
        return new Uri(baseUrl, $"response/{Workspace.MintResponseToken(channel, user, originalTs)}");
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync() => _app = await LoopbackApp.StopAsync(_app);
}
