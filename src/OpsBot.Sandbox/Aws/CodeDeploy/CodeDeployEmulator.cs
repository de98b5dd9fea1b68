using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Aws.CodeDeploy;

/// <summary>
/// CodeDeploy's API (awsJson1_1, <c>CodeDeploy_20141006.*</c>) over <see cref="CodeDeployWorld"/>: the operations OpsBot
/// uses — CreateDeployment, GetDeployment, StopDeployment, ListDeployments, GetDeploymentGroup, GetDeploymentConfig and
/// CreateDeploymentConfig — with camelCase members, epoch-second timestamps and <c>{"__type","message"}</c> errors.
/// </summary>
internal sealed partial class CodeDeployEmulator(CodeDeployWorld world) : IAwsServiceEmulator
{
    private const string ContentType = "application/x-amz-json-1.1";

    public string SigningName => "codedeploy";

    public Task<IResult> HandleAsync(AwsCall call, CancellationToken cancellationToken)
    {
        try
        {
            var input = call.Json() ?? throw new CodeDeployFault("SerializationException", "The request body is not a JSON object.");
            var output = call.Target switch
            {
                "CreateDeployment" => CreateDeployment(input),
                "GetDeployment" => GetDeployment(input),
                "StopDeployment" => StopDeployment(input),
                "ListDeployments" => ListDeployments(input),
                "GetDeploymentGroup" => GetDeploymentGroup(input),
                "GetDeploymentConfig" => GetDeploymentConfig(input),
                "CreateDeploymentConfig" => CreateDeploymentConfig(input),
                var other => throw new CodeDeployFault("UnknownOperationException", $"The sandbox's CodeDeploy has no operation {other ?? "(no X-Amz-Target)"}."),
            };
            return Task.FromResult(AwsResults.Json(call, output, contentType: ContentType));
        }
        catch (CodeDeployFault fault)
        {
            return Task.FromResult(fault.ToResult(call));
        }
    }

    private static string? String(JsonObject json, string member) => json[member] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw Unreadable(member, "a string"),
    };

    private static bool? Boolean(JsonObject json, string member) => json[member] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw Unreadable(member, "a boolean"),
    };

    private static int? Integer(JsonObject json, string member) => json[member] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) => i,
        _ => throw Unreadable(member, "an integer"),
    };

    /// <summary>A timestamp: epoch seconds, fractional or not.</summary>
    private static DateTimeOffset? Time(JsonObject json, string member) => json[member] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(v.GetValue<double>() * 1000)),
        _ => throw Unreadable(member, "a timestamp in epoch seconds"),
    };

    private static JsonObject? Object(JsonObject json, string member) => json[member] switch
    {
        null => null,
        JsonObject o => o,
        _ => throw Unreadable(member, "an object"),
    };

    private static List<string>? Strings(JsonObject json, string member) => json[member] switch
    {
        null => null,
        JsonArray a => [.. a.Select(e => e is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Unreadable(member, "a list of strings"))],
        _ => throw Unreadable(member, "a list of strings"),
    };

    private static CodeDeployFault Unreadable(string member, string what) => new("SerializationException", $"{member} must be {what}.");
}
