using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.ChatConsole;

/// <summary>Reading the page's JSON requests, and the answers the console endpoints give the page.</summary>
internal static class ConsoleInput
{
    /// <summary>The body as a JSON object, or null when it is not one.</summary>
    public static async Task<JsonObject?> ReadObjectAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? String(this JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>A configured user, by id or name.</summary>
    public static SandboxConsoleUser? User(SandboxConsoleOptions options, string? idOrName) =>
        string.IsNullOrEmpty(idOrName) ? null : options.Users.FirstOrDefault(u => u.Id == idOrName || u.Name == idOrName);

    /// <summary>A configured channel, by id, name or '#name'.</summary>
    public static SandboxConsoleChannel? Channel(SandboxConsoleOptions options, string? idOrName) =>
        string.IsNullOrEmpty(idOrName) ? null : options.Channels.FirstOrDefault(c => c.Id == idOrName || c.Name == idOrName.TrimStart('#'));

    /// <summary>The base address for minted response URLs: the configured one, else the request's own.</summary>
    public static Uri PublicBaseUrl(HttpRequest request, SandboxConsoleOptions options)
    {
        var text = options.PublicBaseUrl?.ToString() ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    /// <summary>400 with <c>{"error": code, "message": ...}</c>: the page shows the message.</summary>
    public static IResult Refuse(string code, string message, int status = StatusCodes.Status400BadRequest) =>
        Json(new JsonObject { ["error"] = code, ["message"] = message }, status);

    public static IResult Json(JsonObject body, int status = StatusCodes.Status200OK) =>
        Results.Text(body.ToJsonString(), "application/json; charset=utf-8", statusCode: status);

    /// <summary>The bot's answer as the page gets it: <c>{status, contentType, body, error, detail}</c>.</summary>
    public static JsonObject AnswerJson(BotAnswer answer) => new()
    {
        ["status"] = answer.Status,
        ["contentType"] = answer.ContentType,
        ["body"] = answer.Body,
        ["error"] = answer.Error,
        ["detail"] = answer.Detail,
    };
}
