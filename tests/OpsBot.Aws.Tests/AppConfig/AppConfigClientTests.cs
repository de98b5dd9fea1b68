using System.Net;
using System.Text;
using OpsBot.Aws.AppConfig;
using OpsBot.Aws.Http;
using OpsBot.Aws.Tests.Http;
using Monitor = OpsBot.Aws.AppConfig.Monitor;

namespace OpsBot.Aws.Tests.AppConfig;

public sealed class AppConfigClientTests
{
    private const string Host = "https://appconfig.us-east-1.amazonaws.com";
    private const string Versions = "/applications/a1b2c3d/configurationprofiles/p7q8r9s/hostedconfigurationversions";
    private const string Deployments = "/applications/a1b2c3d/environments/e4f5g6h/deployments";

    private readonly RecordingHandler _handler = new();

    private AppConfigClient Client => new(TestAws.Transport(_handler));

    private static readonly AwsScope Scope = TestAws.Scope;

    private const string DeploymentJson = """
        {"ApplicationId":"a1b2c3d","EnvironmentId":"e4f5g6h","DeploymentStrategyId":"AppConfig.AllAtOnce","ConfigurationProfileId":"p7q8r9s",
         "DeploymentNumber":7,"ConfigurationName":"flags","ConfigurationLocationUri":"hosted","ConfigurationVersion":"4","Description":"enable new api",
         "DeploymentDurationInMinutes":0,"GrowthType":"LINEAR","GrowthFactor":100.0,"FinalBakeTimeInMinutes":10,"State":"BAKING",
         "EventLog":[{"EventType":"BAKE_TIME_STARTED","TriggeredBy":"APPCONFIG","Description":"Bake time started","OccurredAt":"2026-11-27T08:00:05.123Z"},
                     {"EventType":"DEPLOYMENT_STARTED","TriggeredBy":"USER","Description":"Deployment started","OccurredAt":"2026-11-27T08:00:00Z",
                      "ActionInvocations":[{"ExtensionIdentifier":"AWS.AppConfig.DeploymentNotificationsToEventBridge","ActionName":"notify","InvocationId":"i1j2k3l"}]}],
         "PercentageComplete":100.0,"StartedAt":"2026-11-27T08:00:00.000Z","CompletedAt":"2026-11-27T08:00:04Z",
         "AppliedExtensions":[{"ExtensionId":"x1y2z3a","ExtensionAssociationId":"b4c5d6e","VersionNumber":1,"Parameters":{"k":"v"}}],
         "VersionLabel":"v4"}
        """;

