using OpsBot.Sandbox.Aws.CodeDeploy;

namespace OpsBot.Sandbox.Tests.Aws.CodeDeploy;

/// <summary>Lambda AppSpecs in JSON and in the YAML the CodeDeploy guide writes them in.</summary>
public sealed class AppSpecTests
{
    private static readonly LambdaAppSpec Expected = new("my-fn", "live", "7", "8");

    [Fact]
    public void A_JSON_AppSpec_as_OpsBot_writes_it_is_read()
    {
        const string json = """{"version":0.0,"Resources":[{"my-fn":{"Type":"AWS::Lambda::Function","Properties":{"Name":"my-fn","Alias":"live","CurrentVersion":"7","TargetVersion":"8"}}}]}""";
        Assert.Equal(Expected, LambdaAppSpec.Read(json));
        Assert.Equal(Expected with { CurrentVersion = "8", TargetVersion = "7" }, LambdaAppSpec.Read(LambdaAppSpec.Json("my-fn", "live", "8", "7")));
    }

    [Theory]
    [InlineData("""
        version: 0.0
        Resources:
          - myFn:
              Type: AWS::Lambda::Function
              Properties:
                Name: "my-fn"
                Alias: "live"
                CurrentVersion: "7"
                TargetVersion: "8"
        Hooks:
          - BeforeAllowTraffic: "pre-traffic-hook-fn"
        """)]
    [InlineData("""
        # the guide's layout, with comments and a flow mapping
        ---
        version: 0.0
        Resources:
        - myFn:   # the function
            Type: 'AWS::Lambda::Function'
            Properties: {Name: "my-fn", Alias: live, CurrentVersion: 7, TargetVersion: '8'}
        """)]
    [InlineData("""
        version: 0.0
        Resources: [{myFn: {Type: "AWS::Lambda::Function", Properties: {Name: my-fn, Alias: live, CurrentVersion: "7", TargetVersion: "8"}}}]
        """)]
    public void YAML_AppSpecs_are_read(string yaml) => Assert.Equal(Expected, LambdaAppSpec.Read(yaml));

    [Theory]
    [InlineData("""{"version":0.0,"Resources":[]}""", "must list one resource")]
    [InlineData("""{"Resources":[{"f":{"Type":"AWS::Lambda::Function","Properties":{}}}]}""", "must have a version")]
    [InlineData("""{"version":0.0,"Resources":[{"f":{"Type":"AWS::ECS::Service","Properties":{}}}]}""", "must be of type AWS::Lambda::Function")]
    [InlineData("""{"version":0.0,"Resources":[{"f":{"Type":"AWS::Lambda::Function","Properties":{"Name":"f","Alias":"live","CurrentVersion":"7"}}}]}""", "needs the property TargetVersion")]
    [InlineData("""{"version":0.0,"Resources":[{"f":{"Type":"AWS::Lambda::Function","Properties":{"Name":"f","Alias":"live","CurrentVersion":"7","TargetVersion":"$LATEST"}}}]}""", "not a published version number")]
    [InlineData("version: 0.0\nResources: |\n  text", "not valid JSON or YAML")]
    [InlineData("{\"version\": ", "not valid JSON or YAML")]
    [InlineData("version: 0.0\nResources: [{f: x}", "not valid JSON or YAML")]
    [InlineData("version: 0.0\nversion: 0.1\nResources: []", "not valid JSON or YAML: line 2")]
    [InlineData("version: &v 0.0\nResources: []", "not valid JSON or YAML: line 1: block scalars, anchors, aliases and tags are not supported")]
    [InlineData("version: !!str 0.0\nResources: []", "tags are not supported")]
    [InlineData("version: 0.0\n---\nversion: 0.0", "not valid JSON or YAML: line 3: an AppSpec is one YAML document")]
    [InlineData("version: 0.0\n\tResources: []", "not valid JSON or YAML")]
    public void Invalid_AppSpecs_are_InvalidRevisionException(string content, string why)
    {
        var fault = Assert.Throws<CodeDeployFault>(() => LambdaAppSpec.Read(content));
        Assert.Equal("InvalidRevisionException", fault.Code);
        Assert.Contains(why, fault.Message, StringComparison.Ordinal);
    }
}
