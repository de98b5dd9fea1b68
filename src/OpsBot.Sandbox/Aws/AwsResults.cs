using System.Net;
using System.Security;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Aws;

/// <summary>Answers in the shapes AWS uses, per protocol, each with an <c>x-amzn-RequestId</c>.</summary>
internal static class AwsResults
{
    /// <summary>A JSON answer (awsJson and restJson1); status 200 unless told otherwise (201 Created, 202 Accepted).</summary>
    public static IResult Json(AwsCall call, JsonNode body, int status = 200, string contentType = "application/json", IDictionary<string, string>? headers = null) =>
        new Answer(call.RequestId, status, contentType, body.ToJsonString(), headers);

    /// <summary>A raw body (AppConfig's hosted content) with its content type and the members AWS puts in headers.</summary>
    public static IResult Raw(AwsCall call, byte[] body, string contentType, int status, IDictionary<string, string> headers) =>
        new Answer(call.RequestId, status, contentType, body, headers);

    /// <summary>An awsJson error: <c>{"__type": code, "message": ...}</c>; CloudWatch also says <c>x-amzn-query-error</c>.</summary>
    public static IResult JsonError(AwsCall call, HttpStatusCode status, string code, string message, string? queryCode = null)
    {
        var headers = new Dictionary<string, string>();
        if (queryCode is not null)
            headers["x-amzn-query-error"] = $"{queryCode};{((int)status >= 500 ? "Receiver" : "Sender")}";
        var contentType = call.Header("Content-Type") ?? "application/x-amz-json-1.1";
        return new Answer(call.RequestId, (int)status, contentType, new JsonObject { ["__type"] = code, ["message"] = message }.ToJsonString(), headers);
    }

    /// <summary>A restJson1 error: <c>X-Amzn-ErrorType</c> and a body with <c>Type</c> and the message.</summary>
    public static IResult RestError(AwsCall call, HttpStatusCode status, string code, string message, JsonObject? extra = null, string messageKey = "Message")
    {
        var body = new JsonObject { ["Type"] = (int)status >= 500 ? "Service" : "User", [messageKey] = message };
        foreach (var (key, value) in extra ?? [])
            body[key] = value?.DeepClone();
        return new Answer(call.RequestId, (int)status, "application/json", body.ToJsonString(),
            new Dictionary<string, string> { ["X-Amzn-ErrorType"] = code });
    }

    /// <summary>An awsQuery answer: <c>&lt;{Action}Response&gt;&lt;{Action}Result&gt;…&lt;/…&gt;</c> with its metadata.</summary>
    public static IResult QueryResult(AwsCall call, string action, string ns, string resultXml) =>
        new Answer(call.RequestId, 200, "text/xml",
            $"<{action}Response xmlns=\"{ns}\"><{action}Result>{resultXml}</{action}Result><ResponseMetadata><RequestId>{call.RequestId}</RequestId></ResponseMetadata></{action}Response>", null);

    /// <summary>An awsQuery answer of an action without a result (<c>Unsubscribe</c>): <c>&lt;{Action}Response&gt;</c> with its metadata only.</summary>
    public static IResult QueryResponse(AwsCall call, string action, string ns) =>
        new Answer(call.RequestId, 200, "text/xml",
            $"<{action}Response xmlns=\"{ns}\"><ResponseMetadata><RequestId>{call.RequestId}</RequestId></ResponseMetadata></{action}Response>", null);

    /// <summary>An awsQuery error: <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;</c>.</summary>
    public static IResult QueryError(AwsCall call, HttpStatusCode status, string ns, string code, string message) =>
        new Answer(call.RequestId, (int)status, "text/xml",
            $"<ErrorResponse xmlns=\"{ns}\"><Error><Type>{((int)status >= 500 ? "Receiver" : "Sender")}</Type><Code>{Escape(code)}</Code>" +
            $"<Message>{Escape(message)}</Message></Error><RequestId>{call.RequestId}</RequestId></ErrorResponse>", null);

    public static string Escape(string text) => SecurityElement.Escape(text);

    /// <summary>Epoch seconds, as the JSON protocols send timestamps.</summary>
    public static double Epoch(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / 1000.0;

    private sealed class Answer : IResult
    {
        private readonly string _requestId;
        private readonly int _status;
        private readonly string _contentType;
        private readonly byte[] _body;
        private readonly IDictionary<string, string>? _headers;

        public Answer(string requestId, int status, string contentType, string body, IDictionary<string, string>? headers)
            : this(requestId, status, contentType, System.Text.Encoding.UTF8.GetBytes(body), headers)
        {
        }

        public Answer(string requestId, int status, string contentType, byte[] body, IDictionary<string, string>? headers)
        {
            (_requestId, _status, _contentType, _body, _headers) = (requestId, status, contentType, body, headers);
        }

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = _status;
            response.ContentType = _contentType;
            response.Headers["x-amzn-RequestId"] = _requestId;
            foreach (var (name, value) in _headers ?? new Dictionary<string, string>())
                response.Headers[name] = value;
            response.ContentLength = _body.Length;
            await response.Body.WriteAsync(_body);
        }
    }
}

/// <summary>JSON helpers for emulated answers.</summary>
internal static class AwsJsonBodies
{
    public static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
}
