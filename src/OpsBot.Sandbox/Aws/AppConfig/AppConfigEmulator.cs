using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.AppConfig;

/// <summary>
/// AppConfig over restJson1 (signing name <c>appconfig</c>): the operations OpsBot's feature flags use, routed by
/// method and path as botocore's model lays them out. Errors carry their code in <c>X-Amzn-ErrorType</c> and the
/// model's members (Message, ResourceName, Reason, Details) in the body.
/// </summary>
internal sealed class AppConfigEmulator(AppConfigWorld world) : IAwsServiceEmulator
{
    public string SigningName => "appconfig";

    public Task<IResult> HandleAsync(AwsCall call, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(Route(call));
        }
        catch (AppConfigException e)
        {
            return Task.FromResult(AwsResults.RestError(call, e.Status, e.Code, e.Message, e.Members));
        }
    }

    private IResult Route(AwsCall call)
    {
        var path = call.RawPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var max = Integer(call.Query("max_results"), "maxResults");
        var token = call.Query("next_token");
        return (call.Method, path) switch
        {
            ("GET", ["applications"]) => Json(call, world.ListApplications(max, token)),
            ("GET", ["applications", var app, "environments"]) => Json(call, world.ListEnvironments(app, max, token)),
            ("GET", ["applications", var app, "configurationprofiles"]) =>
                Json(call, world.ListConfigurationProfiles(app, call.Query("type"), max, token)),
            ("GET", ["applications", var app, "configurationprofiles", var profile, "hostedconfigurationversions"]) =>
                Json(call, world.ListHostedConfigurationVersions(app, profile, call.Query("version_label"), max, token)),
            ("POST", ["applications", var app, "configurationprofiles", var profile, "hostedconfigurationversions"]) =>
                Hosted(call, 201, world.CreateHostedConfigurationVersion(app, profile, call.Body, call.Header("Content-Type"), call.Header("Description"),
                    Integer(call.Header("Latest-Version-Number"), "latestVersionNumber"), call.Header("VersionLabel"))),
            ("GET", ["applications", var app, "configurationprofiles", var profile, "hostedconfigurationversions", var number]) =>
                Hosted(call, 200, world.GetHostedConfigurationVersion(app, profile, Integer(number, "versionNumber")!.Value)),
            ("GET", ["applications", var app, "environments", var env, "deployments"]) => Json(call, world.ListDeployments(app, env, max, token)),
            ("POST", ["applications", var app, "environments", var env, "deployments"]) => StartDeployment(call, app, env),
            ("GET", ["applications", var app, "environments", var env, "deployments", var number]) =>
                Json(call, world.GetDeployment(app, env, Integer(number, "deploymentNumber")!.Value)),
            ("DELETE", ["applications", var app, "environments", var env, "deployments", var number]) =>
                Json(call, world.StopDeployment(app, env, Integer(number, "deploymentNumber")!.Value, AllowRevert(call.Header("Allow-Revert"))), 202),
            ("GET", ["deploymentstrategies"]) => Json(call, world.ListDeploymentStrategies(max, token)),
            _ => throw new AppConfigException(HttpStatusCode.NotFound, "UnknownOperationException",
                $"The sandbox does not emulate AppConfig's {call.Method} {call.RawPath}; it emulates the operations OpsBot uses."),
        };
    }

    private IResult StartDeployment(AwsCall call, string application, string environment)
    {
        var body = call.Json() ?? throw AppConfigException.BadRequest("The request body is not a JSON object.");
        return Json(call, world.StartDeployment(application, environment,
            Text(body, "DeploymentStrategyId"), Text(body, "ConfigurationProfileId"), Text(body, "ConfigurationVersion"), Text(body, "Description"),
            body["LatestDeploymentNumber"] is { } latest && latest.GetValueKind() == JsonValueKind.Number ? latest.GetValue<int>() : null), 201);
    }

    private static IResult Json(AwsCall call, JsonObject body, int status = 200) => AwsResults.Json(call, JsonCompaction.WithoutNulls(body), status);

    /// <summary>A hosted version: the content as body, everything else in headers.</summary>
    private static IResult Hosted(AwsCall call, int status, HostedVersion version) =>
        AwsResults.Raw(call, version.Content, version.ContentType, status, version.Headers().ToDictionary(h => h.Key, h => Ascii(h.Value)));

    private static string? Text(JsonObject body, string member) => body[member] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw AppConfigException.BadRequest($"{member} must be a string."),
    };

    private static int? Integer(string? text, string member)
    {
        if (text is null)
            return null;
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw AppConfigException.Validation(member, text, "Member must be an integer");
    }

    private static bool AllowRevert(string? header) => header is not null && bool.TryParse(header, out var allow) && allow;

    /// <summary>Header values are ASCII; anything else is shown as '?', as OpsBot's client sends it.</summary>
    private static string Ascii(string value) => string.Create(value.Length, value, static (span, text) =>
    {
        for (var i = 0; i < text.Length; i++)
            span[i] = text[i] is >= ' ' and <= '~' ? text[i] : '?';
    });
}
