using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>
/// <c>GET /sandbox/sns/deliveries</c>: what each world's SNS delivered to HTTP/HTTPS endpoints, newest first
/// (<c>deliveries</c>: environment, at, topic, endpoint, type, messageId, subject, status, attempts, httpStatus, error;
/// the last <see cref="SnsDeliveryLog.Capacity"/> per world), and the subscriptions (<c>subscriptions</c>: environment,
/// topic, protocol, endpoint, subscriptionArn, confirmed) — where to see that an alarm reached the bot.
/// </summary>
public static class SandboxSnsDeliveriesEndpoint
{
    /// <summary>The path of the delivery log.</summary>
    public const string Path = "/sandbox/sns/deliveries";

    /// <summary>Maps <c>GET /sandbox/sns/deliveries</c> over every environment's world.</summary>
    /// <param name="app">Where to map it (the sandbox's main app).</param>
    /// <param name="environments">The environments, each with its world.</param>
    public static IEndpointRouteBuilder MapSandboxSnsDeliveries(this IEndpointRouteBuilder app, IReadOnlyList<SandboxEnvironment> environments)
    {
        app.MapGet(Path, () => Results.Json(new
        {
            deliveries = environments
                .SelectMany(e => e.World.GetRequiredService<SnsDeliveryLog>().Recent().Select(d => (e.Name, Delivery: d)))
                .OrderByDescending(x => x.Delivery.At)
                .Select(x => new
                {
                    environment = x.Name,
                    at = x.Delivery.At,
                    topic = x.Delivery.Topic,
                    endpoint = x.Delivery.Endpoint,
                    type = x.Delivery.Type,
                    messageId = x.Delivery.MessageId,
                    subject = x.Delivery.Subject,
                    status = x.Delivery.Status,
                    attempts = x.Delivery.Attempts,
                    httpStatus = x.Delivery.HttpStatus,
                    error = x.Delivery.Error,
                }),
            subscriptions = environments.SelectMany(e => e.World.GetRequiredService<SnsWorld>().Subscriptions().Select(s => new
            {
                environment = e.Name,
                topic = s.Subscription.TopicArn,
                protocol = s.Subscription.Protocol,
                endpoint = s.Subscription.Endpoint,
                subscriptionArn = s.State == SnsSubscriptionState.Confirmed ? s.Subscription.Arn : SnsSubscription.PendingArn,
                confirmed = s.State == SnsSubscriptionState.Confirmed,
            })),
        }));
        return app;
    }
}
