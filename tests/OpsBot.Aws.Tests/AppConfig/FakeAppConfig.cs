using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpsBot.Aws.Tests.Http;

namespace OpsBot.Aws.Tests.AppConfig;

/// <summary>
/// An in-memory AppConfig behind a <see cref="RecordingHandler"/>: one application with a prod and a staging
/// environment, a hosted feature-flag profile and a freeform one, the predefined strategies plus a custom one, the
/// hosted store's version lock and deployments (one at a time, <c>LatestDeploymentNumber</c> checked, stopped as
/// StopDeployment's documentation says). Answers as the botocore model shapes them.
/// </summary>
internal sealed class FakeAppConfig
{
    public const string ApplicationId = "a1b2c3d";
    public const string EnvironmentId = "e4f5g6h";
    public const string ProfileId = "p7q8r9s";
    public const string OtherProfileId = "f0f0f0f";

    /// <summary>The guide's three flags: one with a variant, one with an attribute, one deprecated without a value.</summary>
    public const string GuideFlags = """
        {"version":"1",
         "flags":{
           "enable_new_api_endpoint":{"name":"New API endpoint","description":"Controls new API functionality"},
           "enable_enhanced_processing":{"name":"Enhanced processing","description":"Advanced data processing features",
             "attributes":{"batch_size":{"description":"Records per batch","constraints":{"type":"number","required":true,"minimum":1,"maximum":1000}}}},
           "enable_advanced_monitoring":{"name":"Advanced monitoring","description":"Enhanced monitoring capabilities",
             "_deprecation":{"status":"planned","date":"2026-12-31"}}},
         "values":{
           "enable_new_api_endpoint":{"enabled":false,"_createdAt":"2026-01-05T10:00:00Z",
             "_variants":[{"name":"beta","enabled":true,"rule":"(contains $userId \"beta-\")"}]},
           "enable_enhanced_processing":{"enabled":true,"batch_size":250}}}
        """;

    /// <summary>The guide's document with the given flags' values changed.</summary>
    public static string GuideWith(Action<JsonObject> change)
    {
        var document = JsonNode.Parse(GuideFlags)!.AsObject();
        change(document["values"]!.AsObject());
        return document.ToJsonString();
    }

    private const string Path = "/applications/" + ApplicationId;
    private const string VersionsPath = Path + "/configurationprofiles/" + ProfileId + "/hostedconfigurationversions";
    private const string DeploymentsPath = Path + "/environments/" + EnvironmentId + "/deployments";

    public FakeAppConfig() => Handler = new RecordingHandler().Answer(Handle);

    public RecordingHandler Handler { get; }

    /// <summary>The hosted versions of the flag profile, by number.</summary>
    public SortedDictionary<int, string> Versions { get; } = [];

    /// <summary>Deployments of the environment as Deployment JSON, by number.</summary>
    public SortedDictionary<int, JsonObject> Deployments { get; } = [];

    /// <summary>When set, ListDeployments answers pages of this many deployments.</summary>
    public int? DeploymentPageSize { get; set; }

    /// <summary>Runs before a start is checked: a chance to start another deployment "concurrently".</summary>
    public Action<FakeAppConfig>? BeforeStart { get; set; }

    /// <summary>When set, CreateHostedConfigurationVersion answers 400 BadRequestException with this body.</summary>
    public string? RejectCreate { get; set; }

    /// <summary>Runs before a create is checked against the lock: a chance to create a version "concurrently".</summary>
    public Action<FakeAppConfig>? BeforeCreate { get; set; }

    public IEnumerable<SentRequest> Creates => Handler.Sent.Where(s => s.Method == HttpMethod.Post && s.Uri.AbsolutePath == VersionsPath);

    public IEnumerable<SentRequest> Starts => Handler.Sent.Where(s => s.Method == HttpMethod.Post && s.Uri.AbsolutePath == DeploymentsPath);

    public IEnumerable<SentRequest> Stops => Handler.Sent.Where(s => s.Method == HttpMethod.Delete);

    public IEnumerable<SentRequest> DeploymentLists => Handler.Sent.Where(s => s.Method == HttpMethod.Get && s.Uri.AbsolutePath == DeploymentsPath);

    public FakeAppConfig WithVersions(params string[] contents)
    {
        foreach (var content in contents)
            Versions[Versions.Count + 1] = content;
        return this;
    }

