using System.Net;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.AppConfig;

/// <summary>A refusal in AppConfig's words: the error code (<c>X-Amzn-ErrorType</c>), the message and the members the model gives the error.</summary>
internal sealed class AppConfigException(HttpStatusCode status, string code, string message, JsonObject? members = null) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public string Code { get; } = code;

    public JsonObject? Members { get; } = members;

    public static AppConfigException NotFound(string kind, string id) =>
        new(HttpStatusCode.NotFound, "ResourceNotFoundException", $"{kind} {id} not found.", new JsonObject { ["ResourceName"] = id });

    public static AppConfigException BadRequest(string message) => new(HttpStatusCode.BadRequest, "BadRequestException", message);

    public static AppConfigException Conflict(string message) => new(HttpStatusCode.Conflict, "ConflictException", message);

    /// <summary>A member that breaks the model's constraints, in the words of AWS's request validation.</summary>
    public static AppConfigException Validation(string member, string value, string constraint) =>
        BadRequest($"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    /// <summary>Content that breaks its profile's schema: BadRequestException with Reason InvalidConfiguration and the details.</summary>
    public static AppConfigException InvalidConfiguration(string message, IReadOnlyList<InvalidConfigurationDetail> details) =>
        new(HttpStatusCode.BadRequest, "BadRequestException", message, new JsonObject
        {
            ["Reason"] = "InvalidConfiguration",
            ["Details"] = new JsonObject { ["InvalidConfiguration"] = new JsonArray([.. details.Select(d => (JsonNode)d.ToJson())]) },
        });
}
