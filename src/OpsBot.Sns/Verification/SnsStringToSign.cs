using System.Text;
using OpsBot.Sns.Inbound;

namespace OpsBot.Sns.Verification;

/// <summary>
/// What SNS signs, per AWS's "Verifying the signatures of Amazon SNS messages": each field's name, a newline, its
/// value, a newline, in byte order of the names. A notification signs Message, MessageId, Subject (only when present),
/// Timestamp, TopicArn and Type; the confirmations sign Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn and
/// Type.
/// </summary>
internal static class SnsStringToSign
{
    public static byte[] For(SnsEnvelope message)
    {
        var text = new StringBuilder(message.Message.Length + 512);
        Add(text, "Message", message.Message);
        Add(text, "MessageId", message.MessageId);
        if (message.IsConfirmation)
        {
            Add(text, "SubscribeURL", message.SubscribeUrl!);
            Add(text, "Timestamp", message.Timestamp);
            Add(text, "Token", message.Token!);
        }
        else
        {
            if (message.Subject is not null)
                Add(text, "Subject", message.Subject);
            Add(text, "Timestamp", message.Timestamp);
        }
        Add(text, "TopicArn", message.TopicArn);
        Add(text, "Type", message.Type.ToString());
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Add(StringBuilder text, string name, string value) => text.Append(name).Append('\n').Append(value).Append('\n');
}
