using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>
/// HTTP/HTTPS subscriptions: <c>Subscribe</c> (answers "pending confirmation", or the ARN with
/// <c>ReturnSubscriptionArn</c>, and sends the endpoint a SubscriptionConfirmation), <c>ConfirmSubscription</c> (the
/// Token; the same as a GET of the SubscribeURL), <c>ListSubscriptionsByTopic</c> (100 a page; "PendingConfirmation"
/// for one not confirmed yet), <c>Unsubscribe</c>, and the topic attribute <c>SignatureVersion</c>
/// (<c>GetTopicAttributes</c>, <c>SetTopicAttributes</c>). The sandbox delivers to loopback addresses only, and neither
/// raw message delivery nor other subscription attributes.
/// </summary>
internal sealed partial class SnsEmulator
{
    private const int SubscriptionsPerPage = 100;
    private const string SubscriptionAttribute = "Attributes.entry.";

    private IResult Subscribe(AwsCall call, Dictionary<string, string> form)
    {
        var topic = Required(form, "TopicArn");
        var protocol = Required(form, "Protocol");
        if (protocol is not ("http" or "https"))
        {
            throw KnownProtocols.Contains(protocol)
                ? SnsFault.InvalidParameter($"Protocol Reason: the sandbox delivers to http and https endpoints only, not {protocol}")
                : SnsFault.InvalidParameter("Invalid protocol type: " + protocol);
        }
        var endpoint = form.GetValueOrDefault("Endpoint");
        if (string.IsNullOrEmpty(endpoint) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var url) || url.Scheme != protocol)
            throw SnsFault.InvalidParameter("Endpoint must match the specified protocol");
        if (!url.IsLoopback)
            throw SnsFault.InvalidParameter($"Endpoint Reason: the sandbox delivers to this machine only (127.0.0.1, localhost or [::1]), not {url.Host}");
        foreach (var (name, value) in SubscriptionAttributes(form))
        {
            if (name != "RawMessageDelivery" || value != "false")
                throw SnsFault.InvalidParameter($"Attributes Reason: the sandbox supports no subscription attribute but RawMessageDelivery=false (a raw message carries no signature), not {name}={value}");
        }

        var subscription = world.Subscribe(topic, protocol, endpoint);
        var confirmed = world.SubscriptionsOf(topic).Any(s => s.Subscription == subscription && s.State == SnsSubscriptionState.Confirmed);
        var arn = confirmed || form.GetValueOrDefault("ReturnSubscriptionArn") == "true" ? subscription.Arn : "pending confirmation";
        return AwsResults.QueryResult(call, "Subscribe", SnsFault.Namespace, $"<SubscriptionArn>{AwsResults.Escape(arn)}</SubscriptionArn>");
    }

    private IResult ConfirmSubscription(AwsCall call, Dictionary<string, string> form)
    {
        var subscription = world.Confirm(Required(form, "TopicArn"), Required(form, "Token"));
        return AwsResults.QueryResult(call, "ConfirmSubscription", SnsFault.Namespace, $"<SubscriptionArn>{AwsResults.Escape(subscription.Arn)}</SubscriptionArn>");
    }

    private IResult ListSubscriptionsByTopic(AwsCall call, Dictionary<string, string> form)
    {
        var all = world.SubscriptionsOf(Required(form, "TopicArn"));
        var start = form.GetValueOrDefault("NextToken") is { Length: > 0 } token ? Offset(token) : 0;
        var page = all.Skip(start).Take(SubscriptionsPerPage).ToList();
        var members = string.Concat(page.Select(s =>
            $"<member><TopicArn>{AwsResults.Escape(s.Subscription.TopicArn)}</TopicArn><Protocol>{s.Subscription.Protocol}</Protocol>" +
            $"<SubscriptionArn>{AwsResults.Escape(s.State == SnsSubscriptionState.Confirmed ? s.Subscription.Arn : SnsSubscription.PendingArn)}</SubscriptionArn>" +
            $"<Owner>{AwsResults.Escape(s.Subscription.Owner)}</Owner><Endpoint>{AwsResults.Escape(s.Subscription.Endpoint)}</Endpoint></member>"));
        var next = start + page.Count < all.Count
            ? $"<NextToken>{Base64Url.EncodeToString(Encoding.UTF8.GetBytes((start + page.Count).ToString(CultureInfo.InvariantCulture)))}</NextToken>"
            : "";
        return AwsResults.QueryResult(call, "ListSubscriptionsByTopic", SnsFault.Namespace, $"<Subscriptions>{members}</Subscriptions>{next}");
    }

    private IResult Unsubscribe(AwsCall call, Dictionary<string, string> form)
    {
        world.Unsubscribe(Required(form, "SubscriptionArn"));
        return AwsResults.QueryResponse(call, "Unsubscribe", SnsFault.Namespace);
    }

    private IResult GetTopicAttributes(AwsCall call, Dictionary<string, string> form)
    {
        var topic = Required(form, "TopicArn");
        var subscriptions = world.SubscriptionsOf(topic);
        var attributes = new (string Key, string Value)[]
        {
            ("TopicArn", topic),
            ("Owner", topic.Split(':')[4]),
            ("DisplayName", ""),
            ("SignatureVersion", world.SignatureVersionOf(topic)),
            ("SubscriptionsConfirmed", subscriptions.Count(s => s.State == SnsSubscriptionState.Confirmed).ToString(CultureInfo.InvariantCulture)),
            ("SubscriptionsPending", subscriptions.Count(s => s.State == SnsSubscriptionState.Pending).ToString(CultureInfo.InvariantCulture)),
            ("SubscriptionsDeleted", "0"),
        };
        var entries = string.Concat(attributes.Select(a => $"<entry><key>{a.Key}</key><value>{AwsResults.Escape(a.Value)}</value></entry>"));
        return AwsResults.QueryResult(call, "GetTopicAttributes", SnsFault.Namespace, $"<Attributes>{entries}</Attributes>");
    }

    private IResult SetTopicAttributes(AwsCall call, Dictionary<string, string> form)
    {
        var topic = Required(form, "TopicArn");
        var name = Required(form, "AttributeName");
        if (name != "SignatureVersion")
            throw SnsFault.InvalidParameter($"AttributeName Reason: the sandbox sets SignatureVersion only, not {name}");
        var value = form.GetValueOrDefault("AttributeValue");
        if (value is not ("1" or "2"))
            throw SnsFault.InvalidParameter("Attribute Name: SignatureVersion, Attribute Value: must be 1 or 2");
        world.SetSignatureVersion(topic, value);
        return AwsResults.QueryResponse(call, "SetTopicAttributes", SnsFault.Namespace);
    }

    private static readonly HashSet<string> KnownProtocols = new(StringComparer.Ordinal)
    {
        "http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose",
    };

    private static string Required(Dictionary<string, string> form, string name) =>
        form.GetValueOrDefault(name) is { Length: > 0 } value ? value : throw SnsFault.InvalidParameter($"{name} Reason: no value for required parameter");

    /// <summary><c>Attributes.entry.N.key</c> and <c>.value</c>.</summary>
    private static IEnumerable<(string Name, string Value)> SubscriptionAttributes(Dictionary<string, string> form) =>
        form.Keys.Where(k => k.StartsWith(SubscriptionAttribute, StringComparison.Ordinal) && k.EndsWith(".key", StringComparison.Ordinal))
            .Select(k => (form[k], form.GetValueOrDefault(k[..^".key".Length] + ".value") ?? ""));

    private static int Offset(string token)
    {
        try
        {
            return int.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)), NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw SnsFault.InvalidParameter("NextToken");
        }
    }
}
