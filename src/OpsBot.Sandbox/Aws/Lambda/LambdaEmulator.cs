using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Aws.Lambda;

/// <summary>
/// Lambda's API (restJson1, 2015-03-31) over <see cref="LambdaWorld"/>: the operations OpsBot uses — GetAlias,
/// UpdateAlias, ListAliases, PublishVersion, ListVersionsByFunction, GetFunctionConfiguration — on the model's
/// methods and URIs, answering the model's shapes and errors.
/// </summary>
internal sealed partial class LambdaEmulator(LambdaWorld world) : IAwsServiceEmulator
{
    private const string ApiVersion = "2015-03-31";

    /// <summary>Lambda answers at most 50 items a page, whatever MaxItems asks for.</summary>
    private const int PageLimit = 50;

    public string SigningName => "lambda";

    public Task<IResult> HandleAsync(AwsCall call, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(Route(call));
        }
        catch (LambdaFault fault)
        {
            return Task.FromResult(fault.ToResult(call));
        }
    }

    private IResult Route(AwsCall call)
    {
        // Labels arrive percent-encoded (an ARN's ':' as %3A); each segment is decoded once.
        var segments = call.RawPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        if (segments is [ApiVersion, "functions", var function, .. var rest])
        {
            switch (rest, call.Method)
            {
                case (["aliases", var alias], "GET"):
                    return GetAlias(call, function, alias);
                case (["aliases", var alias], "PUT"):
                    return UpdateAlias(call, function, alias);
                case (["aliases"], "GET"):
                    return ListAliases(call, function);
                case (["versions"], "POST"):
                    return PublishVersion(call, function);
                case (["versions"], "GET"):
                    return ListVersionsByFunction(call, function);
                case (["configuration"], "GET"):
                    return GetFunctionConfiguration(call, function);
            }
        }
        return AwsResults.RestError(call, HttpStatusCode.NotFound, "UnknownOperationException",
            $"The sandbox's Lambda has no operation {call.Method} {call.RawPath}.", messageKey: "message");
    }

    private static IResult Ok(AwsCall call, JsonNode body, int status = 200) => AwsResults.Json(call, body, status);

    /// <summary>The JSON body; an unreadable one is InvalidRequestContentException, as Lambda answers it.</summary>
    private static JsonObject Body(AwsCall call) =>
        call.Json() ?? throw LambdaFault.InvalidContent($"Could not parse request body into json: {Preview(call.Text)}");

    /// <summary>A string member of the body, or null; any other JSON type is refused.</summary>
    private static string? String(JsonObject body, string member) => body[member] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        var other => throw LambdaFault.InvalidContent($"Could not parse request body into json: Unexpected value for member {member}: {other.ToJsonString()}"),
    };

    /// <summary>One page of <paramref name="items"/> after the opaque <c>Marker</c>, and the marker of the next page (null at the end).</summary>
    private static (IReadOnlyList<T> Page, string? NextMarker) Page<T>(AwsCall call, IReadOnlyList<T> items, Func<T, string> key)
    {
        var size = PageLimit;
        if (call.Query("MaxItems") is { } maxItems)
        {
            if (!int.TryParse(maxItems, NumberStyles.None, CultureInfo.InvariantCulture, out var max) || max is < 1 or > 10_000)
            {
                throw LambdaFault.InvalidParameter(
                    $"1 validation error detected: Value '{maxItems}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000");
            }
            size = Math.Min(max, PageLimit);
        }
        var start = 0;
        if (call.Query("Marker") is { } marker)
        {
            var at = DecodeMarker(marker) is { } k ? items.ToList().FindIndex(i => key(i) == k) : -1;
            start = at >= 0 ? at : throw LambdaFault.InvalidParameter($"Invalid marker: {marker}");
        }
        var page = items.Skip(start).Take(size).ToList();
        var next = start + size < items.Count ? EncodeMarker(key(items[start + size])) : null;
        return (page, next);
    }

    /// <summary>Markers name the first item of the next page, so that a page stays right when items are added meanwhile.</summary>
    private static string EncodeMarker(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes("next:" + key));

    private static string? DecodeMarker(string marker)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(marker));
            return text.StartsWith("next:", StringComparison.Ordinal) ? text["next:".Length..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Preview(string text) => text.Length <= 100 ? text : text[..100] + "...";
}
