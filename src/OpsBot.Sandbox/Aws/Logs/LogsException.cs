using System.Net;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.Logs;

/// <summary>
/// A refusal in CloudWatch Logs' words: the modelled exception (<c>__type</c>) and its message; a malformed query also
/// says where (<c>queryCompileError.location</c>, character offsets) as the service does.
/// </summary>
internal sealed class LogsException(HttpStatusCode status, string type, string message, JsonObject? extra = null) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public string Type { get; } = type;

    public JsonObject? Extra { get; } = extra;

    public static LogsException InvalidParameter(string message) => new(HttpStatusCode.BadRequest, "InvalidParameterException", message);

    public static LogsException ResourceNotFound(string message) => new(HttpStatusCode.BadRequest, "ResourceNotFoundException", message);

    public static LogsException LimitExceeded(string message) => new(HttpStatusCode.BadRequest, "LimitExceededException", message);

    public static LogsException Serialization(string message) => new(HttpStatusCode.BadRequest, "SerializationException", message);

    public static LogsException MalformedQuery(int start, int end, string message) =>
        new(HttpStatusCode.BadRequest, "MalformedQueryException", message, new JsonObject
        {
            ["queryCompileError"] = new JsonObject
            {
                ["location"] = new JsonObject { ["startCharOffset"] = start, ["endCharOffset"] = end },
                ["message"] = message,
            },
        });
}
