using System.Text;
using System.Text.Json.Nodes;

namespace OpsBot.Aws.Tests.Conformance;

/// <summary>
/// The model check itself (<c>tests/conformance/model-check.mjs</c>): the official SDK's request passes it, and the same
/// request altered to break the botocore model in one way is reported, with a problem that says how.
/// </summary>
[Collection(ConformanceServer.Collection)]
public sealed class ModelCheckTests(ConformanceServer server)
{
    private sealed record Case(string Service, string Operation, string SdkInput, Func<CapturedRequest, CapturedRequest> Break, string Problem);

    private const string GetAlias = """{"FunctionName":"fn","Name":"live"}""";
    private const string ListVersions = """{"FunctionName":"fn","Marker":"m","MaxItems":5}""";
    private const string UpdateAlias = """{"FunctionName":"fn","Name":"live","FunctionVersion":"7","RevisionId":"r-1"}""";
    private const string StopAppConfig = """{"ApplicationId":"a","EnvironmentId":"e","DeploymentNumber":3,"AllowRevert":true}""";
    private const string CreateHosted = """{"ApplicationId":"a","ConfigurationProfileId":"p","Content":"e30=","ContentType":"application/json","LatestVersionNumber":3}""";
    private const string GetDeployment = """{"deploymentId":"d-1"}""";
    private const string CreateConfig = """{"deploymentConfigName":"c","computePlatform":"Lambda","trafficRoutingConfig":{"type":"TimeBasedCanary","timeBasedCanary":{"canaryPercentage":10,"canaryInterval":5}}}""";
    private const string DescribeAlarms = """{"AlarmNames":["a"]}""";
    private const string GetMetricData = """{"MetricDataQueries":[{"Id":"e1","MetricStat":{"Metric":{"Namespace":"AWS/Lambda","MetricName":"Errors"},"Period":60,"Stat":"Sum"}}],"StartTime":1754000000,"EndTime":1754000600}""";
    private const string StartQuery = """{"logGroupNames":["/aws/lambda/fn"],"startTime":1754000000,"endTime":1754000900,"queryString":"fields @message"}""";
    private const string Publish = """{"TopicArn":"arn:aws:sns:us-east-1:123456789012:t","Message":"m","MessageAttributes":{"k":{"DataType":"String","StringValue":"v"}}}""";

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["restJson: a GET sent as POST"] = new("lambda", "GetAlias", GetAlias, r => r.With(method: "POST"), "method POST, the model says GET"),
        ["restJson: a path off the requestUri"] = new("lambda", "GetAlias", GetAlias, r => r.With(path: "/2015-03-31/functions/fn/alias/live"), "does not match the requestUri"),
        ["restJson: an empty uri label"] = new("lambda", "GetAlias", GetAlias, r => r.With(path: "/2015-03-31/functions//aliases/live"), "uri label {FunctionName} (FunctionName) is empty"),
        ["restJson: a query name not the locationName"] = new("lambda", "ListVersionsByFunction", ListVersions, r => r.With(query: "marker=m&MaxItems=5"), "query parameter 'marker' is not in the model's input; member Marker goes in the query string as 'Marker'"),
        ["restJson: a query value not an integer"] = new("lambda", "ListVersionsByFunction", ListVersions, r => r.With(query: "Marker=m&MaxItems=many"), "'many' should be an integer"),
        ["restJson: a query value below its min"] = new("lambda", "ListVersionsByFunction", ListVersions, r => r.With(query: "Marker=m&MaxItems=0"), "the model's min is 1"),
        ["restJson: a body member sent in the query string"] = new("lambda", "UpdateAlias", UpdateAlias, r => r.With(query: "RevisionId=r-1"), "member RevisionId is sent in the query string as 'RevisionId', the model puts it in the body"),
        ["restJson: a uri member sent in the body"] = new("lambda", "UpdateAlias", UpdateAlias, r => Json(r, b => b["FunctionName"] = "fn"), "member FunctionName is sent in the body, the model puts it in the uri"),
        ["restJson: an unknown body member"] = new("lambda", "UpdateAlias", UpdateAlias, r => Json(r, b => b["Weights"] = new JsonObject()), "body.Weights is not a member of UpdateAliasRequest"),
        ["restJson: an unknown header"] = new("lambda", "GetAlias", GetAlias, r => r.WithHeader("x-opsbot-debug", "1"), "header 'x-opsbot-debug' is not in the model's input"),
        ["restJson: a header member under its member name"] = new("appconfig", "StopDeployment", StopAppConfig, r => r.WithoutHeader("Allow-Revert").WithHeader("AllowRevert", "true"), "header 'allowrevert' is not in the model's input; member AllowRevert goes in the headers as 'Allow-Revert'"),
        ["restJson: a header member sent in the query string"] = new("appconfig", "CreateHostedConfigurationVersion", CreateHosted, r => r.WithoutHeader("Latest-Version-Number").With(query: "Latest-Version-Number=3"), "member LatestVersionNumber is sent in the query string"),
        ["restJson: a header value not a boolean"] = new("appconfig", "StopDeployment", StopAppConfig, r => r.WithHeader("Allow-Revert", "yes"), "header Allow-Revert 'yes' should be true or false"),
        ["restJson: a required header member missing"] = new("appconfig", "CreateHostedConfigurationVersion", CreateHosted, r => r.WithoutHeader("Content-Type"), "required member ContentType is missing: no Content-Type header"),
        ["restJson: a required raw payload missing"] = new("appconfig", "CreateHostedConfigurationVersion", CreateHosted, r => r.WithBody([]), "required payload Content is missing"),
        ["awsJson: the X-Amz-Target of another operation"] = new("codedeploy", "GetDeployment", GetDeployment, r => r.WithHeader("X-Amz-Target", "CodeDeploy_20141006.StopDeployment"), "X-Amz-Target 'CodeDeploy_20141006.StopDeployment', the model says 'CodeDeploy_20141006.GetDeployment'"),
        ["awsJson: another JSON version"] = new("codedeploy", "GetDeployment", GetDeployment, r => r.WithHeader("Content-Type", "application/x-amz-json-1.0"), "the protocol says application/x-amz-json-1.1"),
        ["awsJson: a required member missing"] = new("codedeploy", "GetDeployment", GetDeployment, r => Json(r, b => b.Remove("deploymentId")), "required member body.deploymentId is missing"),
        ["awsJson: a member name in the wrong case"] = new("codedeploy", "GetDeployment", GetDeployment, r => Json(r, b => { b.Remove("deploymentId"); b["DeploymentId"] = "d-1"; }), "body.DeploymentId is not a member of GetDeploymentInput"),
        ["awsJson: a value outside the enum"] = new("codedeploy", "CreateDeploymentConfig", CreateConfig, r => Json(r, b => b["computePlatform"] = "lambda"), "'lambda' is not one of Server|Lambda|ECS"),
        ["awsJson: a nested number sent as a string"] = new("codedeploy", "CreateDeploymentConfig", CreateConfig, r => Json(r, b => b["trafficRoutingConfig"]!["timeBasedCanary"]!["canaryPercentage"] = "10"), "body.trafficRoutingConfig.timeBasedCanary.canaryPercentage should be an integer"),
        ["awsJson: a query string"] = new("codedeploy", "GetDeployment", GetDeployment, r => r.With(query: "deploymentId=d-1"), "a query string 'deploymentId=d-1' is sent"),
        ["awsJson query-compatible: no x-amzn-query-mode"] = new("cloudwatch", "DescribeAlarms", DescribeAlarms, r => r.WithoutHeader("x-amzn-query-mode"), "x-amzn-query-mode 'undefined', the model says 'true'"),
        ["awsJson: a timestamp as an ISO string"] = new("cloudwatch", "GetMetricData", GetMetricData, r => Json(r, b => b["StartTime"] = "2025-07-31T22:13:20Z"), "body.StartTime should be a timestamp as unixTimestamp"),
        ["awsJson: a list over its max"] = new("cloudwatch", "DescribeAlarms", DescribeAlarms, r => Json(r, b => b["AlarmNames"] = new JsonArray([.. Enumerable.Range(0, 101).Select(i => (JsonNode)$"a{i}")])), "body.AlarmNames: 101 items, the model's max is 100"),
        ["awsJson 1.1 (logs): a timestamp sent as a string"] = new("logs", "StartQuery", StartQuery, r => Json(r, b => b["startTime"] = "1754000000"), "body.startTime should be an integer"),
        ["awsJson 1.1 (logs): a member name in the wrong case"] = new("logs", "StartQuery", StartQuery, r => Json(r, b => { b.Remove("logGroupNames"); b["LogGroupNames"] = new JsonArray("/aws/lambda/fn"); }), "body.LogGroupNames is not a member of StartQueryRequest"),
        ["awsJson 1.1 (logs): a log group name off its pattern"] = new("logs", "StartQuery", StartQuery, r => Json(r, b => b["logGroupNames"] = new JsonArray("!!!")), "'!!!' does not match the pattern"),
        ["awsJson 1.1 (logs): the query id missing"] = new("logs", "StopQuery", """{"queryId":"q-1"}""", r => Json(r, b => b.Remove("queryId")), "required member body.queryId is missing"),
        ["awsJson 1.1 (logs): the X-Amz-Target of another operation"] = new("logs", "GetQueryResults", """{"queryId":"q-1"}""", r => r.WithHeader("X-Amz-Target", "Logs_20140328.StopQuery"), "X-Amz-Target 'Logs_20140328.StopQuery', the model says 'Logs_20140328.GetQueryResults'"),
        ["awsQuery: another API version"] = new("sns", "Publish", Publish, r => Form(r, f => f.Replace("Version=2010-03-31", "Version=2010-03-30")), "form Version=2010-03-30, the model says 2010-03-31"),
        ["awsQuery: a required member missing"] = new("sns", "Publish", Publish, r => Form(r, f => f.Replace("&Message=m", "")), "required member form.Message is missing"),
        ["awsQuery: a map entry key under the wrong name"] = new("sns", "Publish", Publish, r => Form(r, f => f.Replace("MessageAttributes.entry.1.Name=", "MessageAttributes.entry.1.Key=")), "a map entry has only .Name and .Value"),
        ["awsQuery: map entries numbered from 0"] = new("sns", "Publish", Publish, r => Form(r, f => f.Replace("MessageAttributes.entry.1.", "MessageAttributes.entry.0.")), "items must be numbered 1..1"),
        ["awsQuery: an X-Amz-Target"] = new("sns", "Publish", Publish, r => r.WithHeader("X-Amz-Target", "SNS.Publish"), "X-Amz-Target is sent, but awsQuery has none"),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_request_that_breaks_the_model_is_reported(string name)
    {
        var (service, operation, input, breakIt, problem) = Cases[name];
        var sdk = await server.SdkAsync(service, operation, input);

        var intact = await server.ModelCheckAsync(service, operation, sdk.Request);
        var broken = await server.ModelCheckAsync(service, operation, breakIt(sdk.Request));

        Assert.True(intact.Valid, intact.ToString());
        Assert.False(broken.Valid, $"not reported: {breakIt(sdk.Request)}");
        Assert.True(broken.Problems.Any(p => p.Contains(problem, StringComparison.Ordinal)), $"expected a problem containing \"{problem}\": {broken}");
    }

    private static CapturedRequest Json(CapturedRequest request, Action<JsonObject> change)
    {
        var body = JsonNode.Parse(request.Text)!.AsObject();
        change(body);
        return request.WithBody(Encoding.UTF8.GetBytes(body.ToJsonString()));
    }

    private static CapturedRequest Form(CapturedRequest request, Func<string, string> change) =>
        request.WithBody(Encoding.UTF8.GetBytes(change(request.Text)));
}
