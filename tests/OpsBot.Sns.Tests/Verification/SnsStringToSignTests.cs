using System.Text;
using OpsBot.Sns.Inbound;
using OpsBot.Sns.Tests.Support;
using OpsBot.Sns.Verification;

namespace OpsBot.Sns.Tests.Verification;

public sealed class SnsStringToSignTests
{
    [Fact]
    public void A_notification_signs_Message_MessageId_Subject_Timestamp_TopicArn_Type_in_that_order()
    {
        var message = Parse(SnsMessages.Notification("hello\nworld", "m-1", subject: "Hi").ToJsonString());

        Assert.Equal(
            "Message\nhello\nworld\nMessageId\nm-1\nSubject\nHi\nTimestamp\n2026-12-03T10:15:02.456Z\n" +
            "TopicArn\narn:aws:sns:us-east-1:123456789012:opsbot-alarms-prod\nType\nNotification\n",
            Encoding.UTF8.GetString(SnsStringToSign.For(message)));
    }

    [Fact]
    public void A_notification_without_a_subject_leaves_Subject_out()
    {
        var message = Parse(SnsMessages.Notification("hello", "m-1").ToJsonString());

        Assert.DoesNotContain("Subject", Encoding.UTF8.GetString(SnsStringToSign.For(message)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_confirmation_signs_Message_MessageId_SubscribeURL_Timestamp_Token_TopicArn_Type_and_no_Subject()
    {
        var json = SnsMessages.SubscriptionConfirmation("m-2").With("Message", "confirm").With("Token", "tok").With("Subject", "ignored")
            .With("SubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription");
        var message = Parse(json.ToJsonString());

        Assert.Equal(
            "Message\nconfirm\nMessageId\nm-2\nSubscribeURL\nhttps://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription\n" +
            "Timestamp\n2026-12-03T10:15:02.456Z\nToken\ntok\nTopicArn\narn:aws:sns:us-east-1:123456789012:opsbot-alarms-prod\n" +
            "Type\nSubscriptionConfirmation\n",
            Encoding.UTF8.GetString(SnsStringToSign.For(message)));
    }

    /// <summary>Parsed with a placeholder signature (the envelope needs one; the string to sign does not cover it).</summary>
    private static SnsEnvelope Parse(string json)
    {
        var signed = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject().With("Signature", "AAAA");
        return SnsEnvelopeParser.Parse(Encoding.UTF8.GetBytes(signed.ToJsonString()), out var error) ?? throw new InvalidOperationException(error);
    }
}
