using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using OpsBot.Sandbox.Aws;

namespace OpsBot.Sandbox.Tests.Aws.Sns;

/// <summary>What the SNS tests share: quick delivery retries, an HTTPS client that trusts the sandbox's SNS host by its pinned thumbprint, SNS's XML namespace.</summary>
internal static class SnsTesting
{
    public static readonly XNamespace Ns = "http://sns.amazonaws.com/doc/2010-03-31/";

    /// <summary>Retries a few milliseconds apart and a 1-second timeout, so that a test sees every attempt at once.</summary>
    public static void QuickDeliveries(AwsEmulatorOptions options)
    {
        options.SnsDelivery.FirstRetryDelay = TimeSpan.FromMilliseconds(20);
        options.SnsDelivery.MaxRetryDelay = TimeSpan.FromMilliseconds(100);
        options.SnsDelivery.Timeout = TimeSpan.FromSeconds(1);
    }

    /// <summary>A client that accepts the server's certificate only when its SHA-256 thumbprint is <paramref name="thumbprint"/>, as a pinning verifier does.</summary>
    public static HttpClient Pinned(string thumbprint) => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is X509Certificate2 c && string.Equals(c.GetCertHashString(HashAlgorithmName.SHA256), thumbprint, StringComparison.OrdinalIgnoreCase),
        },
    });

    /// <summary>
    /// Whether an SNS message's signature verifies with <paramref name="certificate"/> (.NET's RSA, over the documented
    /// string to sign, written here from the documentation rather than taken from the emulator).
    /// </summary>
    public static bool Verifies(JsonObject message, X509Certificate2 certificate)
    {
        string[] members = (string?)message["Type"] == "Notification"
            ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
            : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
        var text = string.Concat(members.Where(m => message[m] is not null).Select(m => $"{m}\n{(string?)message[m]}\n"));
        var hash = (string?)message["SignatureVersion"] == "1" ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        using var rsa = certificate.GetRSAPublicKey()!;
        return rsa.VerifyData(Encoding.UTF8.GetBytes(text), Convert.FromBase64String((string)message["Signature"]!), hash, RSASignaturePadding.Pkcs1);
    }
}
