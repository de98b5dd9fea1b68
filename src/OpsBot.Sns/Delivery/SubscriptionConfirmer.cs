using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Sns.Verification;

namespace OpsBot.Sns.Delivery;

/// <summary>
/// Confirms a subscription by GETting its <c>SubscribeURL</c> (only ever one that <see cref="SnsUrlPolicy"/> allowed, of a
/// verified message), without following redirects. Anything but a 2xx throws, so the delivery is answered 5xx and SNS
/// sends the confirmation again.
/// </summary>
internal sealed class SubscriptionConfirmer(IHttpClientFactory http, IOptions<SnsOptions> options, TimeProvider time, ILogger<SubscriptionConfirmer> logger)
{
    public async Task<string> ConfirmAsync(Uri subscribeUrl, string topicArn, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Value.FetchTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        using var client = http.CreateClient(SigningCertificateCache.HttpClientName);
        using var response = await client.GetAsync(subscribeUrl, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{subscribeUrl.Host} answered {(int)response.StatusCode} to the subscription confirmation", null, response.StatusCode);
        logger.LogInformation("Confirmed the subscription to {Topic}", topicArn);
        return "confirmed";
    }
}
