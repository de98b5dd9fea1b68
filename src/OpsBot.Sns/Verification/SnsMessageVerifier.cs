using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OpsBot.Sns.Inbound;

namespace OpsBot.Sns.Verification;

/// <summary>
/// Verifies a delivery as AWS documents it: the certificate URL is trusted (<see cref="SnsUrlPolicy"/>), and so is a
/// subscription's URL; the message is recent; the certificate, fetched from that URL (<see cref="SigningCertificateCache"/>),
/// is valid now; and its RSA key verifies <c>Signature</c> (PKCS#1 v1.5) over <see cref="SnsStringToSign"/> with SHA-1
/// for <c>SignatureVersion</c> 1 and SHA-256 for 2. The cheap checks come first, so a forgery costs no fetch.
/// </summary>
internal sealed class SnsMessageVerifier(SnsUrlPolicy urls, SigningCertificateCache certificates, IOptions<SnsOptions> options, TimeProvider time)
{
    /// <summary>Base64 of a 4096-bit signature is 684 characters.</summary>
    private const int MaxSignatureChars = 1024;

    public async Task<SnsVerdict> VerifyAsync(SnsEnvelope message, CancellationToken cancellationToken)
    {
        var certificateUrl = urls.SigningCertificate(message.SigningCertUrl, out var refusal);
        if (certificateUrl is null)
            return SnsVerdict.Refused(refusal!);
        if (message.Type == SnsMessageType.SubscriptionConfirmation && urls.Subscribe(message.SubscribeUrl!, out refusal) is null)
            return SnsVerdict.Refused(refusal!);
        if (!DateTimeOffset.TryParse(message.Timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var sent))
            return SnsVerdict.Refused("Timestamp is not a time");
        var now = time.GetUtcNow();
        if (now - sent > options.Value.MaxMessageAge)
            return SnsVerdict.Refused($"Timestamp {SnsText.Shorten(message.Timestamp, 40)} is older than {options.Value.MaxMessageAge}");
        if (Signature(message.Signature) is not { } signature)
            return SnsVerdict.Refused("Signature is not base64");

        var certificate = await certificates.GetAsync(certificateUrl, cancellationToken);
        switch (certificate.Status)
        {
            case CertificateStatus.Unavailable:
                return SnsVerdict.Unavailable($"the signing certificate could not be fetched: {certificate.Problem}");
            case CertificateStatus.Refused:
                return SnsVerdict.Refused($"the signing certificate is not acceptable: {certificate.Problem}");
        }
        if (now < certificate.NotBefore || now > certificate.NotAfter)
            return SnsVerdict.Refused($"the signing certificate is valid from {certificate.NotBefore:O} to {certificate.NotAfter:O}, not now");

        var hash = message.SignatureVersion == "1" ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        return certificate.Verify(SnsStringToSign.For(message), signature, hash)
            ? SnsVerdict.Verified
            : SnsVerdict.Refused("the signature does not match the message");
    }

    private static byte[]? Signature(string base64)
    {
        if (base64.Length is 0 or > MaxSignatureChars)
            return null;
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }
}