    /// <summary>A deployment of the environment; its events (newest first, as AppConfig lists them) are triggered by USER.</summary>
    public JsonObject AddDeployment(int number, string profileId, string state, string version, params (string Description, string At)[] events)
    {
        var deployment = new JsonObject
        {
            ["ApplicationId"] = ApplicationId, ["EnvironmentId"] = EnvironmentId, ["DeploymentStrategyId"] = "AppConfig.AllAtOnce",
            ["ConfigurationProfileId"] = profileId, ["DeploymentNumber"] = number, ["ConfigurationName"] = profileId == ProfileId ? "flags" : "settings",
            ["ConfigurationVersion"] = version, ["State"] = state, ["PercentageComplete"] = state is "DEPLOYING" or "ROLLED_BACK" ? 0.0 : 100.0,
            ["StartedAt"] = "2026-11-27T08:00:00.000Z",
            ["EventLog"] = new JsonArray(events.Select(e => (JsonNode)new JsonObject
            {
                ["EventType"] = "DEPLOYMENT_STARTED", ["TriggeredBy"] = "USER", ["Description"] = e.Description, ["OccurredAt"] = e.At,
            }).ToArray()),
        };
        if (state == "COMPLETE")
            deployment["CompletedAt"] = "2026-11-27T08:01:00.000Z";
        Deployments[number] = deployment;
        return deployment;
    }

    private HttpResponseMessage Handle(SentRequest r)
    {
        var path = r.Uri.AbsolutePath;
        return (r.Method.Method, path) switch
        {
            ("GET", "/applications") => Ok("""{"Items":[{"Id":"a1b2c3d","Name":"ons-data-platform"},{"Id":"z9z9z9z","Name":"other-app"}]}"""),
            ("GET", Path + "/environments") => Ok("""
                {"Items":[{"ApplicationId":"a1b2c3d","Id":"e4f5g6h","Name":"prod","State":"READY_FOR_DEPLOYMENT"}],"NextToken":"envs2"}
                """, r.Uri.Query.Contains("next_token=envs2", StringComparison.Ordinal)
                    ? """{"Items":[{"ApplicationId":"a1b2c3d","Id":"s5s5s5s","Name":"staging","State":"READY_FOR_DEPLOYMENT"}]}"""
                    : null),
            ("GET", Path + "/configurationprofiles") => Ok("""
                {"Items":[{"ApplicationId":"a1b2c3d","Id":"p7q8r9s","Name":"profile-flags","LocationUri":"hosted","Type":"AWS.AppConfig.FeatureFlags"},
                          {"ApplicationId":"a1b2c3d","Id":"f0f0f0f","Name":"settings","LocationUri":"hosted","Type":"AWS.Freeform"}]}
                """),
            ("GET", VersionsPath) => Ok(JsonSerializer.Serialize(new
            {
                Items = Versions.Keys.Reverse().Select(n => new { ApplicationId, ConfigurationProfileId = ProfileId, VersionNumber = n, ContentType = "application/json" }),
            })),
            ("GET", _) when path.StartsWith(VersionsPath + "/", StringComparison.Ordinal) => Version(int.Parse(path[(VersionsPath.Length + 1)..], CultureInfo.InvariantCulture)),
            ("POST", VersionsPath) => Create(r),
            ("GET", "/deploymentstrategies") => Ok("""
                {"Items":[{"Id":"AppConfig.AllAtOnce","Name":"AppConfig.AllAtOnce","GrowthType":"LINEAR","GrowthFactor":100.0,"FinalBakeTimeInMinutes":10},
                          {"Id":"AppConfig.Linear50PercentEvery30Seconds","Name":"AppConfig.Linear50PercentEvery30Seconds","DeploymentDurationInMinutes":1}],
                 "NextToken":"strategies2"}
                """, r.Uri.Query.Contains("next_token=strategies2", StringComparison.Ordinal)
                    ? """{"Items":[{"Id":"k2k2k2k","Name":"Canary10Percent5Minutes","GrowthType":"LINEAR","GrowthFactor":10.0}]}"""
                    : null),
            ("POST", DeploymentsPath) => Start(r),
            ("GET", DeploymentsPath) => ListDeployments(r),
            _ when path.StartsWith(DeploymentsPath + "/", StringComparison.Ordinal) => Deployment(r, int.Parse(path[(DeploymentsPath.Length + 1)..], CultureInfo.InvariantCulture)),
            _ => Error(HttpStatusCode.NotFound, "ResourceNotFoundException", $"{{\"Message\":\"no route {r.Method} {path}\"}}"),
        };
    }

    private HttpResponseMessage Version(int number) =>
        Versions.TryGetValue(number, out var content)
            ? RecordingHandler.Respond(HttpStatusCode.OK, content, "application/json",
                [("Application-Id", ApplicationId), ("Configuration-Profile-Id", ProfileId), ("Version-Number", number.ToString(CultureInfo.InvariantCulture))])
            : Error(HttpStatusCode.NotFound, "ResourceNotFoundException", """{"Message":"Version not found","ResourceName":"HostedConfigurationVersion"}""");

    private HttpResponseMessage Create(SentRequest r)
    {
        BeforeCreate?.Invoke(this);
        if (RejectCreate is { } rejection)
            return Error(HttpStatusCode.BadRequest, "BadRequestException", rejection);
        var latest = Versions.Count == 0 ? 0 : Versions.Keys.Max();
        if (r.Header("Latest-Version-Number") is { } lockNumber && lockNumber != latest.ToString(CultureInfo.InvariantCulture))
            return Error(HttpStatusCode.Conflict, "ConflictException", $$"""{"Message":"Latest version number {{lockNumber}} is not {{latest}}"}""");
        Versions[latest + 1] = r.Text;
        return RecordingHandler.Respond(HttpStatusCode.Created, r.Text, "application/json",
            [("Application-Id", ApplicationId), ("Configuration-Profile-Id", ProfileId), ("Version-Number", (latest + 1).ToString(CultureInfo.InvariantCulture)),
             ("Description", r.Header("Description") ?? "")]);
    }

