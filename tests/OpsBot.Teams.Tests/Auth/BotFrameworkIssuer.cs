using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpsBot.Testing;

namespace OpsBot.Teams.Tests.Auth;

/// <summary>
/// An independent Bot Framework token issuer: jose (node/jwt-issue.mjs) makes the RSA keys and signs every test token once;
/// a loopback Kestrel serves OpenID metadata and a JWKS per <see cref="Site"/>, each with its own published keys and hit counts,
/// so tests that rotate keys or count fetches do not see each other.
/// </summary>
public sealed class BotFrameworkIssuer : IAsyncLifetime
{
    /// <summary>The tests' "now": years from the wall clock, so a validator reading DateTime.UtcNow would refuse every token.</summary>
    public static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public const string AppId = "8f0c3a52-5f5e-4bb1-9d55-2b0b7a8f2c11";
    public const string Issuer = "https://api.botframework.com";
    public const string ServiceUrl = "https://smba.trafficmanager.net/amer/";

    /// <summary>Keys: <c>trusted</c> (endorsed for msteams), <c>plain</c> (no endorsements), <c>rotated</c> (published later), <c>rogue</c> (never published).</summary>
    public static readonly string[] KeyIds = ["trusted", "plain", "rotated", "rogue"];

    public const int FloodSize = 20;

    private readonly ConcurrentDictionary<string, Site> _sites = new();
    private LoopbackServer? _server;
    private Dictionary<string, JsonObject> _jwks = [];

    public IReadOnlyDictionary<string, string> Tokens { get; private set; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        var output = await NodeScripts.RunAsync(NodeScripts.Folder("tests", "OpsBot.Teams.Tests", "node"), "jwt-issue.mjs",
            [JsonSerializer.Serialize(Cases())], TimeSpan.FromMinutes(2));
        var issued = JsonNode.Parse(output)!;
        _jwks = issued["jwks"]!["keys"]!.AsArray().Select(k => k!.AsObject()).ToDictionary(k => (string)k["kid"]!);
        Tokens = issued["tokens"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);
        _server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/{site}/openid", (string site) => Find(site) is { } s ? Results.Json(s.Metadata()) : Results.NotFound());
            app.MapGet("/{site}/keys", (string site) => Find(site) is { } s ? Results.Json(s.Keys()) : Results.NotFound());
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }

    /// <summary>A fresh metadata endpoint publishing <paramref name="kids"/>.</summary>
    public Site NewSite(params string[] kids)
    {
        var site = new Site(this, Guid.NewGuid().ToString("N"), kids);
        _sites[site.Id] = site;
        return site;
    }

    private Site? Find(string id) => _sites.TryGetValue(id, out var site) ? site : null;

    /// <summary>One tenant of the fake issuer: what it publishes, and how often each document was fetched.</summary>
    public sealed class Site(BotFrameworkIssuer issuer, string id, string[] kids)
    {
        private int _metadataHits;
        private int _keyHits;
        private volatile string[] _kids = kids;

        public string Id { get; } = id;
        public string MetadataUrl => $"{issuer._server!.BaseUrl}/{Id}/openid";
        public int MetadataHits => Volatile.Read(ref _metadataHits);
        public int KeyHits => Volatile.Read(ref _keyHits);

        /// <summary>From now on, the JWKS holds exactly these keys.</summary>
        public void Publish(params string[] kids) => _kids = kids;

        internal object Metadata()
        {
            Interlocked.Increment(ref _metadataHits);
            return new Dictionary<string, object>
            {
                ["issuer"] = Issuer,
                ["authorization_endpoint"] = "https://invalid.botframework.com",
                ["jwks_uri"] = $"{issuer._server!.BaseUrl}/{Id}/keys",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
            };
        }

        internal JsonObject Keys()
        {
            Interlocked.Increment(ref _keyHits);
            return new JsonObject { ["keys"] = new JsonArray([.. _kids.Select(k => (JsonNode)issuer._jwks[k].DeepClone())]) };
        }
    }

    /// <summary>Every token the tests use, signed once: name → alg, kid, signing key and claims.</summary>
    private static object Cases()
    {
        var now = Now.ToUnixTimeSeconds();
        Dictionary<string, object> Claims(Action<Dictionary<string, object>>? change = null)
        {
            var claims = new Dictionary<string, object>
            {
                ["iss"] = Issuer,
                ["aud"] = AppId,
                ["serviceurl"] = ServiceUrl,
                ["iat"] = now - 60,
                ["nbf"] = now - 60,
                ["exp"] = now + 3600,
            };
            change?.Invoke(claims);
            return claims;
        }
        object Rs(string name, Dictionary<string, object> claims, string kid = "trusted", string? key = null, string alg = "RS256") =>
            new { name, alg, kid, key = key ?? kid, claims };

        List<object> tokens =
        [
            Rs("valid", Claims()),
            Rs("valid-rs384", Claims(), alg: "RS384"),
            Rs("valid-rs512", Claims(), alg: "RS512"),
            Rs("wrong-issuer", Claims(c => c["iss"] = "https://sts.example.com")),
            Rs("wrong-audience", Claims(c => c["aud"] = "00000000-0000-0000-0000-000000000001")),
            Rs("expired", Claims(c => (c["iat"], c["nbf"], c["exp"]) = (now - 7200, now - 7200, now - 6 * 60))),
            Rs("expired-within-skew", Claims(c => (c["iat"], c["nbf"], c["exp"]) = (now - 7200, now - 7200, now - 4 * 60))),
            Rs("not-yet-valid", Claims(c => (c["nbf"], c["exp"]) = (now + 6 * 60, now + 7200))),
            Rs("missing-exp", Claims(c => c.Remove("exp"))),
            Rs("unknown-key", Claims(), kid: "rogue"),
            Rs("forged-kid", Claims(), kid: "trusted", key: "rogue"),
            Rs("no-serviceurl", Claims(c => c.Remove("serviceurl"))),
            Rs("other-serviceurl", Claims(c => c["serviceurl"] = "https://evil.example.com/amer/")),
            Rs("plain-key", Claims(), kid: "plain"),
            Rs("rotated-key", Claims(), kid: "rotated"),
            new { name = "alg-none", alg = "none", kid = "trusted", claims = Claims() },
            new { name = "alg-hs256", alg = "HS256", kid = "trusted", secret = "a-shared-secret-of-at-least-32-bytes!", claims = Claims() },
        ];
        for (var i = 0; i < FloodSize; i++)
            tokens.Add(Rs($"made-up-{i}", Claims(), kid: $"made-up-{i}", key: "rogue"));
        return new { keys = KeyIds.Select(kid => kid is "plain" ? (object)new { kid } : new { kid, endorsements = new[] { "msteams" } }), tokens };
    }
}
