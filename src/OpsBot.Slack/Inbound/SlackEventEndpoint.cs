using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using OpsBot.Slack.Work;

namespace OpsBot.Slack.Inbound;

/// <summary>
/// <c>POST /slack/events</c>: answers the URL verification challenge, and acknowledges every <c>event_callback</c> at
/// once. Slack retries an event it thinks was not received (<c>X-Slack-Retry-Num</c>); each is worked on once per
/// <c>event_id</c>, so a retry is acknowledged and changes nothing.
/// </summary>
internal static class SlackEventEndpoint
{
    public const string RetryNumHeader = "X-Slack-Retry-Num";
    public const string RetryReasonHeader = "X-Slack-Retry-Reason";

    public static Results<Ok, ContentHttpResult> Handle(HttpContext context, [FromServices] SlackWorkQueue queue, [FromServices] ILoggerFactory loggers)
    {
        using var payload = SlackJson.Parse(SlackInbound.Body(context));
        if (payload is null || payload.RootElement.ValueKind != JsonValueKind.Object)
            return SlackAnswers.BadRequest("The body is not a JSON object.");
        var root = payload.RootElement;
        var logger = loggers.CreateLogger(typeof(SlackEventEndpoint));

        switch (root.String("type"))
        {
            case "url_verification":
                return root.String("challenge") is { Length: > 0 and <= 1000 } challenge
                    ? TypedResults.Text(new JsonObject { ["challenge"] = challenge }.ToJsonString(), "application/json; charset=utf-8")
                    : SlackAnswers.BadRequest("challenge is missing.");
            case "event_callback":
                break;
            default:
                return SlackAnswers.Ack(); // app_rate_limited and future types: nothing to do
        }

        var eventId = root.String("event_id");
        if (!SlackIds.IsToken(eventId))
            return SlackAnswers.BadRequest("event_id is missing or malformed.");
        if (context.Request.Headers[RetryNumHeader] is { Count: > 0 } retry)
            logger.LogInformation("Slack retry {Retry} ({Reason}) of event {Event}", retry.ToString(), context.Request.Headers[RetryReasonHeader].ToString(), eventId);

        var ev = root.Member("event");
        if (ev.String("type") != "app_mention")
            return SlackAnswers.Ack();
        var channel = ev.String("channel");
        var ts = ev.String("ts");
        var threadTs = ev.String("thread_ts");
        var user = ev.String("user");
        if (!SlackIds.IsId(channel) || !SlackIds.IsTs(ts))
            return SlackAnswers.BadRequest("event.channel or event.ts is missing or malformed.");
        var mention = new AppMention(eventId!, channel!, ts!, SlackIds.IsTs(threadTs) ? threadTs : null, SlackIds.IsId(user) ? user : null);
        queue.Enqueue(new MentionWork(mention)); // a mention refused is only logged
        return SlackAnswers.Ack();
    }
}
