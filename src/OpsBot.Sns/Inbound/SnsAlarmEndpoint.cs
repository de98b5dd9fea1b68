using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpsBot.Core.Alarms;
using OpsBot.Sns.Alarms;
using OpsBot.Sns.Delivery;
using OpsBot.Sns.Verification;

namespace OpsBot.Sns.Inbound;

/// <summary>
/// <c>POST /sns/alarms</c>, an SNS HTTP(S) subscription: reads the envelope, takes it only from a topic an environment
/// lists, verifies it, then confirms a subscription, logs an unsubscription, or hands a CloudWatch alarm to Core's
/// <see cref="IAlarmIntake"/> once per MessageId, answering 200 only after the intake committed. SNS drops a message
/// answered 4xx and retries one answered 5xx, so 4xx is kept for what no retry can fix and 5xx for what one can (see
/// docs/sns.md for each answer).
/// </summary>
internal sealed class SnsAlarmEndpoint(
    SnsMessageVerifier verifier,
    SnsUrlPolicy urls,
    SnsMessageOnce once,
    SubscriptionConfirmer confirmer,
    IHostApplicationLifetime lifetime,
    ILogger<SnsAlarmEndpoint> logger)
{
    public const string MessageTypeHeader = "x-amz-sns-message-type";
    public const string RawDeliveryHeader = "x-amz-sns-rawdelivery";

    public static Task<IResult> Handle(HttpContext context, [FromServices] SnsAlarmEndpoint endpoint, [FromServices] IAlarmIntake intake) =>
        endpoint.HandleAsync(context, intake);

    public async Task<IResult> HandleAsync(HttpContext context, IAlarmIntake intake)
    {
        var request = context.Request;
        if (string.Equals(request.Headers[RawDeliveryHeader], "true", StringComparison.OrdinalIgnoreCase))
            return Refuse(context, StatusCodes.Status400BadRequest, "raw message delivery is on; turn it off: a raw message carries no signature");
        var body = await SnsBody.ReadAsync(request.Body, request.ContentLength, context.RequestAborted);
        if (body is null)
            return Refuse(context, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {SnsBody.MaxBytes} bytes");
        if (SnsEnvelopeParser.Parse(body, out var malformed) is not { } message)
            return Refuse(context, StatusCodes.Status400BadRequest, malformed!);
        if (request.Headers[MessageTypeHeader] is { Count: > 0 } header && header.ToString() != message.Type.ToString())
            return Refuse(context, StatusCodes.Status400BadRequest, $"{MessageTypeHeader} '{SnsText.Shorten(header.ToString(), 40)}' is not the body's Type {message.Type}");
        if (intake.EnvironmentOf(message.TopicArn) is not { } environment)
            return Refuse(context, StatusCodes.Status403Forbidden, $"topic {SnsText.Shorten(message.TopicArn)} is not in any environment's AlarmTopicArns");

        var verdict = await verifier.VerifyAsync(message, context.RequestAborted);
        if (verdict.Kind == SnsVerdictKind.Unavailable)
            return Refuse(context, StatusCodes.Status503ServiceUnavailable, verdict.Reason!);
        if (verdict.Kind == SnsVerdictKind.Refused)
            return Refuse(context, StatusCodes.Status401Unauthorized, verdict.Reason!);

        switch (message.Type)
        {
            case SnsMessageType.UnsubscribeConfirmation:
                logger.LogWarning("OpsBot was unsubscribed from {Topic} ({Environment}); its alarms no longer arrive here. Nothing done.",
                    message.TopicArn, environment);
                return Results.Text("unsubscription noted");
            case SnsMessageType.SubscriptionConfirmation:
                var subscribeUrl = urls.Subscribe(message.SubscribeUrl!, out _)!;
                return Answer(context, message, await once.RunAsync(message.MessageId,
                    token => confirmer.ConfirmAsync(subscribeUrl, message.TopicArn, token), lifetime.ApplicationStopping, context.RequestAborted));
        }

        if (CloudWatchAlarmMessage.Parse(message, out var notAnAlarm) is not { } alarm)
        {
            logger.LogInformation("Ignored SNS message {MessageId} on {Topic}: {Why}", message.MessageId, message.TopicArn, notAnAlarm);
            return Results.Text("ignored: not a CloudWatch alarm");
        }
        return Answer(context, message, await once.RunAsync(message.MessageId,
            async token => (await intake.ReceiveAsync(alarm, token)).ToString(), lifetime.ApplicationStopping, context.RequestAborted));
    }

    private IResult Answer(HttpContext context, SnsEnvelope message, OnceResult result)
    {
        switch (result.Outcome)
        {
            case OnceOutcome.Done:
                logger.LogInformation("SNS {Type} {MessageId} on {Topic}: {Done}", message.Type, message.MessageId, message.TopicArn, result.Detail);
                return Results.Text(result.Detail);
            case OnceOutcome.Duplicate:
                logger.LogInformation("SNS {Type} {MessageId} on {Topic} was handled before ({Done}); ignored", message.Type, message.MessageId, message.TopicArn, result.Detail);
                return Results.Text("duplicate");
            case OnceOutcome.InProgress:
                return Refuse(context, StatusCodes.Status503ServiceUnavailable, result.Detail);
            default:
                return Results.Text("the message could not be handled; retry", statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    private IResult Refuse(HttpContext context, int status, string why)
    {
        logger.LogWarning("Refused POST {Path} from {Remote} with {Status}: {Why}", context.Request.Path.Value, context.Connection.RemoteIpAddress, status, why);
        return Results.Text(why, statusCode: status);
    }
}
