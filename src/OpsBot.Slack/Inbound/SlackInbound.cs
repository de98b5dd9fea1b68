using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpsBot.Slack.Inbound;

/// <summary>A request whose signature checked out: its raw body, and the answer to give when it did not.</summary>
internal sealed record VerifiedBody(byte[]? Body, IResult? Rejection);

/// <summary>
/// Reads an inbound request's raw body (up to <see cref="MaxBodyBytes"/>) and verifies it before anything is parsed.
/// A request that is not Slack's gets 401 and nothing else happens.
/// </summary>
internal sealed class SlackInbound(SlackRequestVerifier verifier, IOptions<SlackOptions> options, ILogger<SlackInbound> logger)
{
    /// <summary>Far above Slack's largest payloads (a block_actions payload carries the whole message it came from).</summary>
    public const int MaxBodyBytes = 1 << 20;

    private static readonly object BodyKey = new();

    /// <summary>
    /// The filter in front of every <c>/slack/*</c> endpoint: 404 while Slack is off, the refusal for a request that is
    /// not Slack's, else the handler runs with the verified raw body (<see cref="Body"/>).
    /// </summary>
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var services = context.RequestServices;
        if (!services.GetRequiredService<IOptions<SlackOptions>>().Value.IsEnabled)
            return SlackAnswers.NotFound();
        var verified = await services.GetRequiredService<SlackInbound>().ReadAsync(context, context.RequestAborted);
        if (verified.Rejection is { } rejection)
            return rejection;
        context.Items[BodyKey] = verified.Body;
        return await next(invocation);
    }

    /// <summary>The raw body <see cref="FilterAsync"/> verified.</summary>
    public static byte[] Body(HttpContext context) =>
        context.Items[BodyKey] as byte[] ?? throw new InvalidOperationException("A /slack endpoint ran without SlackInbound.FilterAsync.");

    public async Task<VerifiedBody> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (request.ContentLength > MaxBodyBytes)
            return new(null, Results.Text("The request body is too large.", statusCode: StatusCodes.Status413PayloadTooLarge));
        var body = await ReadBodyAsync(request.Body, cancellationToken);
        if (body is null)
            return new(null, Results.Text("The request body is too large.", statusCode: StatusCodes.Status413PayloadTooLarge));

        var timestamp = Single(request.Headers[SlackRequestVerifier.TimestampHeader]);
        var signature = Single(request.Headers[SlackRequestVerifier.SignatureHeader]);
        var verdict = verifier.Verify(timestamp, signature, body);
        if (verdict != SlackVerification.Valid)
        {
            logger.LogWarning("Refused {Path} from {Remote}: {Verdict}", request.Path.Value, context.Connection.RemoteIpAddress, verdict);
            return new(null, Results.Text("This request is not signed by Slack.", statusCode: StatusCodes.Status401Unauthorized));
        }
        if (SlackWorkspace.Refusal(body, options.Value) is { } refusal)
        {
            logger.LogWarning("Refused {Path} from {Remote}: {Refusal}", request.Path.Value, context.Connection.RemoteIpAddress, refusal);
            return new(null, Results.Text("This request is from another Slack workspace or app.", statusCode: StatusCodes.Status403Forbidden));
        }
        return new(body, null);
    }

    /// <summary>A header sent once; a repeated header is as good as none.</summary>
    private static string? Single(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 1 ? values[0] : null;

    private static async Task<byte[]?> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
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
