using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Aws.Lambda;

internal sealed partial class LambdaEmulator
{
    /// <summary><c>POST /2015-03-31/functions/{FunctionName}/versions</c> with <c>{CodeSha256?, Description?, RevisionId?}</c> → 201 FunctionConfiguration.</summary>
    private IResult PublishVersion(AwsCall call, string function)
    {
        var body = Body(call);
        if (String(body, "PublishTo") is { } publishTo)
            throw LambdaFault.InvalidParameter($"The sandbox publishes versions only; PublishTo '{publishTo}' is not supported.");
        var published = world.Publish(function, String(body, "CodeSha256"), String(body, "Description"), String(body, "RevisionId"));
        return Ok(call, LambdaJson.Configuration(published), 201);
    }

    /// <summary><c>GET /2015-03-31/functions/{FunctionName}/versions?Marker=&amp;MaxItems=</c> → <c>{Versions, NextMarker}</c>, <c>$LATEST</c> first.</summary>
    private IResult ListVersionsByFunction(AwsCall call, string function)
    {
        var (page, next) = Page(call, world.ListVersions(function), c => c.Version.Version);
        var json = new JsonObject { ["Versions"] = new JsonArray([.. page.Select(c => (JsonNode)LambdaJson.Configuration(c))]) };
        if (next is not null)
            json["NextMarker"] = next;
        return Ok(call, json);
    }

    /// <summary><c>GET /2015-03-31/functions/{FunctionName}/configuration?Qualifier=</c> → FunctionConfiguration.</summary>
    private IResult GetFunctionConfiguration(AwsCall call, string function) =>
        Ok(call, LambdaJson.Configuration(world.GetConfiguration(function, call.Query("Qualifier"))));
}
