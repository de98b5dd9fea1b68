using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Aws;

/// <summary>A verified request to the AWS-compatible endpoint, for the service its credential scope names.</summary>
internal sealed class AwsCall(HttpContext context, byte[] body, string service, string requestId)
{
    public HttpContext Context { get; } = context;

    public byte[] Body { get; } = body;

    /// <summary>The signing name from the credential scope: lambda, codedeploy, monitoring, logs, appconfig, sns.</summary>
    public string Service { get; } = service;

    public string RequestId { get; } = requestId;

    public string Method => Context.Request.Method;

    /// <summary>The path exactly as the client sent it (percent-encoded; Kestrel's Request.Path is already decoded).</summary>
    public string RawPath => AwsEmulatorEndpoint.RawPath(Context);

    /// <summary>The operation of an awsJson call (<c>X-Amz-Target: Prefix.Operation</c>), else null.</summary>
    public string? Target => Context.Request.Headers["X-Amz-Target"].ToString() is { Length: > 0 } t ? t[(t.IndexOf('.', StringComparison.Ordinal) + 1)..] : null;

    public string Text => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Context.Request.Headers[name].ToString() is { Length: > 0 } v ? v : null;

    public string? Query(string name) => Context.Request.Query[name].ToString() is { Length: > 0 } v ? v : null;

    /// <summary>The JSON body as an object (an empty one when there is no body); null when it is not JSON.</summary>
    public JsonObject? Json()
    {
        if (Body.Length == 0)
            return [];
        try
        {
            return JsonNode.Parse(Body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The form of an awsQuery call, decoded.</summary>
    public Dictionary<string, string> Form() =>
        Text.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "", StringComparer.Ordinal);
}

/// <summary>One AWS service the endpoint emulates, chosen by the signing name of the request's credential scope.</summary>
internal interface IAwsServiceEmulator
{
    /// <summary>lambda, codedeploy, monitoring, logs, appconfig or sns.</summary>
    string SigningName { get; }

    Task<IResult> HandleAsync(AwsCall call, CancellationToken cancellationToken);
}