    /// <summary>Newest first, in pages of <see cref="DeploymentPageSize"/> when set (the token is the index of the page's first item).</summary>
    private HttpResponseMessage ListDeployments(SentRequest r)
    {
        var all = Deployments.Values.Reverse().ToList();
        var query = System.Web.HttpUtility.ParseQueryString(r.Uri.Query);
        var from = query["next_token"] is { } token ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
        var size = DeploymentPageSize ?? all.Count;
        var page = new JsonObject
        {
            ["Items"] = new JsonArray(all.Skip(from).Take(size).Select(d => (JsonNode)new JsonObject
            {
                ["DeploymentNumber"] = d["DeploymentNumber"]!.DeepClone(), ["ConfigurationProfileId"] = d["ConfigurationProfileId"]!.DeepClone(),
                ["ConfigurationVersion"] = d["ConfigurationVersion"]!.DeepClone(), ["State"] = d["State"]!.DeepClone(), ["Type"] = "USER",
            }).ToArray()),
        };
        if (from + size < all.Count)
            page["NextToken"] = (from + size).ToString(CultureInfo.InvariantCulture);
        return Ok(page.ToJsonString());
    }

    /// <summary>One deployment at a time per environment, and <c>LatestDeploymentNumber</c> must be the newest: else 409 ConflictException.</summary>
    private HttpResponseMessage Start(SentRequest r)
    {
        BeforeStart?.Invoke(this);
        var input = JsonNode.Parse(r.Text)!;
        var newest = Deployments.Count == 0 ? 0 : Deployments.Keys.Max();
        if (Deployments.Values.FirstOrDefault(d => (string?)d["State"] is not ("COMPLETE" or "ROLLED_BACK" or "REVERTED")) is { } active)
            return Error(HttpStatusCode.Conflict, "ConflictException", $$"""{"Message":"Deployment #{{active["DeploymentNumber"]}} is already in progress"}""");
        if (input["LatestDeploymentNumber"] is { } latest && (int)latest != newest)
            return Error(HttpStatusCode.Conflict, "ConflictException", $$"""{"Message":"The latest deployment is #{{newest}}, not #{{latest}}"}""");
        var number = newest + 1;
        var deployment = AddDeployment(number, (string)input["ConfigurationProfileId"]!, "DEPLOYING", (string)input["ConfigurationVersion"]!,
            ("Deployment started", "2026-11-27T08:00:00.000Z"));
        deployment["DeploymentStrategyId"] = input["DeploymentStrategyId"]!.DeepClone();
        deployment["Description"] = input["Description"]?.DeepClone();
        return RecordingHandler.Respond(HttpStatusCode.Created, deployment.ToJsonString(), "application/json", []);
    }

    private HttpResponseMessage Deployment(SentRequest r, int number)
    {
        if (!Deployments.TryGetValue(number, out var deployment))
            return Error(HttpStatusCode.NotFound, "ResourceNotFoundException", """{"Message":"Deployment not found","ResourceName":"Deployment"}""");
        if (r.Method == HttpMethod.Get)
            return Ok(deployment.ToJsonString());
        // As StopDeployment's documentation has it: only a DEPLOYING deployment stops without Allow-Revert; with it one in
        // progress is ROLLED_BACK and a COMPLETE one REVERTED.
        var revert = r.Header("Allow-Revert") == "true";
        var state = (string?)deployment["State"];
        if (state is "ROLLED_BACK" or "REVERTED" || (state != "DEPLOYING" && !revert))
            return Error(HttpStatusCode.BadRequest, "BadRequestException", $$"""{"Message":"Deployment #{{number}} is {{state}}"}""");
        var reverted = state == "COMPLETE";
        deployment["State"] = reverted ? "REVERTED" : "ROLLED_BACK";
        ((JsonArray)deployment["EventLog"]!).Insert(0, new JsonObject
        {
            ["EventType"] = reverted ? "REVERT_COMPLETED" : "ROLLBACK_COMPLETED", ["TriggeredBy"] = "USER",
            ["Description"] = reverted ? "Configuration reverted" : "Rollback completed", ["OccurredAt"] = "2026-11-27T09:00:00.000Z",
        });
        return RecordingHandler.Respond(HttpStatusCode.Accepted, deployment.ToJsonString(), "application/json", []);
    }

    private static HttpResponseMessage Ok(string body, string? nextPage = null) => RecordingHandler.Json(HttpStatusCode.OK, nextPage ?? body);

    private static HttpResponseMessage Error(HttpStatusCode status, string code, string body) =>
        RecordingHandler.Respond(status, body, "application/json", [("X-Amzn-ErrorType", code)]);
}
