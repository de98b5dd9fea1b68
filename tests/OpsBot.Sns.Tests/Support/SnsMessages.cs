using System.Text.Json.Nodes;

namespace OpsBot.Sns.Tests.Support;

/// <summary>SNS deliveries as SNS posts them (HTTP/HTTPS JSON format), unsigned: <see cref="NodeSigner"/> signs them.</summary>
internal static class SnsMessages
{
    /// <summary>The tests' clock: a few seconds after <see cref="CloudWatchSamples"/>' state change.</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 15, 5, TimeSpan.Zero);

    public const string Timestamp = "2026-12-03T10:15:02.456Z";

    public const string SubscribeUrl = "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:123456789012:opsbot-alarms-prod&Token=2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736";

    public static JsonObject Notification(string message, string? messageId = null, string topic = RecordingAlarmIntake.ProdTopic,
        string version = "2", string? subject = null, string certificateUrl = FakeSnsWeb.CertificateUrl, string timestamp = Timestamp)
    {
        var json = new JsonObject
        {
            ["Type"] = "Notification",
            ["MessageId"] = messageId ?? Guid.NewGuid().ToString(),
            ["TopicArn"] = topic,
        };
        if (subject is not null)
            json["Subject"] = subject;
        json["Message"] = message;
        json["Timestamp"] = timestamp;
        json["SignatureVersion"] = version;
        json["SigningCertURL"] = certificateUrl;
        json["UnsubscribeURL"] = $"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={topic}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55";
        return json;
    }

    /// <summary>A CloudWatch alarm notification, with the subject CloudWatch gives it.</summary>
    public static JsonObject Alarm(string? messageId = null, string version = "2", string message = CloudWatchSamples.ErrorRateAlarm, string topic = RecordingAlarmIntake.ProdTopic) =>
        Notification(message, messageId, topic, version, subject: "ALARM: \"lambda_router-error-rate\" in US East (N. Virginia)");

    public static JsonObject SubscriptionConfirmation(string? messageId = null, string topic = RecordingAlarmIntake.ProdTopic, string version = "2",
        string subscribeUrl = SubscribeUrl, string certificateUrl = FakeSnsWeb.CertificateUrl) =>
        Confirmation("SubscriptionConfirmation", $"You have chosen to subscribe to the topic {topic}.\nTo confirm the subscription, visit the SubscribeURL included in this message.",
            messageId, topic, version, subscribeUrl, certificateUrl);

    public static JsonObject UnsubscribeConfirmation(string? messageId = null, string topic = RecordingAlarmIntake.ProdTopic, string version = "2") =>
        Confirmation("UnsubscribeConfirmation", $"You have chosen to deactivate subscription {topic}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.",
            messageId, topic, version, SubscribeUrl, FakeSnsWeb.CertificateUrl);

    private static JsonObject Confirmation(string type, string message, string? messageId, string topic, string version, string subscribeUrl, string certificateUrl) => new()
    {
        ["Type"] = type,
        ["MessageId"] = messageId ?? Guid.NewGuid().ToString(),
        ["Token"] = "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736",
        ["TopicArn"] = topic,
        ["Message"] = message,
        ["SubscribeURL"] = subscribeUrl,
        ["Timestamp"] = Timestamp,
        ["SignatureVersion"] = version,
        ["SigningCertURL"] = certificateUrl,
    };

    /// <summary>A copy with one field changed (after signing: a tampered message).</summary>
    public static JsonObject With(this JsonObject message, string field, string? value)
    {
        var copy = message.DeepClone().AsObject();
        if (value is null)
            copy.Remove(field);
        else
            copy[field] = value;
        return copy;
    }
}
