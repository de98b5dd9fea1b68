using OpsBot.Aws.Tests.Http;

namespace OpsBot.Aws.Tests.Conformance;

/// <summary>
/// The verifier itself, on known-good input: the SigV4 suite's signed requests and the SDK's own requests verify
/// with the official signer, so a failed verification of OpsBot's request means OpsBot, not the harness.
/// </summary>
[Collection(ConformanceServer.Collection)]
public sealed class VerifierTests(ConformanceServer server)
{
    /// <summary>Suite cases the JS signer reproduces (normalized paths; its request.txt path is the unencoded path, which
    /// the JS signer, like AWS for a wire path, encodes once).</summary>
    [Theory]
    [InlineData("get-vanilla")]
    [InlineData("get-vanilla-query-order-encoded")]
    [InlineData("get-utf8")]
    [InlineData("get-space-normalized")]
    [InlineData("get-slashes-normalized")]
    [InlineData("get-header-value-multiline")]
    [InlineData("get-header-key-duplicate")]
    [InlineData("get-vanilla-with-session-token")]
    [InlineData("post-sts-header-after")]
    [InlineData("post-x-www-form-urlencoded")]
    [InlineData("post-x-www-form-urlencoded-parameters")]
    public async Task A_signed_request_of_the_suite_verifies_with_the_suites_signature(string name)
    {
        var v = SigV4Vector.Load(name);
        var signed = v.SignedRequest;

        var verdict = await server.VerifyAsync(new CapturedRequest
        {
            Method = signed.Method,
            Path = signed.Path,
            Query = signed.Query,
            Headers = signed.HeaderNames.ToDictionary(n => n.ToLowerInvariant(), n => signed.Header(n)!),
            BodyBase64 = Convert.ToBase64String(signed.Body),
        });

        Assert.True(verdict.Valid, verdict.ToString());
        Assert.Equal(v.ExpectedSignature, verdict.Expected);
    }

    [Theory]
    [InlineData("codedeploy", "GetDeployment", """{"deploymentId":"d-ABCDEFGHI"}""")]
    [InlineData("lambda", "GetAlias", """{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:f","Name":"live"}""")]
    [InlineData("lambda", "ListVersionsByFunction", """{"FunctionName":"f","Marker":"a b+c/d","MaxItems":50}""")]
    [InlineData("cloudwatch", "DescribeAlarms", """{"AlarmNames":["a"]}""")]
    [InlineData("sns", "Publish", """{"TopicArn":"arn:aws:sns:us-east-1:123456789012:t","Message":"m"}""")]
    public async Task The_SDKs_own_request_verifies(string service, string operation, string input)
    {
        var sdk = await server.SdkAsync(service, operation, input);

        var verdict = await server.VerifyAsync(sdk.Request);

        Assert.True(verdict.Valid, verdict.ToString());
    }
}
