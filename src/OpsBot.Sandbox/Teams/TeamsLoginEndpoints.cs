using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OpsBot.Sandbox.Teams;

/// <summary>
/// The token service under <c>/teams-login/</c>: the Bot Framework's OpenID metadata and keys (what the bot checks
/// inbound tokens with) and Entra ID's client-credentials token endpoint (what the bot calls the connector with).
/// </summary>
internal static class TeamsLoginEndpoints
{
    public static void Map(IEndpointRouteBuilder app, TeamsSandbox teams)
    {
        var options = teams.Options;
        app.MapGet("/teams-login/v1/.well-known/openidconfiguration", () => Json(new JsonObject
        {
            ["issuer"] = options.Issuer,
            ["authorization_endpoint"] = "https://invalid.botframework.com",
            ["jwks_uri"] = new Uri(TeamsSandboxOptions.Base(options.PublicBaseUrl), "teams-login/v1/.well-known/keys").ToString(),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
        }));
        app.MapGet("/teams-login/v1/.well-known/keys", () => Json(teams.Issuer.Jwks()));
        app.MapPost("/teams-login/{tenant}/oauth2/v2.0/token", (HttpContext http, string tenant) => TokenAsync(http, tenant, teams));
    }

    private static async Task<IResult> TokenAsync(HttpContext http, string tenant, TeamsSandbox teams)
    {
        var options = teams.Options;
        if (!http.Request.HasFormContentType)
            return Error(400, "invalid_request", "AADSTS900144: The request body must contain the following parameter: 'grant_type'.");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (tenant != options.TenantId && tenant != "botframework.com")
            return Error(400, "invalid_request", $"AADSTS90002: Tenant '{tenant}' not found.");
        if (form["grant_type"] != "client_credentials")
            return Error(400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.");
        if (form["client_id"] != options.AppId)
            return Error(400, "unauthorized_client", $"AADSTS700016: Application with identifier '{form["client_id"]}' was not found in the directory '{tenant}'.");
        if (form["client_secret"] != options.AppPassword)
            return Error(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
        if (form["scope"] != options.Scope)
            return Error(400, "invalid_scope", $"AADSTS1002012: The provided value for scope {form["scope"]} is not valid.");
        var audience = options.Scope.EndsWith("/.default", StringComparison.Ordinal) ? options.Scope[..^"/.default".Length] : options.Scope;
        var (token, expiresIn) = teams.Issuer.IssueAccessToken(tenant, options.AppId, audience);
        return Json(new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = expiresIn, ["ext_expires_in"] = expiresIn, ["access_token"] = token });
    }

    /// <summary>Entra ID's error shape.</summary>
    private static IResult Error(int status, string error, string description) => Json(new JsonObject
    {
        ["error"] = error,
        ["error_description"] = description,
        ["error_codes"] = new JsonArray(int.Parse(description[6..description.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)),
        ["timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        ["trace_id"] = Guid.NewGuid().ToString(),
        ["correlation_id"] = Guid.NewGuid().ToString(),
    }, status);

    internal static IResult Json(JsonNode body, int status = 200) =>
        Results.Text(body.ToJsonString(), "application/json; charset=utf-8", statusCode: status);
}
