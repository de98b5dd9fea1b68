using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpsBot.Sandbox.Aws;

/// <summary>
/// The AWS-compatible endpoint: one URL for every service, as LocalStack does. Each request's SigV4 signature is
/// checked against the configured credentials (refused the way AWS refuses it), then the request goes to the service
/// its credential scope names.
/// </summary>
public static class AwsEmulatorEndpoint
{
    /// <summary>Serves every path of <paramref name="app"/> as the AWS endpoint (map it on a listener of its own).</summary>
    public static IEndpointRouteBuilder MapAwsEmulator(this IEndpointRouteBuilder app)
    {
        app.Map("/{**path}", HandleAsync);
        return app;
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<AwsEmulatorOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        var requestId = Guid.NewGuid().ToString();
        context.Request.EnableBuffering();
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value.ToArray()), StringComparer.Ordinal);

        var check = SigV4Verifier.Verify(context.Request.Method, RawPath(context),
            context.Request.QueryString.Value ?? "", headers, body, options.AccessKeyId, options.SecretAccessKey, time.GetUtcNow());
        var call = new AwsCall(context, body, check.Service ?? ServiceByShape(context), requestId);
        if (!check.Valid)
        {
            await Refuse(call, check).ExecuteAsync(context);
            return;
        }
        // An app that maps the endpoint without an AwsEmulatorServer has one world, its own.
        var worlds = services.GetService<AwsWorlds>();
        if ((worlds is null ? services : worlds.For(check.Region)) is not { } world)
        {
            await Failure(call, HttpStatusCode.BadRequest, "UnrecognizedRegion",
                $"The sandbox has no world in region {check.Region}; its regions are {string.Join(", ", worlds!.Regions)}.").ExecuteAsync(context);
            return;
        }
        var emulator = world.GetServices<IAwsServiceEmulator>().FirstOrDefault(s => s.SigningName == check.Service);
        IResult result;
        if (emulator is null)
        {
            result = AwsResults.RestError(call, HttpStatusCode.BadRequest, "UnknownServiceException", $"The sandbox does not emulate service '{check.Service}'.");
        }
        else
        {
            try
            {
                result = await emulator.HandleAsync(call, context.RequestAborted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AwsEmulatorEndpoint)).LogError(e, "Emulated {Service} failed", check.Service);
                result = Failure(call, HttpStatusCode.InternalServerError, "InternalFailure", e.Message);
            }
        }
        await result.ExecuteAsync(context);
    }

    /// <summary>
    /// The path exactly as the client sent it: signers sign the encoded path (an ARN's <c>%3A</c> as <c>%253A</c>), and
    /// <see cref="HttpRequest.Path"/> has already decoded it.
    /// </summary>
    internal static string RawPath(HttpContext context)
    {
        var target = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget;
        if (target is { Length: > 0 } && target[0] == '/')
            return target.Split('?', 2)[0];
        return context.Request.Path.HasValue ? context.Request.Path.ToUriComponent() : "/";
    }

    /// <summary>A refused signature, in the error shape of the service's protocol.</summary>
    private static IResult Refuse(AwsCall call, SigV4Check check)
    {
        var (status, code, queryCode) = check.ErrorCode switch
        {
            "MissingAuthenticationToken" => (HttpStatusCode.Forbidden, "MissingAuthenticationTokenException", "MissingAuthenticationToken"),
            "UnrecognizedClient" => (HttpStatusCode.Forbidden, "UnrecognizedClientException", "InvalidClientTokenId"),
            "IncompleteSignature" => (HttpStatusCode.BadRequest, "IncompleteSignatureException", "IncompleteSignature"),
            _ => (HttpStatusCode.Forbidden, "InvalidSignatureException", "SignatureDoesNotMatch"),
        };
        return call.Service switch
        {
            "sns" => AwsResults.QueryError(call, status, "http://sns.amazonaws.com/doc/2010-03-31/", queryCode, check.Message!),
            "monitoring" => AwsResults.JsonError(call, status, code, check.Message!, queryCode),
            "codedeploy" or "logs" => AwsResults.JsonError(call, status, code, check.Message!),
            _ => AwsResults.RestError(call, status, code, check.Message!, messageKey: "message"),
        };
    }

    /// <summary>An unexpected failure, in the service's shape.</summary>
    internal static IResult Failure(AwsCall call, HttpStatusCode status, string code, string message) => call.Service switch
    {
        "sns" => AwsResults.QueryError(call, status, "http://sns.amazonaws.com/doc/2010-03-31/", code, message),
        "monitoring" => AwsResults.JsonError(call, status, code, message, code),
        "codedeploy" or "logs" => AwsResults.JsonError(call, status, code, message),
        _ => AwsResults.RestError(call, status, code, message),
    };

    /// <summary>Without a readable credential scope, the request's shape says which protocol to answer in.</summary>
    private static string ServiceByShape(HttpContext context)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        if (target.StartsWith("CodeDeploy_", StringComparison.Ordinal))
            return "codedeploy";
        if (target.StartsWith("GraniteServiceVersion", StringComparison.Ordinal))
            return "monitoring";
        if (target.StartsWith("Logs_", StringComparison.Ordinal))
            return "logs";
        if (context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
            return "sns";
        return context.Request.Path.StartsWithSegments("/2015-03-31") ? "lambda" : "appconfig";
    }
}
