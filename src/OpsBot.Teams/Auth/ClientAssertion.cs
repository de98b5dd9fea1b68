using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OpsBot.Teams.Auth;

/// <summary>
/// The certificate credential: instead of a client secret, a short-lived JWT signed with the app certificate's private
/// key (RFC 7523 client assertion, as Entra ID expects it: RS256, header <c>x5t</c> = base64url SHA-1 thumbprint (and <c>kid</c>),
/// <c>aud</c> = the token URL, <c>iss</c> = <c>sub</c> = the app id, a fresh <c>jti</c>, valid ten minutes).
/// </summary>
internal sealed class ClientAssertion : IDisposable
{
    public const string Type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly X509Certificate2 _certificate;
    private readonly X509SigningCredentials _credentials;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <exception cref="InvalidOperationException">The PFX is missing, unreadable, or has no RSA private key.</exception>
    public ClientAssertion(string pfxPath, string? password)
    {
        try
        {
            _certificate = X509CertificateLoader.LoadPkcs12FromFile(pfxPath, string.IsNullOrEmpty(password) ? null : password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{TeamsOptions.Section}:CertificatePath: cannot load '{pfxPath}' as a PFX with that password: {e.Message}", e);
        }
        using (var key = _certificate.GetRSAPrivateKey())
        {
            if (key is null)
            {
                _certificate.Dispose();
                throw new InvalidOperationException($"{TeamsOptions.Section}:CertificatePath: '{pfxPath}' has no RSA private key");
            }
        }
        _credentials = new X509SigningCredentials(_certificate, SecurityAlgorithms.RsaSha256);
    }

    /// <summary>A new assertion for <paramref name="tokenUrl"/>, valid from <paramref name="now"/> for ten minutes.</summary>
    public string Create(string appId, string tokenUrl, DateTimeOffset now) =>
        _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = appId,
            Audience = tokenUrl,
            Claims = new Dictionary<string, object> { ["sub"] = appId, ["jti"] = Guid.NewGuid().ToString() },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + Lifetime).UtcDateTime,
            // X509 credentials put x5t (base64url SHA-1 thumbprint) and kid (hex thumbprint) in the header themselves.
            SigningCredentials = _credentials,
        });

    public void Dispose() => _certificate.Dispose();
}
