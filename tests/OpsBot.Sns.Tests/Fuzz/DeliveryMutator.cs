using System.Text;
using System.Text.Json.Nodes;
using OpsBot.Sns.Tests.Support;

namespace OpsBot.Sns.Tests.Fuzz;

/// <summary>
/// Forgeries made from genuine deliveries by a seeded <see cref="Random"/> (a failure reproduces): a signed field changed
/// by a character, replaced, swapped with another message's, or removed; the signature flipped, replaced or its version
/// switched; the certificate URL moved (to other SNS paths, which get fetched, and to hosts that must never be); the
/// topic changed; the serialized body's bytes flipped, cut, or spliced.
/// </summary>
internal sealed class DeliveryMutator(int seed, IReadOnlyList<JsonObject> genuine)
{
    private static readonly string[] SignedFields = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type", "Token", "SubscribeURL"];

    private static readonly string[] Hostile =
    [
        "", " ", "\u0000", "\u202e", "\ufeff", "🙂", "ALARM", "OK", "null", "{}", "[]", "\\", "\"", "\n", "\r\n",
        RecordingAlarmIntake.ProdTopic, RecordingAlarmIntake.DevTopic, "arn:aws:sns:us-east-1:123456789012:opsbot-alarms-prod ",
        "2026-12-03T10:15:02.456Z", "2026-12-03T10:15:02.457Z", "1970-01-01T00:00:00Z", "Notification", "SubscriptionConfirmation",
        "UnsubscribeConfirmation", SnsMessages.SubscribeUrl, CloudWatchSamples.ErrorRateRecovered, CloudWatchSamples.CompositeAlarm,
    ];

    private static readonly string[] CertificateUrls =
    [
        "https://evil.example.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem",
        "http://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem",
        "https://sns.us-east-1.amazonaws.com.evil.example.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem",
        "https://sns.us-east-1.amazonaws.com@evil.example.com/x.pem",
        "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem.txt",
        "https://sns.us-east-1.amazonaws.com:444/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem",
        "//sns.us-east-1.amazonaws.com/x.pem",
    ];

    private readonly Random _random = new(seed);

    public int Seed { get; } = seed;

    public string Next()
    {
        var original = genuine[_random.Next(genuine.Count)];
        var message = original.DeepClone().AsObject();
        var kind = _random.Next(12);
        switch (kind)
        {
            case 0:
            case 1:
                ChangeCharacter(message, Field(message));
                break;
            case 2:
                message[Field(message)] = Hostile[_random.Next(Hostile.Length)];
                break;
            case 3:
                var field = SignedFields[_random.Next(SignedFields.Length)];
                var other = genuine[_random.Next(genuine.Count)];
                if (other[field] is { } value)
                    message[field] = value.DeepClone();
                else
                    message.Remove(field);
                break;
            case 4:
                message["Signature"] = FlipSignatureBit(message["Signature"]!.GetValue<string>());
                break;
            case 5:
                message["Signature"] = Convert.ToBase64String(RandomBytes(_random.Next(2) == 0 ? 256 : _random.Next(1, 600)));
                break;
            case 6:
                message["SignatureVersion"] = message["SignatureVersion"]!.GetValue<string>() == "1" ? "2" : "1";
                break;
            case 7:
                // Half stay on SNS's host with another path (fetched once each, then remembered); half must never be fetched.
                message["SigningCertURL"] = _random.Next(2) == 0
                    ? $"https://sns.{Region()}.amazonaws.com/SimpleNotificationService-{Convert.ToHexString(RandomBytes(16)).ToLowerInvariant()}.pem"
                    : CertificateUrls[_random.Next(CertificateUrls.Length)];
                break;
            case 8:
                message.Remove(Field(message));
                if (_random.Next(2) == 0)
                    message["Subject"] = "added";
                break;
            case 9:
                return MutateBytes(message.ToJsonString());
            case 10:
                ChangeCharacter(message, Field(message));
                message["Signature"] = FlipSignatureBit(message["Signature"]!.GetValue<string>());
                break;
            default:
                ChangeAlarm(message);
                break;
        }
        return message.ToJsonString();
    }

    private string Field(JsonObject message)
    {
        var present = SignedFields.Where(f => message.ContainsKey(f)).ToList();
        return present[_random.Next(present.Count)];
    }

    private void ChangeCharacter(JsonObject message, string field)
    {
        var value = message[field]?.GetValue<string>() ?? "";
        if (value.Length == 0)
        {
            message[field] = "x";
            return;
        }
        var at = _random.Next(value.Length);
        var replacement = (char)(value[at] + _random.Next(1, 3) * (_random.Next(2) == 0 ? 1 : -1));
        message[field] = value[..at] + replacement + value[(at + 1)..];
    }

    /// <summary>A change inside the alarm's JSON: a forged state, reason or alarm name.</summary>
    private void ChangeAlarm(JsonObject message)
    {
        if (message["Type"]?.GetValue<string>() != "Notification")
        {
            ChangeCharacter(message, "Token");
            return;
        }
        var alarm = JsonNode.Parse(message["Message"]!.GetValue<string>())!.AsObject();
        switch (_random.Next(3))
        {
            case 0:
                alarm["NewStateValue"] = alarm["NewStateValue"]!.GetValue<string>() == "ALARM" ? "OK" : "ALARM";
                break;
            case 1:
                alarm["AlarmName"] = "lambda_router-duration";
                break;
            default:
                alarm["NewStateReason"] = "forged";
                break;
        }
        message["Message"] = alarm.ToJsonString();
    }

    private string FlipSignatureBit(string signature)
    {
        var bytes = Convert.FromBase64String(signature);
        bytes[_random.Next(bytes.Length)] ^= (byte)(1 << _random.Next(8));
        return Convert.ToBase64String(bytes);
    }

    private string MutateBytes(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json).ToList();
        for (var i = _random.Next(1, 4); i > 0 && bytes.Count > 1; i--)
        {
            var at = _random.Next(bytes.Count);
            switch (_random.Next(4))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                case 2:
                    bytes.Insert(at, (byte)_random.Next(256));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    private string Region() => _random.Next(4) switch
    {
        0 => "us-east-1",
        1 => "eu-west-1",
        2 => "ap-southeast-2",
        _ => "us-gov-west-1",
    };

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }
}
