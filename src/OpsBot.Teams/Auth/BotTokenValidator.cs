using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OpsBot.Teams.Auth;

/// <summary>
/// Checks the <c>Authorization: Bearer</c> JWT the Bot Connector sends with every activity (PROTOCOLS.md §8): RS256/384/512
/// signature by a key from the Bot Framework's OpenID metadata, <see cref="TeamsOptions.Issuer"/>, audience
/// <see cref="TeamsOptions.AppId"/>, and a lifetime (<c>exp</c> required) within <see cref="TeamsOptions.ClockSkew"/> on the
/// app's clock. What the body must then agree with is <see cref="TokenCheck.Refusal"/>'s job. A singleton: it holds the key cache.
/// </summary>
internal sealed class BotTokenValidator
{
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly IOptions<TeamsOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BotTokenValidator> _logger;
    private readonly BotSigningKeys _keys;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public BotTokenValidator(IOptions<TeamsOptions> options, HttpClient http, TimeProvider time, ILogger<BotTokenValidator> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _keys = new BotSigningKeys(options.Value.OpenIdMetadataUrl, http, options.Value.Timeout);
    }

    /// <summary>Validates an <c>Authorization</c> header value; never throws for a bad token, only says why it is refused.</summary>
    public async Task<TokenCheck> ValidateAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(authorizationHeader, cancellationToken);
        if (!check.IsValid)
            _logger.LogWarning("Teams request refused: {Reason}", check.Reason);
        return check;
    }

    private async Task<TokenCheck> CheckAsync(string? header, CancellationToken cancellationToken)
    {
        const string scheme = "Bearer ";
        if (string.IsNullOrEmpty(header))
            return TokenCheck.Refused("no Authorization header");
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return TokenCheck.Refused("Authorization is not a Bearer token");
        var jwt = header[scheme.Length..].Trim();
        if (!_handler.CanReadToken(jwt))
            return TokenCheck.Refused("malformed token");
        JsonWebToken token;
        try
        {
            token = _handler.ReadJsonWebToken(jwt);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException)
        {
            return TokenCheck.Refused("malformed token");
        }
        // Checked before any key lookup, so alg:none or HS256 never costs a metadata fetch.
        if (!Algorithms.Contains(token.Alg, StringComparer.Ordinal))
            return TokenCheck.Refused("algorithm not allowed (RS256, RS384 or RS512 only)");
        if (string.IsNullOrEmpty(token.Kid))
            return TokenCheck.Refused("token has no kid");

        JsonWebKey? key;
        try
        {
            key = await _keys.FindAsync(token.Kid, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Could not read the Bot Framework signing keys from {Url}", _options.Value.OpenIdMetadataUrl);
            return TokenCheck.Unverifiable("signing keys unavailable");
        }
        if (key is null)
            return TokenCheck.Refused("unknown signing key");

        var result = await _handler.ValidateTokenAsync(token, Parameters(_options.Value, key));
        if (!result.IsValid)
            return TokenCheck.Refused(Describe(result.Exception));
        var serviceUrl = token.TryGetPayloadValue<string>("serviceurl", out var url) ? url : null;
        return new TokenCheck(true, null, serviceUrl, Endorsements(key), [.. token.Claims]);
    }

    private TokenValidationParameters Parameters(TeamsOptions o, JsonWebKey key) => new()
    {
        ValidIssuer = o.Issuer,
        ValidAudience = o.AppId,
        ValidAlgorithms = Algorithms,
        IssuerSigningKey = key,
        TryAllIssuerSigningKeys = false,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = o.ClockSkew,
        // TokenValidationParameters' own TimeProvider is internal in 8.x; this delegate keeps lifetime on the app's clock.
        LifetimeValidator = (notBefore, expires, _, p) => CheckLifetime(notBefore, expires, p.ClockSkew),
    };

    /// <summary>Lifetime on <see cref="_time"/>: <c>exp</c> required, <c>nbf</c> optional, both within the skew; throws the specific failure.</summary>
    private bool CheckLifetime(DateTime? notBefore, DateTime? expires, TimeSpan skew)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (expires is not { } exp)
            throw new SecurityTokenNoExpirationException("token has no exp");
        if (notBefore is { } nbf && nbf > exp)
            throw new SecurityTokenInvalidLifetimeException("nbf is after exp") { NotBefore = nbf, Expires = exp };
        if (notBefore is { } start && start > now + skew)
            throw new SecurityTokenNotYetValidException("token not yet valid") { NotBefore = start };
        if (exp < now - skew)
            throw new SecurityTokenExpiredException("token expired") { Expires = exp };
        return true;
    }

    private static string Describe(Exception? e) => e switch
    {
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException => "not yet valid",
        SecurityTokenNoExpirationException => "no expiry (exp)",
        SecurityTokenInvalidLifetimeException => "invalid lifetime",
        SecurityTokenInvalidAlgorithmException => "algorithm not allowed",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "bad signature",
        null => "invalid token",
        _ => $"invalid token ({e.GetType().Name})",
    };

    /// <summary>The key's <c>endorsements</c>: a JSON array of channel ids, however IdentityModel surfaced the extra member.</summary>
    private static IReadOnlyList<string> Endorsements(JsonWebKey key)
    {
        if (!key.AdditionalData.TryGetValue("endorsements", out var value) || value is null)
            return [];
        return value switch
        {
            string one => [one],
            JsonElement { ValueKind: JsonValueKind.Array } array =>
                [.. array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
            IEnumerable<object> many => [.. many.OfType<string>()],
            _ => [],
        };
    }
}
