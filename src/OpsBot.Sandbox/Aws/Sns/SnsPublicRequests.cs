using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>
/// The unsigned GETs of <see cref="SnsPublicHost"/>: <c>?Action=ConfirmSubscription&amp;TopicArn=…&amp;Token=…</c> (a
/// <c>SubscribeURL</c>) and <c>?Action=Unsubscribe&amp;SubscriptionArn=…</c> (an <c>UnsubscribeURL</c>), answered in
/// SNS's XML, each in the world of the ARN's region.
/// </summary>
internal static class SnsPublicRequests
{
    public static IResult Handle(HttpContext context, IServiceProvider services)
    {
        var requestId = Guid.NewGuid().ToString();
        var query = context.Request.Query;
        try
        {
            switch (query["Action"].ToString())
            {
                case "ConfirmSubscription":
                {
                    var topic = Required(query, "TopicArn");
                    var token = Required(query, "Token");
                    var subscription = World(services, topic).Confirm(topic, token);
                    return Xml(requestId, "ConfirmSubscription", $"<SubscriptionArn>{AwsResults.Escape(subscription.Arn)}</SubscriptionArn>");
                }
                case "Unsubscribe":
                {
                    var arn = Required(query, "SubscriptionArn");
                    World(services, arn).Unsubscribe(arn);
                    return Xml(requestId, "Unsubscribe", null);
                }
                default:
                    throw new SnsFault(System.Net.HttpStatusCode.BadRequest, "InvalidAction",
                        "This host answers only SubscribeURL and UnsubscribeURL: ?Action=ConfirmSubscription or ?Action=Unsubscribe.");
            }
        }
        catch (SnsFault fault)
        {
            return Results.Text(
                $"<ErrorResponse xmlns=\"{SnsFault.Namespace}\"><Error><Type>Sender</Type><Code>{AwsResults.Escape(fault.Code)}</Code>" +
                $"<Message>{AwsResults.Escape(fault.Message)}</Message></Error><RequestId>{requestId}</RequestId></ErrorResponse>",
                "text/xml", statusCode: (int)fault.Status);
        }
    }

    private static string Required(IQueryCollection query, string name) =>
        query[name].ToString() is { Length: > 0 } value ? value : throw SnsFault.InvalidParameter($"{name} Reason: no value for required parameter");

    /// <summary>The SNS of the world of <paramref name="arn"/>'s region (the only world when there is one).</summary>
    private static SnsWorld World(IServiceProvider services, string arn)
    {
        var parts = arn.Split(':');
        if (parts is not ["arn", _, "sns", _, _, _, ..])
            throw SnsFault.InvalidParameter("TopicArn");
        var worlds = services.GetService<AwsWorlds>();
        var world = worlds is null ? services : worlds.For(parts[3]) ?? throw SnsFault.TopicNotFound();
        return world.GetRequiredService<SnsWorld>();
    }

    private static IResult Xml(string requestId, string action, string? result) => Results.Text(
        $"<{action}Response xmlns=\"{SnsFault.Namespace}\">{(result is null ? "" : $"<{action}Result>{result}</{action}Result>")}" +
        $"<ResponseMetadata><RequestId>{requestId}</RequestId></ResponseMetadata></{action}Response>", "text/xml");
}