    [Fact]
    public async Task ListApplications_is_a_get_with_snake_case_paging_parameters()
    {
        _handler.Answer(HttpStatusCode.OK, """{"Items":[{"Id":"a1b2c3d","Name":"ons-data-platform","Description":"ONS"}],"NextToken":"t2"}""");

        var page = await Client.ListApplicationsAsync(Scope, new ListApplicationsRequest(25, "t1"), default);

        Assert.Equal(HttpMethod.Get, _handler.Last.Method);
        Assert.Equal($"{Host}/applications?max_results=25&next_token=t1", _handler.Last.Uri.AbsoluteUri);
        Assert.Empty(_handler.Last.Body);
        Assert.Null(_handler.Last.Header("Content-Type"));
        Assert.Contains("/us-east-1/appconfig/aws4_request", _handler.Last.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal([new Application("a1b2c3d", "ons-data-platform", "ONS")], page.Items!);
        Assert.Equal("t2", page.NextToken);
    }

    [Fact]
    public async Task Without_paging_parameters_no_query_is_sent()
    {
        _handler.Answer(HttpStatusCode.OK, """{"Items":[]}""");
        var page = await Client.ListDeploymentStrategiesAsync(Scope, new ListDeploymentStrategiesRequest(), default);
        Assert.Equal($"{Host}/deploymentstrategies", _handler.Last.Uri.AbsoluteUri);
        Assert.Empty(page.Items!);
        Assert.Null(page.NextToken);
    }

    [Fact]
    public async Task ListEnvironments_reads_state_and_monitors()
    {
        _handler.Answer(HttpStatusCode.OK, """
            {"Items":[{"ApplicationId":"a1b2c3d","Id":"e4f5g6h","Name":"prod","Description":"production","State":"READY_FOR_DEPLOYMENT",
              "Monitors":[{"AlarmArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors","AlarmRoleArn":"arn:aws:iam::123456789012:role/appconfig"}]}]}
            """);

        var page = await Client.ListEnvironmentsAsync(Scope, new ListEnvironmentsRequest("a1b2c3d", MaxResults: 50), default);

        Assert.Equal($"{Host}/applications/a1b2c3d/environments?max_results=50", _handler.Last.Uri.AbsoluteUri);
        var environment = Assert.Single(page.Items!);
        Assert.Equal(("e4f5g6h", "prod", "READY_FOR_DEPLOYMENT"), (environment.Id, environment.Name, environment.State));
        Assert.Equal(new Monitor("arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors", "arn:aws:iam::123456789012:role/appconfig"), Assert.Single(environment.Monitors!));
    }

    [Fact]
    public async Task ListConfigurationProfiles_filters_by_type()
    {
        _handler.Answer(HttpStatusCode.OK, """
            {"Items":[{"ApplicationId":"a1b2c3d","Id":"p7q8r9s","Name":"flags","LocationUri":"hosted","ValidatorTypes":["JSON_SCHEMA"],"Type":"AWS.AppConfig.FeatureFlags"}]}
            """);

        var page = await Client.ListConfigurationProfilesAsync(Scope, new ListConfigurationProfilesRequest("a1b2c3d", "AWS.AppConfig.FeatureFlags"), default);

        Assert.Equal($"{Host}/applications/a1b2c3d/configurationprofiles?type=AWS.AppConfig.FeatureFlags", _handler.Last.Uri.AbsoluteUri);
        var profile = Assert.Single(page.Items!);
        Assert.Equal(("p7q8r9s", "flags", "hosted", "AWS.AppConfig.FeatureFlags"), (profile.Id, profile.Name, profile.LocationUri, profile.Type));
        Assert.Equal(["JSON_SCHEMA"], profile.ValidatorTypes!);
    }

    [Fact]
    public async Task ListHostedConfigurationVersions_filters_by_version_label()
    {
        _handler.Answer(HttpStatusCode.OK, """
            {"Items":[{"ApplicationId":"a1b2c3d","ConfigurationProfileId":"p7q8r9s","VersionNumber":3,"Description":"d","ContentType":"application/json","VersionLabel":"v3"}],"NextToken":"n"}
            """);

        var page = await Client.ListHostedConfigurationVersionsAsync(Scope,
            new ListHostedConfigurationVersionsRequest("a1b2c3d", "p7q8r9s", "v3", 10, "m"), default);

        Assert.Equal($"{Host}{Versions}?max_results=10&next_token=m&version_label=v3", _handler.Last.Uri.AbsoluteUri);
        Assert.Equal(new HostedConfigurationVersionSummary("a1b2c3d", "p7q8r9s", 3, "d", "application/json", "v3"), Assert.Single(page.Items!));
    }

    [Fact]
    public async Task GetHostedConfigurationVersion_returns_the_raw_body_as_content_and_the_metadata_from_headers()
    {
        var content = """{"version":"1","flags":{"f":{"name":"Fé"}},"values":{}}""";
        _handler.Answer(HttpStatusCode.OK, content, "application/json",
            ("Application-Id", "a1b2c3d"), ("Configuration-Profile-Id", "p7q8r9s"), ("Version-Number", "3"), ("Description", "third"),
            ("VersionLabel", "v3"), ("KmsKeyArn", "arn:aws:kms:us-east-1:123456789012:key/k"));

        var version = await Client.GetHostedConfigurationVersionAsync(Scope, new GetHostedConfigurationVersionRequest("a1b2c3d", "p7q8r9s", 3), default);

        Assert.Equal(HttpMethod.Get, _handler.Last.Method);
        Assert.Equal($"{Host}{Versions}/3", _handler.Last.Uri.AbsoluteUri);
        Assert.Equal(Encoding.UTF8.GetBytes(content), version.Content);
        Assert.Equal(("a1b2c3d", "p7q8r9s", 3, "third"), (version.ApplicationId, version.ConfigurationProfileId, version.VersionNumber, version.Description));
        Assert.Equal(("application/json", "v3", "arn:aws:kms:us-east-1:123456789012:key/k"), (version.ContentType, version.VersionLabel, version.KmsKeyArn));
    }

    [Fact]
    public async Task CreateHostedConfigurationVersion_sends_the_raw_content_with_its_members_as_headers_and_reads_the_version_number()
    {
        var content = Encoding.UTF8.GetBytes("{\"version\":\"1\",\"flags\":{},\n \"values\":{} }");
        _handler.Answer(HttpStatusCode.Created, Encoding.UTF8.GetString(content), "application/json",
            ("Application-Id", "a1b2c3d"), ("Configuration-Profile-Id", "p7q8r9s"), ("Version-Number", "4"), ("Description", "enable new api"));

        var created = await Client.CreateHostedConfigurationVersionAsync(Scope,
            new CreateHostedConfigurationVersionRequest("a1b2c3d", "p7q8r9s", content, "application/json", "enable new api", 3, "v4"), default);

        var sent = _handler.Last;
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal($"{Host}{Versions}", sent.Uri.AbsoluteUri);
        Assert.Equal(content, sent.Body);
        Assert.Equal("application/json", sent.Header("Content-Type"));
        Assert.Equal("enable new api", sent.Header("Description"));
        Assert.Equal("3", sent.Header("Latest-Version-Number"));
        Assert.Equal("v4", sent.Header("VersionLabel"));
        Assert.Contains("content-type;description;host;latest-version-number;versionlabel;", sent.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal(4, created.VersionNumber);
        Assert.Equal(content, created.Content);
    }

    [Fact]
    public async Task CreateHostedConfigurationVersion_without_a_lock_sends_no_lock_header_and_keeps_header_values_ascii()
    {
        _handler.Answer(HttpStatusCode.Created, "{}", "application/json", ("Version-Number", "1"));

        await Client.CreateHostedConfigurationVersionAsync(Scope,
            new CreateHostedConfigurationVersionRequest("a1b2c3d", "p7q8r9s", "{}"u8.ToArray(), "application/json", "café\nrollout ✓"), default);

        Assert.Null(_handler.Last.Header("Latest-Version-Number"));
        Assert.Null(_handler.Last.Header("VersionLabel"));
        Assert.Equal("caf??rollout ?", _handler.Last.Header("Description"));
    }

    [Fact]
    public async Task StartDeployment_posts_the_body_members_only_and_reads_the_deployment()
    {
        _handler.Answer(HttpStatusCode.Created, DeploymentJson);

        var deployment = await Client.StartDeploymentAsync(Scope, new StartDeploymentRequest("a1b2c3d", "e4f5g6h", "AppConfig.AllAtOnce", "p7q8r9s", "4",
            "enable new api", new Dictionary<string, string> { ["team"] = "ops" }), default);

        var sent = _handler.Last;
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal($"{Host}{Deployments}", sent.Uri.AbsoluteUri);
        Assert.Equal("application/json", sent.Header("Content-Type"));
        JsonAssert.Equal("""
            {"DeploymentStrategyId":"AppConfig.AllAtOnce","ConfigurationProfileId":"p7q8r9s","ConfigurationVersion":"4",
             "Description":"enable new api","Tags":{"team":"ops"}}
            """, sent.Text);

        Assert.Equal((7, "BAKING", "4", "AppConfig.AllAtOnce"), (deployment.DeploymentNumber, deployment.State, deployment.ConfigurationVersion, deployment.DeploymentStrategyId));
        Assert.Equal((100.0, 100.0, 10, "LINEAR"), (deployment.PercentageComplete, deployment.GrowthFactor, deployment.FinalBakeTimeInMinutes, deployment.GrowthType));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero), deployment.StartedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 8, 0, 4, TimeSpan.Zero), deployment.CompletedAt);
        Assert.Equal(2, deployment.EventLog!.Count);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 8, 0, 5, 123, TimeSpan.Zero), deployment.EventLog[0].OccurredAt);
        Assert.Equal("notify", Assert.Single(deployment.EventLog[1].ActionInvocations!).ActionName);
        Assert.Equal("v", Assert.Single(deployment.AppliedExtensions!).Parameters!["k"]);
        Assert.Equal("v4", deployment.VersionLabel);
    }

    [Fact]
    public async Task GetDeployment_reads_the_deployment_by_number()
    {
        _handler.Answer(HttpStatusCode.OK, DeploymentJson);
        var deployment = await Client.GetDeploymentAsync(Scope, new GetDeploymentRequest("a1b2c3d", "e4f5g6h", 7), default);
        Assert.Equal(HttpMethod.Get, _handler.Last.Method);
        Assert.Equal($"{Host}{Deployments}/7", _handler.Last.Uri.AbsoluteUri);
        Assert.Equal(7, deployment.DeploymentNumber);
    }

    [Fact]
    public async Task StopDeployment_is_a_delete_that_asks_to_revert_with_the_allow_revert_header()
    {
        _handler.Answer(HttpStatusCode.Accepted, DeploymentJson.Replace("\"BAKING\"", "\"REVERTED\"", StringComparison.Ordinal));

        var stopped = await Client.StopDeploymentAsync(Scope, new StopDeploymentRequest("a1b2c3d", "e4f5g6h", 7, AllowRevert: true), default);

        Assert.Equal(HttpMethod.Delete, _handler.Last.Method);
        Assert.Equal($"{Host}{Deployments}/7", _handler.Last.Uri.AbsoluteUri);
        Assert.Equal("true", _handler.Last.Header("Allow-Revert"));
        Assert.Empty(_handler.Last.Body);
        Assert.Equal("REVERTED", stopped.State);
    }

    [Fact]
    public async Task StopDeployment_without_revert_sends_no_allow_revert_header()
    {
        _handler.Answer(HttpStatusCode.Accepted, DeploymentJson);
        await Client.StopDeploymentAsync(Scope, new StopDeploymentRequest("a1b2c3d", "e4f5g6h", 7), default);
        Assert.Null(_handler.Last.Header("Allow-Revert"));
    }

    [Fact]
    public async Task ListDeployments_reads_summaries_newest_first()
    {
        _handler.Answer(HttpStatusCode.OK, """
            {"Items":[{"DeploymentNumber":8,"ConfigurationProfileId":"p7q8r9s","ConfigurationName":"flags","ConfigurationVersion":"5","DeploymentDurationInMinutes":0,
                       "GrowthType":"LINEAR","GrowthFactor":100.0,"FinalBakeTimeInMinutes":0,"State":"DEPLOYING","PercentageComplete":50.5,
                       "StartedAt":"2026-11-27T09:00:00Z","VersionLabel":"v5","Type":"USER"},
                      {"DeploymentNumber":7,"ConfigurationProfileId":"p7q8r9s","State":"COMPLETE","StartedAt":"2026-11-27T08:00:00Z","CompletedAt":"2026-11-27T08:10:00Z"}]}
            """);

        var page = await Client.ListDeploymentsAsync(Scope, new ListDeploymentsRequest("a1b2c3d", "e4f5g6h", 50, "tok"), default);

        Assert.Equal($"{Host}{Deployments}?max_results=50&next_token=tok", _handler.Last.Uri.AbsoluteUri);
        Assert.Equal([8, 7], page.Items!.Select(d => d.DeploymentNumber));
        Assert.Equal(("DEPLOYING", 50.5, "USER", "5"), (page.Items![0].State, page.Items[0].PercentageComplete, page.Items[0].Type, page.Items[0].ConfigurationVersion));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 8, 10, 0, TimeSpan.Zero), page.Items[1].CompletedAt);
    }

    [Fact]
    public async Task ListDeploymentStrategies_reads_the_strategies()
    {
        _handler.Answer(HttpStatusCode.OK, """
            {"Items":[{"Id":"AppConfig.AllAtOnce","Name":"AppConfig.AllAtOnce","Description":"Quick","DeploymentDurationInMinutes":0,"GrowthType":"LINEAR",
                       "GrowthFactor":100.0,"FinalBakeTimeInMinutes":10,"ReplicateTo":"NONE"}]}
            """);
        var page = await Client.ListDeploymentStrategiesAsync(Scope, new ListDeploymentStrategiesRequest(MaxResults: 50), default);
        Assert.Equal($"{Host}/deploymentstrategies?max_results=50", _handler.Last.Uri.AbsoluteUri);
        Assert.Equal(new DeploymentStrategy("AppConfig.AllAtOnce", "AppConfig.AllAtOnce", "Quick", 0, "LINEAR", 100.0, 10, "NONE"), Assert.Single(page.Items!));
    }

    [Fact]
    public async Task The_all_pages_helpers_follow_next_token_with_the_largest_page()
    {
        _handler
            .Answer(HttpStatusCode.OK, """{"Items":[{"Id":"a1","Name":"one"}],"NextToken":"page2"}""")
            .Answer(HttpStatusCode.OK, """{"Items":[{"Id":"a2","Name":"two"}],"NextToken":"page3"}""")
            .Answer(HttpStatusCode.OK, """{"Items":[{"Id":"a3","Name":"three"}]}""");

        var all = await Client.ListAllApplicationsAsync(Scope, default);

        Assert.Equal(["a1", "a2", "a3"], all.Select(a => a.Id));
        Assert.Equal(["/applications?max_results=50", "/applications?max_results=50&next_token=page2", "/applications?max_results=50&next_token=page3"],
            _handler.Sent.Select(s => s.Uri.PathAndQuery));
    }

    [Fact]
    public async Task A_page_token_that_comes_back_again_stops_the_paging()
    {
        _handler.Answer(HttpStatusCode.OK, """{"Items":[{"Id":"a1","Name":"one"}],"NextToken":"same"}""");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Client.ListAllApplicationsAsync(Scope, default));
        Assert.Contains("'same' twice", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, _handler.Sent.Count);
    }

    [Fact]
    public async Task Path_labels_are_escaped()
    {
        _handler.Answer(HttpStatusCode.OK, """{"Items":[]}""");
        await Client.ListEnvironmentsAsync(Scope, new ListEnvironmentsRequest("my app/x"), default);
        Assert.Equal("/applications/my%20app%2Fx/environments", _handler.Last.Uri.AbsolutePath);
    }
}
