using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OpsBot.Sandbox.Aws.Traffic;

/// <summary>
/// The sandbox's HTTP surface for faults: <c>POST /sandbox/faults</c> sets one
/// (<c>{"function":"lambda_router","version":"5","errorRate":0.2,"durationMs":1200}</c>), <c>DELETE /sandbox/faults</c>
/// clears a version's fault or, without a version, every fault of the function (function and version in the JSON body
/// or the query string), <c>GET /sandbox/faults</c> lists them. Bad input is answered 400 with <c>{"error": ...}</c>
/// saying what is wrong.
/// </summary>
public static class SandboxFaultsEndpoint
{
    /// <summary>The path of the faults resource.</summary>
    public const string Path = "/sandbox/faults";

    /// <summary>Maps the faults resource on <paramref name="app"/> (the sandbox's own listener, not the AWS endpoint's).</summary>
    /// <param name="app">Where to map it.</param>
    /// <param name="emulatorServices">The AWS emulator's services, which hold the <see cref="TrafficFaults"/>.</param>
    public static IEndpointRouteBuilder MapSandboxFaults(this IEndpointRouteBuilder app, IServiceProvider emulatorServices)
    {
        var faults = emulatorServices.GetRequiredService<TrafficFaults>();
        app.MapPost(Path, (Delegate)(async (HttpContext context) => await SetAsync(context, faults)));
        app.MapDelete(Path, (Delegate)(async (HttpContext context) => await ClearAsync(context, faults)));
        app.MapGet(Path, () => Answer(200, new JsonObject { ["faults"] = new JsonArray([.. faults.Current().Select(ToJson)]) }));
        return app;
    }

    private static async Task<IResult> SetAsync(HttpContext context, TrafficFaults faults)
    {
        var (body, bodyError) = await ReadBodyAsync(context);
        if (bodyError is not null)
            return Refuse(bodyError);
        var problems = new List<string>();
        var function = Function(body!["function"], problems);
        var version = Version(body["version"], problems, required: true);
        var errorRate = Number(body["errorRate"], "errorRate", problems);
        if (body["errorRate"] is null)
            problems.Add("'errorRate' is required: the fraction of invocations that fail, from 0 to 1");
        else if (errorRate is < 0 or > 1)
            problems.Add($"'errorRate' must be from 0 to 1 (a fraction, 0.2 for 20%), not {errorRate.Value.ToString(CultureInfo.InvariantCulture)}");
        var durationMs = Number(body["durationMs"], "durationMs", problems);
        if (durationMs is <= 0)
            problems.Add($"'durationMs' must be a positive number of milliseconds, not {durationMs.Value.ToString(CultureInfo.InvariantCulture)}");
        var unknown = body.Select(p => p.Key).Where(k => k is not ("function" or "version" or "errorRate" or "durationMs")).ToList();
        if (unknown.Count > 0)
            problems.Add($"unknown {(unknown.Count == 1 ? "member" : "members")} {string.Join(", ", unknown.Select(k => $"'{k}'"))} (expected function, version, errorRate, durationMs)");
        if (problems.Count > 0)
            return Refuse(string.Join("; ", problems));
        var fault = faults.Set(function!, version!, errorRate!.Value, durationMs);
        return Answer(200, new JsonObject { ["fault"] = ToJson(fault) });
    }

    private static async Task<IResult> ClearAsync(HttpContext context, TrafficFaults faults)
    {
        JsonObject body = [];
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var (read, bodyError) = await ReadBodyAsync(context);
            if (bodyError is not null)
                return Refuse(bodyError);
            body = read!;
        }
        var query = context.Request.Query;
        var problems = new List<string>();
        var function = Function(body["function"] ?? (query["function"].ToString() is { Length: > 0 } f ? JsonValue.Create(f) : null), problems);
        var version = Version(body["version"] ?? (query["version"].ToString() is { Length: > 0 } v ? JsonValue.Create(v) : null), problems, required: false);
        if (problems.Count > 0)
            return Refuse(string.Join("; ", problems));
        var cleared = faults.Clear(function!, version);
        return Answer(200, new JsonObject { ["cleared"] = cleared, ["faults"] = new JsonArray([.. faults.Current().Select(ToJson)]) });
    }

    private static async Task<(JsonObject? Body, string? Error)> ReadBodyAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) is JsonObject body
                ? (body, null)
                : (null, "the body must be a JSON object such as {\"function\":\"lambda_router\",\"version\":\"5\",\"errorRate\":0.2,\"durationMs\":1200}");
        }
        catch (JsonException e)
        {
            return (null, $"the body is not JSON: {e.Message}");
        }
    }

    private static string? Function(JsonNode? node, List<string> problems)
    {
        if (node is null)
        {
            problems.Add("'function' is required");
            return null;
        }
        if (node is not JsonValue value || !value.TryGetValue<string>(out var function))
        {
            problems.Add("'function' must be a string");
            return null;
        }
        if (!SandboxSeed.Functions.Contains(function, StringComparer.Ordinal))
        {
            problems.Add($"'function' '{function}' is not a sandbox function (they are: {string.Join(", ", SandboxSeed.Functions)})");
            return null;
        }
        return function;
    }

    /// <summary>A version number, as a JSON number or a string of digits.</summary>
    private static string? Version(JsonNode? node, List<string> problems, bool required)
    {
        if (node is null)
        {
            if (required)
                problems.Add("'version' is required: a published version number such as \"5\"");
            return null;
        }
        var text = node is JsonValue value && value.TryGetValue<string>(out var s) ? s
            : node.GetValueKind() == JsonValueKind.Number ? node.ToJsonString()
            : null;
        if (text is null || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            problems.Add($"'version' must be a published version number (1, 2, ...), not {node.ToJsonString()}");
            return null;
        }
        return number.ToString(CultureInfo.InvariantCulture);
    }

    private static double? Number(JsonNode? node, string name, List<string> problems)
    {
        if (node is null)
            return null;
        if (node.GetValueKind() != JsonValueKind.Number)
        {
            problems.Add($"'{name}' must be a number, not {node.ToJsonString()}");
            return null;
        }
        return node.GetValue<double>();
    }

    private static JsonObject ToJson(TrafficFault fault) => new()
    {
        ["function"] = fault.Function,
        ["version"] = fault.Version,
        ["errorRate"] = fault.ErrorRate,
        ["durationMs"] = fault.DurationMs,
    };

    private static IResult Refuse(string error) => Answer(400, new JsonObject { ["error"] = error });

    private static IResult Answer(int status, JsonObject body) => Results.Text(body.ToJsonString(), "application/json", statusCode: status);
}
