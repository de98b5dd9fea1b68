using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Teams;

/// <summary>What became of an activity sent to the bot: its HTTP answer, or why there was none (<c>timeout</c>, <c>unreachable</c>).</summary>
public sealed record TeamsBotAnswer(int? Status, string? ContentType, string Body, string? Error, string? Detail);

/// <summary>An activity the sandbox sent the bot, and its answer.</summary>
public sealed record TeamsSentActivity(JsonObject Activity, TeamsBotAnswer Answer, DateTimeOffset At);

/// <summary>
/// Sends activities to the bot's <c>POST {bot}/teams/messages</c> as the Bot Connector does: JSON with a Bearer token
/// the sandbox's issuer signed for this <c>serviceUrl</c>, the answer awaited up to the answer timeout. Keeps the
/// last 200 sent, for <c>GET /sandbox/teams/sent</c> and tests.
/// </summary>
public sealed class TeamsBotSender(TeamsSandboxOptions options, TeamsTokenIssuer issuer) : IDisposable
{
    private const int Kept = 200;
    private readonly ConcurrentQueue<TeamsSentActivity> _sent = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The activities sent, oldest first.</summary>
    public IReadOnlyList<TeamsSentActivity> Sent => [.. _sent];

    /// <summary>Sends <paramref name="activity"/>, signed, and answers what the bot answered; recorded in <see cref="Sent"/>.</summary>
    public async Task<TeamsBotAnswer> SendAsync(JsonObject activity, CancellationToken cancellationToken)
    {
        var url = new Uri(TeamsSandboxOptions.Base(options.BotBaseUrl), "teams/messages");
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issuer.SignActivityToken(options.Issuer, options.AppId, options.ServiceUrl));
        request.Headers.UserAgent.ParseAdd("Microsoft-SkypeBotApi (Microsoft-BotFramework-OpsBotSandbox)");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.AnswerTimeout);
        TeamsBotAnswer answer;
        try
        {
            using var response = await _http.SendAsync(request, deadline.Token);
            answer = new((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync(deadline.Token), null, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            answer = new(null, null, "", "timeout", $"The bot did not answer within {options.AnswerTimeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException e)
        {
            answer = new(null, null, "", "unreachable", $"{url}: {e.Message}");
        }
        _sent.Enqueue(new TeamsSentActivity(activity, answer, DateTimeOffset.UtcNow));
        while (_sent.Count > Kept && _sent.TryDequeue(out _))
        {
        }
        return answer;
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();
}
