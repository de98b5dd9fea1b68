using System.Text;

namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>
/// The string SNS signs: <c>Name\nValue\n</c> for each member in the documented order, skipping absent ones —
/// a Notification's Message, MessageId, Subject (only when present), Timestamp, TopicArn, Type; a
/// SubscriptionConfirmation's or UnsubscribeConfirmation's Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type.
/// </summary>
internal static class SnsStringToSign
{
    private static readonly string[] NotificationMembers = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"];
    private static readonly string[] ConfirmationMembers = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];

    /// <summary>The string to sign of a message whose members are <paramref name="members"/>.</summary>
    public static string Of(string type, IReadOnlyDictionary<string, string?> members)
    {
        var text = new StringBuilder();
        foreach (var name in type == SnsMessage.Notification ? NotificationMembers : ConfirmationMembers)
        {
            if (members.GetValueOrDefault(name) is { } value)
                text.Append(name).Append('\n').Append(value).Append('\n');
        }
        return text.ToString();
    }
}
