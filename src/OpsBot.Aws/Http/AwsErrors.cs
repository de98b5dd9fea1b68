using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace OpsBot.Aws.Http;

/// <summary>
/// Turns an AWS error answer into <see cref="AwsServiceException"/>, for every protocol OpsBot speaks: the
/// query-compatible header <c>x-amzn-query-error</c> (CloudWatch), <c>X-Amzn-ErrorType</c> (restJson), a JSON body's
/// <c>__type</c>/<c>code</c> with <c>message</c>/<c>Message</c>, and the awsQuery XML <c>ErrorResponse</c> (SNS).
/// </summary>
internal static class AwsErrors
{
    public static AwsServiceException Parse(AwsRequest request, HttpStatusCode status, IReadOnlyDictionary<string, string> headers, byte[] body,
        TimeSpan? retryAfter = null)
    {
        string? code = null;
        string? message = null;
        var requestId = headers.GetValueOrDefault("x-amzn-RequestId") ?? headers.GetValueOrDefault("x-amz-request-id");

        if (headers.GetValueOrDefault("x-amzn-query-error") is { Length: > 0 } queryError)
            code = queryError.Split(';')[0];
        else if (headers.GetValueOrDefault("X-Amzn-ErrorType") is { Length: > 0 } errorType)
            code = Sanitize(errorType);

        var text = System.Text.Encoding.UTF8.GetString(body).TrimStart();
        if (text.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(text);
                var root = json.RootElement;
                code ??= Sanitize(String(root, "__type") ?? String(root, "code") ?? String(root, "Code"));
                message = String(root, "message") ?? String(root, "Message") ?? String(root, "errorMessage");
            }
            catch (JsonException)
            {
                message = Truncate(text);
            }
        }
        else if (text.StartsWith('<'))
        {
            try
            {
                var xml = XDocument.Parse(text);
                var error = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
                code ??= error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
                message = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
                requestId ??= xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value;
            }
            catch (System.Xml.XmlException)
            {
                message = Truncate(text);
            }
        }
        else if (text.Length > 0)
        {
            message = Truncate(text);
        }

        code ??= $"Http{(int)status}";
        return new AwsServiceException(request.Service.Name, request.Operation, code, message, status, requestId)
        {
            ErrorBody = text.Length == 0 ? null : text,
            RetryAfter = retryAfter,
            ServiceThrottling = request.Service.ThrottlingCodes.Contains(code, StringComparer.Ordinal),
        };
    }

    /// <summary>"aws.protocoltests#FooError:http://..." → "FooError" (botocore's rule for error codes).</summary>
    private static string? Sanitize(string? code)
    {
        if (code is null)
            return null;
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
            code = code[..colon];
        var hash = code.LastIndexOf('#');
        return hash >= 0 ? code[(hash + 1)..] : code;
    }

    private static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
