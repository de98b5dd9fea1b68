using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Teams.Auth;
using OpsBot.Teams.Chat;
using OpsBot.Teams.Connector;

namespace OpsBot.Teams.Inbound;

/// <summary>
/// <c>POST /teams/messages</c>, the bot's messaging endpoint. In this order, and nothing is acted on before the end:
/// the bearer token (signature, issuer, audience, lifetime) before the body is read; then only the body's
/// <c>serviceUrl</c> and <c>channelId</c> against the token's <c>serviceurl</c> claim and its key's endorsements (401
/// for any of these; 503 when the signing keys cannot be read); then the <c>serviceUrl</c> against <c>OpsBot:Teams:ServiceUrlHosts</c> and the tenant against the
/// allowed ones (403). An invoke is answered in the response (its card or message); anything else with 200.
/// </summary>
internal static class TeamsMessagesEndpoint
{
    /// <summary>Far above any activity Teams sends (a message's text is limited to 28 KB).</summary>
    public const int MaxBodyBytes = 1 << 20;

    public static async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<TeamsOptions>>().Value;
        if (!options.IsEnabled)
            return Results.NotFound();
        var logger = services.GetRequiredService<ILogger<TeamsBot>>();
        var request = context.Request;

        var token = await services.GetRequiredService<BotTokenValidator>().ValidateAsync(request.Headers.Authorization.ToString(), cancellationToken);
        if (token.KeysUnavailable)
        {
            // Nothing can be said of the token; the Bot Connector retries a 5xx, and by then the keys may be back.
            logger.LogWarning("Could not check a Teams activity's token: {Reason}", token.Reason);
            return Results.Text("OpsBot could not read the Bot Framework's signing keys; try again.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        if (!token.IsValid)
            return Refuse(logger, context, StatusCodes.Status401Unauthorized, token.Reason ?? "invalid token");
        if (request.ContentLength > MaxBodyBytes || await ReadAsync(request.Body, cancellationToken) is not { } body)
            return Results.Text("The request body is too large.", statusCode: StatusCodes.Status413PayloadTooLarge);
        if (TeamsActivity.Parse(body) is not { } activity)
            return Results.Text("The body is not an activity (a JSON object).", statusCode: StatusCodes.Status400BadRequest);
        if (token.Refusal(activity.ChannelId, activity.ServiceUrl) is { } refusal)
            return Refuse(logger, context, StatusCodes.Status401Unauthorized, refusal);
        if (services.GetRequiredService<ServiceUrlPolicy>().Allowed(activity.ServiceUrl) is null)
            return Refuse(logger, context, StatusCodes.Status403Forbidden, $"serviceUrl {activity.ServiceUrl} is not among OpsBot:Teams:ServiceUrlHosts");
        if (!TeamsTenants.IsAllowed(options, activity.TenantId))
            return Refuse(logger, context, StatusCodes.Status403Forbidden, $"tenant {activity.TenantId} is not allowed");
        if (activity.Id is not { Length: > 0 and <= 256 } || activity.ConversationId is null ||
            (activity.Type is "message" or "invoke" && activity.FromAadObjectId is not { Length: > 0 and <= 64 }))
            return Results.Text("The activity has no id, conversation or sender (from.aadObjectId).", statusCode: StatusCodes.Status400BadRequest);

        var answer = await services.GetRequiredService<TeamsBot>().OnActivityAsync(activity, cancellationToken);
        return answer.InvokeResponse is { } invoke ? Results.Json(invoke) : Results.Ok();
    }

    /// <summary><c>GET /teams/images/{token}.png</c>: a chart a card shows (<see cref="TeamsImages"/>); 404 when unknown or expired.</summary>
    public static async Task<IResult> ImageAsync(string file, HttpContext context, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        if (!services.GetRequiredService<IOptions<TeamsOptions>>().Value.IsEnabled || !file.EndsWith(".png", StringComparison.Ordinal))
            return Results.NotFound();
        var png = await services.GetRequiredService<TeamsImages>().ReadAsync(file[..^4], cancellationToken);
        if (png is null)
            return Results.NotFound();
        context.Response.Headers.CacheControl = "private, max-age=86400";
        return Results.Bytes(png, "image/png");
    }

    private static IResult Refuse(ILogger logger, HttpContext context, int status, string why)
    {
        logger.LogWarning("Refused a Teams activity from {Remote}: {Why}", context.Connection.RemoteIpAddress, why);
        return Results.Text(status == StatusCodes.Status401Unauthorized ? "This request is not from the Bot Framework." : "This request is not for this bot.",
            statusCode: status);
    }

    private static async Task<byte[]?> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
