using System.Globalization;
using System.Net;
using System.Text;

namespace OpsBot.Sandbox.ChatConsole;

/// <summary>What became of a request sent to the bot: its HTTP answer, or Slack's name for why there was none
/// (<c>operation_timeout</c> past the acknowledgement deadline, <c>dispatch_failed</c> when it could not be reached).</summary>
internal sealed record BotAnswer(int? Status, string? ContentType, string Body, string? Error, string? Detail)
{
    public bool Acknowledged => Status == (int)HttpStatusCode.OK;
}

/// <summary>
/// Sends signed form posts to the bot, as Slack's dispatcher does: one HTTP client for the console's lifetime, no
/// redirects followed, and the acknowledgement deadline applied to the whole exchange.
/// </summary>
internal sealed class BotDispatcher(SandboxConsoleOptions options, Func<TimeProvider> time) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = Timeout.InfiniteTimeSpan, // the deadline is the acknowledgement timeout, applied per request
    };

    /// <summary>POSTs <paramref name="formBody"/> (already url-encoded, or JSON for the Events API) to <c>{bot}/{path}</c>, signed.</summary>
    public async Task<BotAnswer> PostAsync(string path, string formBody, CancellationToken cancellationToken, string contentType = "application/x-www-form-urlencoded")
    {
        var body = Encoding.UTF8.GetBytes(formBody);
        var timestamp = time().GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUrl(), path)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new(contentType);
        request.Headers.TryAddWithoutValidation(SlackSigner.TimestampHeader, timestamp);
        request.Headers.TryAddWithoutValidation(SlackSigner.SignatureHeader, SlackSigner.Sign(options.SigningSecret, timestamp, body));
        request.Headers.UserAgent.ParseAdd("Slackbot 1.0 (+https://api.slack.com/robots)");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.AcknowledgementTimeout);
        try
        {
            using var response = await _http.SendAsync(request, deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            return new BotAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), text, null, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new BotAnswer(null, null, "", "operation_timeout",
                $"The bot did not answer within {options.AcknowledgementTimeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException e)
        {
            return new BotAnswer(null, null, "", "dispatch_failed", $"{new Uri(BaseUrl(), path)}: {e.Message}");
        }
    }

    public void Dispose() => _http.Dispose();

    private Uri BaseUrl()
    {
        var text = options.BotBaseUrl.ToString();
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }
}
