using System.Globalization;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.Lambda;

/// <summary>Lambda's answer shapes (botocore <c>AliasConfiguration</c> and <c>FunctionConfiguration</c>) with the model's member names.</summary>
internal static class LambdaJson
{
    public static JsonObject Alias(LambdaAlias alias)
    {
        var json = new JsonObject
        {
            ["AliasArn"] = alias.Arn,
            ["Name"] = alias.Name,
            ["FunctionVersion"] = alias.FunctionVersion,
            ["Description"] = alias.Description,
        };
        // No RoutingConfig at all once the routing is cleared, as Lambda answers.
        if (alias.AdditionalVersion is { } additional)
            json["RoutingConfig"] = new JsonObject { ["AdditionalVersionWeights"] = new JsonObject { [additional] = alias.AdditionalWeight } };
        json["RevisionId"] = alias.RevisionId;
        return json;
    }

    public static JsonObject Configuration(LambdaConfiguration configuration)
    {
        var version = configuration.Version;
        var json = new JsonObject
        {
            ["FunctionName"] = configuration.FunctionName,
            ["FunctionArn"] = configuration.FunctionArn,
            ["Runtime"] = "python3.12",
            ["Role"] = configuration.Role,
            ["Handler"] = "app.handler",
            ["CodeSize"] = version.CodeSize,
            ["Description"] = version.Description,
            ["Timeout"] = SandboxSeed.FunctionTimeoutSeconds,
            ["MemorySize"] = 512,
            ["LastModified"] = LastModified(version.LastModified),
            ["CodeSha256"] = version.CodeSha256,
            ["Version"] = version.Version,
            ["TracingConfig"] = new JsonObject { ["Mode"] = "PassThrough" },
            ["RevisionId"] = version.RevisionId,
            ["State"] = "Active",
            ["LastUpdateStatus"] = configuration.UpdateInProgress ? "InProgress" : "Successful",
        };
        if (configuration.UpdateInProgress)
        {
            json["LastUpdateStatusReason"] = "The function is being updated.";
            json["LastUpdateStatusReasonCode"] = "Updating";
        }
        json["PackageType"] = "Zip";
        json["Architectures"] = new JsonArray("x86_64");
        json["EphemeralStorage"] = new JsonObject { ["Size"] = 512 };
        json["SnapStart"] = new JsonObject { ["ApplyOn"] = "None", ["OptimizationStatus"] = "Off" };
        json["LoggingConfig"] = new JsonObject { ["LogFormat"] = "Text", ["LogGroup"] = $"/aws/lambda/{configuration.FunctionName}" };
        return json;
    }

    /// <summary>Lambda's LastModified: a string such as <c>2024-01-01T00:00:00.000+0000</c> (the model types it as a string).</summary>
    public static string LastModified(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);
}
