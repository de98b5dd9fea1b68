using System.Text;
using OpsBot.Aws.AppConfig;
using OpsBot.Aws.Http;
using Xunit.Abstractions;

namespace OpsBot.Aws.Tests.Conformance;

/// <summary>Every AppConfig operation of <see cref="AppConfigClient"/> (restJson1 with header members and raw bodies),
/// sent and read as the official SDK does (see <see cref="RowTable{TClient}"/>).</summary>
[Collection(ConformanceServer.Collection)]
public sealed class AppConfigConformanceTests(ConformanceServer server, ITestOutputHelper output)
{
    private static readonly AwsScope Scope = new(ConformanceServer.Region);

    /// <summary>AppConfig's header members, compared besides Content-Type.</summary>
    private static readonly WireOptions Headers = new("Latest-Version-Number", "Description", "VersionLabel", "Allow-Revert");

    private const string Flags = """{"flags":{"new_checkout":{"name":"new_checkout"}},"values":{"new_checkout":{"enabled":true}},"version":"1"}""";
    private static readonly string FlagsBase64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(Flags));

    /// <summary>A hosted version as AppConfig answers it: the raw content, every other member a header.</summary>
    private static CannedResponse Hosted(int status) => new(status, Flags, new Dictionary<string, string>
    {
        ["Content-Type"] = "application/json", ["Application-Id"] = "abc1234", ["Configuration-Profile-Id"] = "prof901",
        ["Version-Number"] = "4", ["Description"] = "opsbot dep-42", ["VersionLabel"] = "opsbot-42",
    });

    private static CannedResponse DeploymentAnswer(int status, string state) => CannedResponse.Json($$"""
        {"ApplicationId":"abc1234","EnvironmentId":"env5678","DeploymentStrategyId":"AppConfig.AllAtOnce","ConfigurationProfileId":"prof901",
         "DeploymentNumber":7,"ConfigurationName":"flags","ConfigurationLocationUri":"hosted","ConfigurationVersion":"4","Description":"opsbot",
         "DeploymentDurationInMinutes":10,"GrowthType":"LINEAR","GrowthFactor":25.0,"FinalBakeTimeInMinutes":5,"State":"{{state}}",
         "EventLog":[{"EventType":"DEPLOYMENT_STARTED","TriggeredBy":"USER","Description":"started","OccurredAt":"2025-07-31T22:13:20.123Z"}],
         "PercentageComplete":37.5,"StartedAt":"2025-07-31T22:13:20.123Z","CompletedAt":"2025-07-31T22:23:20Z","VersionLabel":"opsbot-42"}
        """, status);

    private static readonly RowTable<AppConfigClient> Rows = new("appconfig", t => new AppConfigClient(t), Headers)
    {
        {
            "ListApplications with max_results and next_token", "ListApplications", """{"MaxResults":50,"NextToken":"n-1"}""",
            CannedResponse.Json("""{"Items":[{"Id":"abc1234","Name":"opsbot","Description":"flags"}],"NextToken":"n-2"}"""),
            c => c.ListApplicationsAsync(Scope, new(50, "n-1"), default),
            p => [("Items.0.Id", p.Items?[0].Id), ("Items.0.Name", p.Items?[0].Name), ("NextToken", p.NextToken)]
        },
        {
            "ListEnvironments with max_results and next_token", "ListEnvironments", """{"ApplicationId":"abc1234","MaxResults":50,"NextToken":"n-1"}""",
            CannedResponse.Json("""{"Items":[{"ApplicationId":"abc1234","Id":"env5678","Name":"prod","State":"READY_FOR_DEPLOYMENT","Monitors":[{"AlarmArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:a"}]}]}"""),
            c => c.ListEnvironmentsAsync(Scope, new("abc1234", 50, "n-1"), default),
            p => [("Items.0.Id", p.Items?[0].Id), ("Items.0.State", p.Items?[0].State), ("Items.0.Monitors.0.AlarmArn", p.Items?[0].Monitors?[0].AlarmArn)]
        },
        {
            "ListConfigurationProfiles filtered by type, with max_results and next_token", "ListConfigurationProfiles",
            """{"ApplicationId":"abc1234","Type":"AWS.AppConfig.FeatureFlags","MaxResults":50,"NextToken":"n-1"}""",
            CannedResponse.Json("""{"Items":[{"ApplicationId":"abc1234","Id":"prof901","Name":"flags","LocationUri":"hosted","ValidatorTypes":["JSON_SCHEMA"],"Type":"AWS.AppConfig.FeatureFlags"}],"NextToken":"n-2"}"""),
            c => c.ListConfigurationProfilesAsync(Scope, new("abc1234", ConfigurationProfileSummary.FeatureFlagsType, 50, "n-1"), default),
            p => [("Items.0.Id", p.Items?[0].Id), ("Items.0.LocationUri", p.Items?[0].LocationUri), ("Items.0.Type", p.Items?[0].Type), ("Items.0.ValidatorTypes", p.Items?[0].ValidatorTypes)]
        },
        {
            "ListHostedConfigurationVersions with version_label, max_results and next_token", "ListHostedConfigurationVersions",
            """{"ApplicationId":"abc1234","ConfigurationProfileId":"prof901","VersionLabel":"opsbot-42","MaxResults":50,"NextToken":"n-1"}""",
            CannedResponse.Json("""{"Items":[{"ApplicationId":"abc1234","ConfigurationProfileId":"prof901","VersionNumber":4,"ContentType":"application/json","VersionLabel":"opsbot-42"}]}"""),
            c => c.ListHostedConfigurationVersionsAsync(Scope, new("abc1234", "prof901", "opsbot-42", 50, "n-1"), default),
            p => [("Items.0.VersionNumber", p.Items?[0].VersionNumber), ("Items.0.ContentType", p.Items?[0].ContentType), ("Items.0.VersionLabel", p.Items?[0].VersionLabel)]
        },
        {
            "GetHostedConfigurationVersion: raw content, members in headers", "GetHostedConfigurationVersion",
            """{"ApplicationId":"abc1234","ConfigurationProfileId":"prof901","VersionNumber":4}""", Hosted(200),
            c => c.GetHostedConfigurationVersionAsync(Scope, new("abc1234", "prof901", 4), default),
            v => [("Content", v.Content), ("ContentType", v.ContentType), ("VersionNumber", v.VersionNumber), ("Description", v.Description),
                  ("VersionLabel", v.VersionLabel), ("ApplicationId", v.ApplicationId), ("ConfigurationProfileId", v.ConfigurationProfileId)]
        },
        {
            "CreateHostedConfigurationVersion: raw JSON body, Content-Type, Description, Latest-Version-Number, VersionLabel", "CreateHostedConfigurationVersion",
            $$"""{"ApplicationId":"abc1234","ConfigurationProfileId":"prof901","Content":"{{FlagsBase64}}","ContentType":"application/json","Description":"opsbot dep-42","LatestVersionNumber":3,"VersionLabel":"opsbot-42"}""",
            Hosted(201),
            c => c.CreateHostedConfigurationVersionAsync(Scope, new("abc1234", "prof901", Encoding.UTF8.GetBytes(Flags), "application/json", "opsbot dep-42", 3, "opsbot-42"), default),
            v => [("VersionNumber", v.VersionNumber), ("Content", v.Content), ("VersionLabel", v.VersionLabel)]
        },
        {
            "StartDeployment", "StartDeployment",
            """{"ApplicationId":"abc1234","EnvironmentId":"env5678","DeploymentStrategyId":"AppConfig.AllAtOnce","ConfigurationProfileId":"prof901","ConfigurationVersion":"4","Description":"opsbot","Tags":{"opsbot":"dep-42"}}""",
            DeploymentAnswer(201, "DEPLOYING"),
            c => c.StartDeploymentAsync(Scope, new("abc1234", "env5678", "AppConfig.AllAtOnce", "prof901", "4", "opsbot", new Dictionary<string, string> { ["opsbot"] = "dep-42" }), default),
            d => [("DeploymentNumber", d.DeploymentNumber), ("State", d.State), ("StartedAt", d.StartedAt), ("ConfigurationVersion", d.ConfigurationVersion)]
        },
        {
            "StartDeployment with LatestDeploymentNumber", "StartDeployment",
            """{"ApplicationId":"abc1234","EnvironmentId":"env5678","DeploymentStrategyId":"AppConfig.AllAtOnce","ConfigurationProfileId":"prof901","ConfigurationVersion":"4","Description":"opsbot","LatestDeploymentNumber":6}""",
            DeploymentAnswer(201, "DEPLOYING"),
            c => c.StartDeploymentAsync(Scope, new("abc1234", "env5678", "AppConfig.AllAtOnce", "prof901", "4", "opsbot", LatestDeploymentNumber: 6), default),
            d => [("DeploymentNumber", d.DeploymentNumber), ("State", d.State)]
        },
        {
            "GetDeployment", "GetDeployment", """{"ApplicationId":"abc1234","EnvironmentId":"env5678","DeploymentNumber":7}""", DeploymentAnswer(200, "COMPLETE"),
            c => c.GetDeploymentAsync(Scope, new("abc1234", "env5678", 7), default),
            d => [("State", d.State), ("PercentageComplete", d.PercentageComplete), ("GrowthFactor", d.GrowthFactor), ("CompletedAt", d.CompletedAt),
                  ("EventLog.0.EventType", d.EventLog?[0].EventType), ("EventLog.0.TriggeredBy", d.EventLog?[0].TriggeredBy), ("EventLog.0.OccurredAt", d.EventLog?[0].OccurredAt)]
        },
        {
            "StopDeployment without Allow-Revert", "StopDeployment", """{"ApplicationId":"abc1234","EnvironmentId":"env5678","DeploymentNumber":7}""",
            DeploymentAnswer(202, "ROLLED_BACK"),
            c => c.StopDeploymentAsync(Scope, new("abc1234", "env5678", 7), default),
            d => [("State", d.State), ("DeploymentNumber", d.DeploymentNumber)]
        },
        {
            "StopDeployment with Allow-Revert", "StopDeployment", """{"ApplicationId":"abc1234","EnvironmentId":"env5678","DeploymentNumber":7,"AllowRevert":true}""",
            DeploymentAnswer(202, "REVERTED"),
            c => c.StopDeploymentAsync(Scope, new("abc1234", "env5678", 7, AllowRevert: true), default),
            d => [("State", d.State)]
        },
        {
            "ListDeployments with max_results and next_token", "ListDeployments", """{"ApplicationId":"abc1234","EnvironmentId":"env5678","MaxResults":50,"NextToken":"n-1"}""",
            CannedResponse.Json("""{"Items":[{"DeploymentNumber":7,"ConfigurationProfileId":"prof901","ConfigurationName":"flags","ConfigurationVersion":"4","State":"BAKING","PercentageComplete":100.0,"StartedAt":"2025-07-31T22:13:20Z","Type":"USER"}],"NextToken":"n-2"}"""),
            c => c.ListDeploymentsAsync(Scope, new("abc1234", "env5678", 50, "n-1"), default),
            p => [("Items.0.DeploymentNumber", p.Items?[0].DeploymentNumber), ("Items.0.State", p.Items?[0].State), ("Items.0.StartedAt", p.Items?[0].StartedAt), ("NextToken", p.NextToken)]
        },
        {
            "ListDeploymentStrategies with max_results and next_token", "ListDeploymentStrategies", """{"MaxResults":50,"NextToken":"n-1"}""",
            CannedResponse.Json("""{"Items":[{"Id":"AppConfig.Linear50PercentEvery30Seconds","Name":"AppConfig.Linear50PercentEvery30Seconds","DeploymentDurationInMinutes":1,"GrowthType":"LINEAR","GrowthFactor":50.0,"FinalBakeTimeInMinutes":1,"ReplicateTo":"NONE"}]}"""),
            c => c.ListDeploymentStrategiesAsync(Scope, new(50, "n-1"), default),
            p => [("Items.0.Id", p.Items?[0].Id), ("Items.0.GrowthFactor", p.Items?[0].GrowthFactor), ("Items.0.FinalBakeTimeInMinutes", p.Items?[0].FinalBakeTimeInMinutes)]
        },
        {
            "CreateHostedConfigurationVersion on a stale Latest-Version-Number: 409 ConflictException", "CreateHostedConfigurationVersion",
            $$"""{"ApplicationId":"abc1234","ConfigurationProfileId":"prof901","Content":"{{FlagsBase64}}","ContentType":"application/json","LatestVersionNumber":2}""",
            CannedResponse.Json("""{"Message":"Latest version number 2 does not match the current latest version 4."}""", 409, ("X-Amzn-ErrorType", "ConflictException")),
            c => c.CreateHostedConfigurationVersionAsync(Scope, new("abc1234", "prof901", Encoding.UTF8.GetBytes(Flags), "application/json", LatestVersionNumber: 2), default),
            "ConflictException"
        },
        {
            "GetDeployment of an unknown number: 404 ResourceNotFoundException", "GetDeployment", """{"ApplicationId":"abc1234","EnvironmentId":"env5678","DeploymentNumber":99}""",
            CannedResponse.Json("""{"Message":"Deployment 99 not found","ResourceName":"99"}""", 404, ("X-Amzn-ErrorType", "ResourceNotFoundException")),
            c => c.GetDeploymentAsync(Scope, new("abc1234", "env5678", 99), default),
            "ResourceNotFoundException"
        },
    };

    public static TheoryData<string> Operations => Rows.Names;

    [Theory]
    [MemberData(nameof(Operations))]
    public Task Is_sent_and_read_as_the_official_SDK_does(string row) => Rows.RunAsync(row, server, output);
}
