using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Teams;

/// <summary>
/// The sandbox's stand-in for the Bot Framework's token service: one RSA key made at start (with a self-signed
/// certificate, as the real keys carry), served as a JWKS whose key is endorsed for <c>msteams</c>; it signs the
/// inbound tokens of the activities the console sends, and issues (and later recognises) the bot's own access tokens.
/// </summary>
public sealed class TeamsTokenIssuer : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _accessTokens = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly string _thumbprint; // x5t: the certificate's SHA-1, as the Bot Framework's keys carry it

    /// <summary>A new key; <paramref name="time"/> dates the tokens (the system clock when null).</summary>
    public TeamsTokenIssuer(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        var request = new CertificateRequest("CN=OpsBot sandbox Bot Framework signing", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        _certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        KeyId = Base64Url(SHA256.HashData(_certificate.RawData))[..27];
        _thumbprint = Base64Url(SHA1.HashData(_certificate.RawData));
    }

    /// <summary>The signing key's id (<c>kid</c>).</summary>
    public string KeyId { get; }

    /// <summary>The JWKS: one RSA key with <c>use</c>, <c>kid</c>, <c>x5t</c>, <c>n</c>, <c>e</c>, <c>x5c</c> and <c>endorsements</c>.</summary>
    public JsonObject Jwks()
    {
        var parameters = _key.ExportParameters(false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = KeyId,
                ["x5t"] = _thumbprint,
                ["n"] = Base64Url(parameters.Modulus!),
                ["e"] = Base64Url(parameters.Exponent!),
                ["x5c"] = new JsonArray(Convert.ToBase64String(_certificate.RawData)),
                ["endorsements"] = new JsonArray("msteams"),
            }),
        };
    }

    /// <summary>The token Teams puts on an activity: RS256, <c>iss</c>, <c>aud</c> = the app id, the <c>serviceurl</c>, valid for an hour.</summary>
    public string SignActivityToken(string issuer, string appId, Uri serviceUrl)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        return Sign(new JsonObject
        {
            ["serviceurl"] = serviceUrl.ToString(),
            ["nbf"] = now - 5,
            ["exp"] = now + 3600,
            ["iss"] = issuer,
            ["aud"] = appId,
        });
    }

    /// <summary>An access token for the connector, as Entra ID would issue to the app; <see cref="IsValidAccessToken"/> knows it until it expires.</summary>
    public (string Token, int ExpiresIn) IssueAccessToken(string tenant, string appId, string audience)
    {
        const int lifetime = 3599;
        var now = _time.GetUtcNow();
        var token = Sign(new JsonObject
        {
            ["aud"] = audience,
            ["iss"] = $"https://login.microsoftonline.com/{tenant}/v2.0",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.ToUnixTimeSeconds() + lifetime,
            ["appid"] = appId,
            ["azp"] = appId,
            ["tid"] = tenant,
            ["jti"] = Guid.NewGuid().ToString("N"),
        });
        _accessTokens[token] = now.AddSeconds(lifetime);
        return (token, lifetime);
    }

    /// <summary>True for a token <see cref="IssueAccessToken"/> issued that has not expired.</summary>
    public bool IsValidAccessToken(string token) =>
        _accessTokens.TryGetValue(token, out var expires) && expires > _time.GetUtcNow();

    private string Sign(JsonObject claims)
    {
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = KeyId, ["x5t"] = _thumbprint };
        var signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <inheritdoc/>
    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
    }
}
