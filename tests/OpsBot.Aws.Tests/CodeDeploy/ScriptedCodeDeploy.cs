using System.Net;
using System.Text.Json.Nodes;
using OpsBot.Aws.Tests.Http;

namespace OpsBot.Aws.Tests.CodeDeploy;

/// <summary>
/// A CodeDeploy endpoint in memory, answering the awsJson1_1 calls the router makes from what it was given and what
/// was created: deployments (id, status, description) and deployment configs. Plug it into a <see cref="RecordingHandler"/>.
/// </summary>
internal sealed class ScriptedCodeDeploy
{
    private static readonly string[] Unfinished = ["Created", "Queued", "InProgress", "Baking", "Ready"];

    public List<(string Id, string Status, string Description)> Deployments { get; } = [];

    /// <summary>Existing deployment configs by name, as the JSON of their trafficRoutingConfig.</summary>
    public Dictionary<string, string> Configs { get; } = [];

    /// <summary>When set, CreateDeploymentConfig answers DeploymentConfigAlreadyExistsException (another replica won).</summary>
    public bool ConfigCreatedMeanwhile { get; set; }

    public RecordingHandler Handler() => new RecordingHandler().Answer(Respond);

    public static string Operation(SentRequest sent) => sent.Header("X-Amz-Target")!.Split('.')[1];

    public static JsonNode Body(SentRequest sent) => JsonNode.Parse(sent.Text)!;

    private HttpResponseMessage Respond(SentRequest sent)
    {
        var body = Body(sent);
        switch (Operation(sent))
        {
            case "ListDeployments":
                // Either the unfinished ones (is one in progress?) or all created in a window (did this OpsBot deployment start one?).
                var statuses = body["includeOnlyStatuses"]?.AsArray().Select(s => (string)s!).ToList();
                if (statuses is not null)
                    Assert.Equal(Unfinished, statuses);
                else
                    Assert.NotNull(body["createTimeRange"]);
                return Ok(new JsonObject { ["deployments"] = new JsonArray([.. Deployments.Where(d => statuses is null || statuses.Contains(d.Status)).Select(d => JsonValue.Create(d.Id))]) });
            case "GetDeployment":
                var id = (string)body["deploymentId"]!;
                var found = Deployments.FirstOrDefault(d => d.Id == id);
                return found.Id is null
                    ? Error("DeploymentDoesNotExistException", $"The deployment {id} could not be found.")
                    : Ok(new JsonObject { ["deploymentInfo"] = new JsonObject { ["deploymentId"] = id, ["status"] = found.Status, ["description"] = found.Description } });
            case "CreateDeployment":
                var created = $"d-{Deployments.Count + 1:D9}";
                Deployments.Add((created, "Created", (string)body["description"]!));
                return Ok(new JsonObject { ["deploymentId"] = created });
            case "GetDeploymentConfig":
                var name = (string)body["deploymentConfigName"]!;
                return Configs.TryGetValue(name, out var routing)
                    ? Ok(new JsonObject { ["deploymentConfigInfo"] = new JsonObject { ["deploymentConfigName"] = name, ["computePlatform"] = "Lambda", ["trafficRoutingConfig"] = JsonNode.Parse(routing) } })
                    : Error("DeploymentConfigDoesNotExistException", $"{name} does not exist");
            case "CreateDeploymentConfig":
                if (ConfigCreatedMeanwhile)
                    return Error("DeploymentConfigAlreadyExistsException", "exists");
                Configs[(string)body["deploymentConfigName"]!] = body["trafficRoutingConfig"]!.ToJsonString();
                return Ok(new JsonObject { ["deploymentConfigId"] = "c-1" });
            default:
                throw new InvalidOperationException($"unexpected {Operation(sent)}");
        }
    }

    private static HttpResponseMessage Ok(JsonObject body) =>
        RecordingHandler.Respond(HttpStatusCode.OK, body.ToJsonString(), "application/x-amz-json-1.1", []);

    private static HttpResponseMessage Error(string type, string message) =>
        RecordingHandler.Respond(HttpStatusCode.BadRequest, new JsonObject { ["__type"] = type, ["message"] = message }.ToJsonString(), "application/x-amz-json-1.1", []);
}
