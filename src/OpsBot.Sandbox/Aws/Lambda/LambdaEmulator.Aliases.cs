using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Aws.Lambda;

internal sealed partial class LambdaEmulator
{
    /// <summary><c>GET /2015-03-31/functions/{FunctionName}/aliases/{Name}</c> → AliasConfiguration.</summary>
    private IResult GetAlias(AwsCall call, string function, string alias) =>
        Ok(call, LambdaJson.Alias(world.GetAlias(function, alias)));

    /// <summary>
    /// <c>PUT /2015-03-31/functions/{FunctionName}/aliases/{Name}</c> with <c>{FunctionVersion?, Description?,
    /// RoutingConfig?: {AdditionalVersionWeights}, RevisionId?}</c> → AliasConfiguration. <c>RoutingConfig</c> absent
    /// keeps the routing; <c>{}</c> or an empty map clears it.
    /// </summary>
    private IResult UpdateAlias(AwsCall call, string function, string alias)
    {
        var body = Body(call);
        var update = new LambdaAliasUpdate(String(body, "FunctionVersion"), String(body, "Description"), Weights(body), String(body, "RevisionId"));
        return Ok(call, LambdaJson.Alias(world.UpdateAlias(function, alias, update)));
    }

    /// <summary><c>GET /2015-03-31/functions/{FunctionName}/aliases?FunctionVersion=&amp;Marker=&amp;MaxItems=</c> → <c>{Aliases, NextMarker}</c>.</summary>
    private IResult ListAliases(AwsCall call, string function)
    {
        var version = call.Query("FunctionVersion");
        if (version is not null && version != "$LATEST" && !version.All(char.IsAsciiDigit))
            throw LambdaFault.InvalidVersion(version);
        var (page, next) = Page(call, world.ListAliases(function, version), a => a.Name);
        var json = new JsonObject { ["Aliases"] = new JsonArray([.. page.Select(a => (JsonNode)LambdaJson.Alias(a))]) };
        if (next is not null)
            json["NextMarker"] = next;
        return Ok(call, json);
    }

    /// <summary>RoutingConfig.AdditionalVersionWeights: null when there is no RoutingConfig, empty when it clears the routing.</summary>
    private static Dictionary<string, double>? Weights(JsonObject body)
    {
        switch (body["RoutingConfig"])
        {
            case null:
                return null;
            case JsonObject routing:
                var weights = new Dictionary<string, double>(StringComparer.Ordinal);
                switch (routing["AdditionalVersionWeights"])
                {
                    case null:
                        return weights;
                    case JsonObject map:
                        foreach (var (version, weight) in map)
                        {
                            weights[version] = weight is JsonValue v && v.GetValueKind() == JsonValueKind.Number
                                ? v.GetValue<double>()
                                : throw LambdaFault.InvalidContent($"Could not parse request body into json: Unexpected weight for version {version}: {weight?.ToJsonString() ?? "null"}");
                        }
                        return weights;
                }
                break;
        }
        throw LambdaFault.InvalidContent("Could not parse request body into json: RoutingConfig must be an object with a map AdditionalVersionWeights");
    }
}
