using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Sandbox.Aws.Lambda;

namespace OpsBot.Sandbox.Aws.Traffic;

/// <summary>Reading a <c>/sandbox/faults</c> request: each problem is collected as a sentence part saying what is wrong.</summary>
internal sealed class FaultInput(IReadOnlyList<SandboxEnvironment> environments)
{
    public const string Example = "{\"environment\":\"prod\",\"function\":\"lambda_router\",\"version\":\"5\",\"errorRate\":0.2,\"durationMs\":1200}";

    public List<string> Problems { get; } = [];

    public static async Task<(JsonObject? Body, string? Error)> ReadBodyAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) is JsonObject body
                ? (body, null)
                : (null, $"the body must be a JSON object such as {Example}");
        }
        catch (JsonException e)
        {
            return (null, $"the body is not JSON: {e.Message}");
        }
    }

    /// <summary>The environment named; a fault without one is refused, since dev and prod are separate worlds.</summary>
    public SandboxEnvironment? Environment(JsonNode? node)
    {
        var names = string.Join(" or ", environments.Select(e => e.Name));
        if (node is null)
        {
            Problems.Add($"'environment' is required: {names} (each is a separate world)");
            return null;
        }
        var name = node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var environment = environments.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        if (environment is null)
            Problems.Add($"'environment' must be {names}, not {node.ToJsonString()}");
        return environment;
    }

    /// <summary>A function of the environment's world, named in <paramref name="member"/> (<c>function</c>, or <c>dlq</c> for its dead-letter queue).</summary>
    public string? Function(JsonNode? node, SandboxEnvironment? environment, string member = "function")
    {
        if (node is null)
        {
            Problems.Add($"'{member}' is required");
            return null;
        }
        if (node is not JsonValue value || !value.TryGetValue<string>(out var function))
        {
            Problems.Add($"'{member}' must be a string");
            return null;
        }
        var known = environment is null ? SandboxSeed.Functions : environment.World.GetRequiredService<LambdaWorld>().FunctionNames;
        if (!known.Contains(function, StringComparer.Ordinal))
        {
            Problems.Add($"'{member}' '{function}' is not a sandbox function (they are: {string.Join(", ", known)})");
            return null;
        }
        return function;
    }

    /// <summary>A published version number of the function, as a JSON number or a string of digits.</summary>
    public string? Version(JsonNode? node, SandboxEnvironment? environment, string? function, bool required)
    {
        if (node is null)
        {
            if (required)
                Problems.Add("'version' is required: a published version number such as \"5\"");
            return null;
        }
        var text = node is JsonValue value && value.TryGetValue<string>(out var s) ? s
            : node.GetValueKind() == JsonValueKind.Number ? node.ToJsonString()
            : null;
        if (text is null || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            Problems.Add($"'version' must be a published version number (1, 2, ...), not {node.ToJsonString()}");
            return null;
        }
        var version = number.ToString(CultureInfo.InvariantCulture);
        if (environment is not null && function is not null)
        {
            var published = environment.World.GetRequiredService<LambdaWorld>().ListVersions(function)
                .Select(c => c.Version.Version).Where(v => v != LambdaVersion.Latest).ToList();
            if (!published.Contains(version))
                Problems.Add($"{function} has no version {version} in {environment.Name} (its versions are {string.Join(", ", published)})");
        }
        return version;
    }

    public double? Number(JsonNode? node, string name)
    {
        if (node is null)
            return null;
        if (node.GetValueKind() != JsonValueKind.Number)
        {
            Problems.Add($"'{name}' must be a number, not {node.ToJsonString()}");
            return null;
        }
        return node.GetValue<double>();
    }
}
