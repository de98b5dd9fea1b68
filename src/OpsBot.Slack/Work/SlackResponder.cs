using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using OpsBot.Slack.WebApi;

namespace OpsBot.Slack.Work;

/// <summary>
/// Answers one person privately: through the request's <c>response_url</c> when it is on an allowed host and still
/// answers (ephemeral; replacing the message acted on only when asked, which must be an answer to that person, never
/// a card), else with chat.postEphemeral in the channel.
/// </summary>
internal sealed class SlackResponder(SlackWebApiClient slack, ILogger<SlackResponder> logger)
{
    public async Task ReplyAsync(string? responseUrl, string channelId, string userId, string text, CancellationToken cancellationToken,
        JsonArray? blocks = null, bool replaceOriginal = false)
    {
        try
        {
            if (await slack.RespondAsync(responseUrl, text, cancellationToken, blocks, replaceOriginal))
                return;
        }
        catch (SlackApiException e)
        {
            // Expired (30 minutes, 5 uses) or refused: the channel still reaches the person.
            logger.LogWarning("response_url failed ({Error}); answering with chat.postEphemeral", e.Error);
        }
        await slack.PostEphemeralAsync(channelId, userId, text, null, cancellationToken, blocks);
    }
}
