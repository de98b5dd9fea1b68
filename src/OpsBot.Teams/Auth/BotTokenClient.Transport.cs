using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace OpsBot.Teams.Auth;

// The request, retried by RetryingHttp (429 after Retry-After, 5xx, timeouts, connection failures); any other answer
// is final. A 4xx means the credentials or the request are wrong, which no retry fixes, so it fails at once with what
// the authority said — never with what was sent.
internal sealed partial class BotTokenClient
{
    /// <summary>The token and its lifetime, after as many attempts as it takes.</summary>
    private async Task<(string Token, TimeSpan ExpiresIn)> RequestTokenAsync(CancellationToken cancellationToken)
    {
        // The form is built afresh for each attempt: a certificate assertion is single-use.
        var response = await _send.SendAsync("token request", () => new HttpRequestMessage(HttpMethod.Post, TokenUrl) { Content = new FormUrlEncodedContent(Form()) },
            cancellationToken);
        if (response.Failure is not null)
            throw Fail($"the token endpoint {TokenUrl} kept failing ({response.Failure}) after {_options.Value.MaxAttempts} attempt(s)", true, response.Cause);
        var json = TryParse(response.Body);
        if (response.Status is < 200 or > 299)
            throw Fail($"the token endpoint {TokenUrl} refused the request: HTTP {response.Status}{AadError(json)}; check {TeamsOptions.Section}:AppId, its credential (AppPassword or CertificatePath) and TenantId", false);
        if (json is not { } body || !body.TryGetProperty("access_token", out var token) || token.ValueKind != JsonValueKind.String || token.GetString() is not { Length: > 0 } accessToken)
            throw Fail($"the token endpoint {TokenUrl} answered HTTP {response.Status} without an access_token", true);
        var expiresIn = body.TryGetProperty("expires_in", out var e) && ReadSeconds(e) is { } seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
        return (accessToken, expiresIn);
    }

    private List<KeyValuePair<string, string>> Form()
    {
        var o = _options.Value;
        List<KeyValuePair<string, string>> form =
        [
            new("grant_type", "client_credentials"),
            new("client_id", o.AppId),
            new("scope", o.Scope),
        ];
        if (_assertion is not null)
        {
            form.Add(new("client_assertion_type", ClientAssertion.Type));
            form.Add(new("client_assertion", _assertion.Create(o.AppId, TokenUrl, _time.GetUtcNow())));
        }
        else
        {
            form.Add(new("client_secret", o.AppPassword));
        }
        return form;
    }

    private BotTokenException Fail(string message, bool retryable, Exception? cause = null)
    {
        _logger.LogError(cause, "Could not get a Bot Connector token: {Message}", message);
        return new BotTokenException($"Teams: {message}", retryable, cause);
    }

    /// <summary>", invalid_client (AADSTS7000215)" from an AAD error answer; its free-text description is left out.</summary>
    private static string AadError(JsonElement? json)
    {
        if (json is not { } body)
            return "";
        var error = body.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        var codes = body.TryGetProperty("error_codes", out var c) && c.ValueKind == JsonValueKind.Array
            ? string.Join(", ", c.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Number).Select(x => $"AADSTS{x.GetRawText()}"))
            : "";
        return (error, codes) switch
        {
            (null, "") => "",
            (null, _) => $", {codes}",
            (_, "") => $", {error}",
            _ => $", {error} ({codes})",
        };
    }

    private static double? ReadSeconds(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDouble(out var n) && n > 0 => n,
        JsonValueKind.String when double.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 => s,
        _ => null,
    };

    private static JsonElement? TryParse(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
