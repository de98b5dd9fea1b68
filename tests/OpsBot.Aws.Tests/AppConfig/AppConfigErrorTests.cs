using System.Net;
using OpsBot.Aws.AppConfig;
using OpsBot.Aws.Http;
using OpsBot.Aws.Tests.Http;

namespace OpsBot.Aws.Tests.AppConfig;

public sealed class AppConfigErrorTests
{
    private readonly RecordingHandler _handler = new();

    private Task<HostedConfigurationVersion> CreateAsync() =>
        new AppConfigClient(TestAws.Transport(_handler)).CreateHostedConfigurationVersionAsync(TestAws.Scope,
            new CreateHostedConfigurationVersionRequest("a1b2c3d", "p7q8r9s", "{}"u8.ToArray(), "application/json", LatestVersionNumber: 3), default);

    [Fact]
    public async Task A_bad_request_carries_the_invalid_configuration_details()
    {
        _handler.Answer(HttpStatusCode.BadRequest, """
            {"Message":"Configuration is invalid","Reason":"InvalidConfiguration",
             "Details":{"InvalidConfiguration":[{"Constraint":"required","Location":"$.version","Reason":"version is missing","Type":"Json Schema","Value":"null"}]}}
            """, "application/json", ("X-Amzn-ErrorType", "BadRequestException:http://internal.amazon.com/coral/com.amazonaws.appconfig/"),
            ("x-amzn-RequestId", "0f1e2d3c-aaaa-bbbb-cccc-ddddeeeeffff"));

        var e = await Assert.ThrowsAsync<AwsServiceException>(CreateAsync);

        Assert.Single(_handler.Sent);
        Assert.Equal(("BadRequestException", HttpStatusCode.BadRequest, "0f1e2d3c-aaaa-bbbb-cccc-ddddeeeeffff"), (e.Code, e.Status, e.RequestId));
        var error = AppConfigError.From(e);
        Assert.Equal(("Configuration is invalid", "InvalidConfiguration"), (error.Message, error.Reason));
        Assert.Equal(new InvalidConfigurationDetail("required", "$.version", "version is missing", "Json Schema", "null"), Assert.Single(error.Details!.InvalidConfiguration!));
        Assert.Equal("Configuration is invalid: $.version version is missing (constraint required)", error.Describe());
    }

    [Fact]
    public async Task A_missing_resource_names_it()
    {
        _handler.Answer(HttpStatusCode.NotFound, """{"Message":"Resource not found","ResourceName":"ConfigurationProfile"}""",
            "application/json", ("X-Amzn-ErrorType", "ResourceNotFoundException"));

        var e = await Assert.ThrowsAsync<AwsServiceException>(CreateAsync);

        Assert.Equal(("ResourceNotFoundException", HttpStatusCode.NotFound, "Resource not found"), (e.Code, e.Status, e.Detail));
        Assert.Equal("ConfigurationProfile", AppConfigError.From(e).ResourceName);
    }

    [Fact]
    public async Task A_stale_version_lock_is_a_conflict_and_is_not_retried()
    {
        _handler.Answer(HttpStatusCode.Conflict, """{"Message":"The LatestVersionNumber 3 does not match the latest version number 4"}""",
            "application/json", ("X-Amzn-ErrorType", "ConflictException"));

        var e = await Assert.ThrowsAsync<AwsServiceException>(CreateAsync);

        Assert.Single(_handler.Sent);
        Assert.Equal((AppConfigError.Conflict, HttpStatusCode.Conflict), (e.Code, e.Status));
        Assert.Equal("The LatestVersionNumber 3 does not match the latest version number 4", AppConfigError.From(e).Describe());
    }

    [Fact]
    public async Task A_payload_too_large_gives_its_measures()
    {
        _handler.Answer((HttpStatusCode)413, """{"Message":"Too large","Measure":"KILOBYTES","Limit":2048.0,"Size":4096.5}""",
            "application/json", ("X-Amzn-ErrorType", "PayloadTooLargeException"));

        var error = AppConfigError.From(await Assert.ThrowsAsync<AwsServiceException>(CreateAsync));

        Assert.Equal(new AppConfigError("PayloadTooLargeException", "Too large", Measure: "KILOBYTES", Limit: 2048.0, Size: 4096.5), error);
    }

    [Fact]
    public async Task A_body_that_is_not_json_still_gives_the_code()
    {
        _handler.Answer(HttpStatusCode.Forbidden, "<html>denied</html>", "text/html", ("X-Amzn-ErrorType", "AccessDeniedException"));
        var error = AppConfigError.From(await Assert.ThrowsAsync<AwsServiceException>(CreateAsync));
        Assert.Equal("AccessDeniedException", error.Code);
    }
}
