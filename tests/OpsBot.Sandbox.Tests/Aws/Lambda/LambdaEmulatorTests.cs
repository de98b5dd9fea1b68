using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Sandbox.Aws;

namespace OpsBot.Sandbox.Tests.Aws.Lambda;

/// <summary>The Lambda emulator on the wire: the seeded world, each operation, and the errors in the model's shapes.</summary>
public sealed class LambdaEmulatorTests : AwsEmulatorTestBase
{
    private const string Fn = "lambda_router";
    private const string Functions = "/2015-03-31/functions/";

    [Fact]
    public async Task The_seeded_alias_is_read_by_name_partial_ARN_and_percent_encoded_full_ARN()
    {
        var byName = await LambdaAsync(HttpMethod.Get, $"{Functions}{Fn}/aliases/live");
        var byPartial = await LambdaAsync(HttpMethod.Get, $"{Functions}{Uri.EscapeDataString($"{Account}:function:{Fn}")}/aliases/live");
        var byArn = await LambdaAsync(HttpMethod.Get, $"{Functions}{Uri.EscapeDataString(FunctionArn(Fn))}/aliases/live");

        Assert.Equal(HttpStatusCode.OK, byName.Status);
        var alias = byName.Json;
        Assert.Equal((FunctionArn(Fn) + ":live", "live", "4"),
            (alias["AliasArn"]!.GetValue<string>(), alias["Name"]!.GetValue<string>(), alias["FunctionVersion"]!.GetValue<string>()));
        Assert.True(Guid.TryParse(alias["RevisionId"]!.GetValue<string>(), out _));
        Assert.Null(alias["RoutingConfig"]);
        Assert.True(JsonNode.DeepEquals(alias, byPartial.Json), byPartial.ToString());
        Assert.True(JsonNode.DeepEquals(alias, byArn.Json), byArn.ToString());
        Assert.NotNull(byName.Header("x-amzn-RequestId"));
    }

    [Fact]
    public async Task Unknown_functions_aliases_and_versions_answer_404_ResourceNotFoundException_with_Message()
    {
        var function = await LambdaAsync(HttpMethod.Get, $"{Functions}nope/aliases/live");
        var alias = await LambdaAsync(HttpMethod.Get, $"{Functions}{Fn}/aliases/nope");
        var version = await LambdaAsync(HttpMethod.Get, $"{Functions}{Fn}/configuration?Qualifier=99");
        var otherAccount = await LambdaAsync(HttpMethod.Get, $"{Functions}{Uri.EscapeDataString($"arn:aws:lambda:us-east-1:111111111111:function:{Fn}")}/versions");

        foreach (var answer in new[] { function, alias, version, otherAccount })
        {
            Assert.Equal(HttpStatusCode.NotFound, answer.Status);
            Assert.Equal("ResourceNotFoundException", answer.Header("X-Amzn-ErrorType"));
            Assert.Equal("User", answer.Json["Type"]!.GetValue<string>());
            Assert.Null(answer.Json["message"]);
        }
        Assert.Equal($"Function not found: {FunctionArn("nope")}", function.Json["Message"]!.GetValue<string>());
        Assert.Equal($"Alias not found: {FunctionArn(Fn)}:nope", alias.Json["Message"]!.GetValue<string>());
        Assert.Equal($"Function not found: {FunctionArn(Fn)}:99", version.Json["Message"]!.GetValue<string>());
        Assert.Equal($"Function not found: arn:aws:lambda:us-east-1:111111111111:function:{Fn}", otherAccount.Json["Message"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateAlias_routes_weights_changes_the_revision_and_refuses_a_stale_one_with_412()
    {
        var before = Lambda.Alias(Fn);

        var shifted = await LambdaAsync(HttpMethod.Put, $"{Functions}{Fn}/aliases/live",
            $$$"""{"FunctionVersion":"4","RoutingConfig":{"AdditionalVersionWeights":{"5":0.1}},"RevisionId":"{{{before.RevisionId}}}","Description":"canary"}""");
        Assert.Equal(HttpStatusCode.OK, shifted.Status);
        Assert.Equal(0.1, shifted.Json["RoutingConfig"]!["AdditionalVersionWeights"]!["5"]!.GetValue<double>());
        Assert.Equal("canary", shifted.Json["Description"]!.GetValue<string>());
        var revision = shifted.Json["RevisionId"]!.GetValue<string>();
        Assert.NotEqual(before.RevisionId, revision);
        Assert.Equal([("4", 0.9), ("5", 0.1)], Server.Services.GetRequiredService<ITrafficRoutes>().Routes().Single(r => r.Function == Fn).Versions);

        var stale = await LambdaAsync(HttpMethod.Put, $"{Functions}{Fn}/aliases/live", $$"""{"FunctionVersion":"5","RevisionId":"{{before.RevisionId}}"}""");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.Equal("PreconditionFailedException", stale.Header("X-Amzn-ErrorType"));
        Assert.Equal("""{"Type":"User","message":"The Revision Id provided does not match the latest Revision Id. Call the GetAlias API to retrieve the latest Revision Id"}""", stale.Body);
        Assert.Equal(revision, Lambda.Alias(Fn).RevisionId);

        // {} clears the routing; without RoutingConfig the routing stays as it is.
        var promoted = await LambdaAsync(HttpMethod.Put, $"{Functions}{Fn}/aliases/live", """{"FunctionVersion":"5","RoutingConfig":{}}""");
        Assert.Equal(("5", null), (promoted.Json["FunctionVersion"]!.GetValue<string>(), promoted.Json["RoutingConfig"]));
        Assert.Equal([("5", 1.0)], Server.Services.GetRequiredService<ITrafficRoutes>().Routes().Single(r => r.Function == Fn).Versions);
    }

    [Theory]
    [InlineData("""{"RoutingConfig":{"AdditionalVersionWeights":{"5":0.1,"3":0.1}}}""", "Number of items in AdditionalVersionWeights cannot be greater than 1")]
    [InlineData("""{"RoutingConfig":{"AdditionalVersionWeights":{"5":1.5}}}""", "1 validation error detected: Value '{5=1.5}'")]
    [InlineData("""{"RoutingConfig":{"AdditionalVersionWeights":{"4":0.1}}}""", "Invalid function version 4. Function version 4 is already included in routing configuration.")]
    [InlineData("""{"RoutingConfig":{"AdditionalVersionWeights":{"99":0.1}}}""", "Version 99 of function")]
    [InlineData("""{"FunctionVersion":"$LATEST","RoutingConfig":{"AdditionalVersionWeights":{"5":0.1}}}""", "$LATEST is not supported for an alias pointing to more than 1 version")]
    [InlineData("""{"FunctionVersion":"v7"}""", "1 validation error detected: Value 'v7' at 'functionVersion'")]
    public async Task UpdateAlias_refuses_bad_routing_with_400_InvalidParameterValueException(string body, string message)
    {
        var answer = await LambdaAsync(HttpMethod.Put, $"{Functions}{Fn}/aliases/live", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("InvalidParameterValueException", answer.Header("X-Amzn-ErrorType"));
        Assert.StartsWith(message, answer.Json["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("4", Lambda.Alias(Fn).FunctionVersion);
    }

    [Fact]
    public async Task UpdateAlias_to_a_version_that_does_not_exist_is_404_and_a_body_that_is_not_JSON_is_400()
    {
        var missing = await LambdaAsync(HttpMethod.Put, $"{Functions}{Fn}/aliases/live", """{"FunctionVersion":"99"}""");
        var garbage = await LambdaAsync(HttpMethod.Put, $"{Functions}{Fn}/aliases/live", "{not json");

        Assert.Equal((HttpStatusCode.NotFound, $"Function not found: {FunctionArn(Fn)}:99"), (missing.Status, missing.Json["Message"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequestContentException"), (garbage.Status, garbage.Header("X-Amzn-ErrorType")));
    }

    [Fact]
    public async Task PublishVersion_answers_201_the_last_version_for_unchanged_code_and_a_new_one_after_an_upload()
    {
        var unchanged = await LambdaAsync(HttpMethod.Post, $"{Functions}{Fn}/versions", "{}");
        Assert.Equal(HttpStatusCode.Created, unchanged.Status);
        Assert.Equal(("5", FunctionArn(Fn) + ":5"), (unchanged.Json["Version"]!.GetValue<string>(), unchanged.Json["FunctionArn"]!.GetValue<string>()));

        var sha = Lambda.UploadCode(Fn);
        var published = await LambdaAsync(HttpMethod.Post, $"{Functions}{Fn}/versions", $$"""{"Description":"build 42","CodeSha256":"{{sha}}"}""");

        Assert.Equal(HttpStatusCode.Created, published.Status);
        var json = published.Json;
        Assert.Equal(("6", sha, "build 42", "Active", "Successful"),
            (json["Version"]!.GetValue<string>(), json["CodeSha256"]!.GetValue<string>(), json["Description"]!.GetValue<string>(),
             json["State"]!.GetValue<string>(), json["LastUpdateStatus"]!.GetValue<string>()));
        Assert.Equal("2026-03-02T09:00:00.000+0000", json["LastModified"]!.GetValue<string>());
        Assert.NotEqual(unchanged.Json["CodeSha256"]!.GetValue<string>(), sha);
    }

    [Fact]
    public async Task PublishVersion_is_refused_while_an_update_settles_409_and_for_another_hash_400()
    {
        Lambda.UploadCode(Fn, settling: TimeSpan.FromSeconds(5));

        var busy = await LambdaAsync(HttpMethod.Post, $"{Functions}{Fn}/versions", "{}");
        var latest = await LambdaAsync(HttpMethod.Get, $"{Functions}{Fn}/configuration");
        Assert.Equal((HttpStatusCode.Conflict, "ResourceConflictException"), (busy.Status, busy.Header("X-Amzn-ErrorType")));
        Assert.Equal($"The operation cannot be performed at this time. An update is in progress for resource: {FunctionArn(Fn)}", busy.Json["message"]!.GetValue<string>());
        Assert.Equal("InProgress", latest.Json["LastUpdateStatus"]!.GetValue<string>());

        Time.Advance(TimeSpan.FromSeconds(5));
        var wrongHash = await LambdaAsync(HttpMethod.Post, $"{Functions}{Fn}/versions", """{"CodeSha256":"abc"}""");
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidParameterValueException"), (wrongHash.Status, wrongHash.Header("X-Amzn-ErrorType")));
        var staleRevision = await LambdaAsync(HttpMethod.Post, $"{Functions}{Fn}/versions", """{"RevisionId":"abc"}""");
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleRevision.Status);
        Assert.Equal(HttpStatusCode.Created, (await LambdaAsync(HttpMethod.Post, $"{Functions}{Fn}/versions", "{}")).Status);
    }

    [Fact]
    public async Task ListVersionsByFunction_lists_LATEST_first_and_pages_by_marker_at_most_50_at_a_time()
    {
        for (var i = 0; i < 50; i++)
        {
            Lambda.UploadCode(Fn);
            Lambda.Publish(Fn, null, null, null);
        }

        var seen = new List<string>();
        string? marker = null;
        var pages = 0;
        do
        {
            var answer = await LambdaAsync(HttpMethod.Get, $"{Functions}{Fn}/versions?MaxItems=100{(marker is null ? "" : $"&Marker={Uri.EscapeDataString(marker)}")}");
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            var versions = answer.Json["Versions"]!.AsArray();
            Assert.True(versions.Count <= 50);
            seen.AddRange(versions.Select(v => v!["Version"]!.GetValue<string>()));
            marker = answer.Json["NextMarker"]?.GetValue<string>();
            pages++;
        }
        while (marker is not null);

        Assert.Equal(2, pages);
        Assert.Equal(["$LATEST", .. Enumerable.Range(1, 55).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))], seen);

        var small = await LambdaAsync(HttpMethod.Get, $"{Functions}{Fn}/versions?MaxItems=2");
        Assert.Equal(["$LATEST", "1"], small.Json["Versions"]!.AsArray().Select(v => v!["Version"]!.GetValue<string>()));
        Assert.Equal($"{FunctionArn(Fn)}:$LATEST", small.Json["Versions"]![0]!["FunctionArn"]!.GetValue<string>());
        var badMarker = await LambdaAsync(HttpMethod.Get, $"{Functions}{Fn}/versions?Marker=nonsense");
        var badMax = await LambdaAsync(HttpMethod.Get, $"{Functions}{Fn}/versions?MaxItems=0");
        Assert.Equal(HttpStatusCode.BadRequest, badMarker.Status);
        Assert.Equal(HttpStatusCode.BadRequest, badMax.Status);
    }

    [Fact]
    public async Task The_seeded_versions_have_distinct_code_and_ListAliases_filters_by_version()
    {
        var versions = (await LambdaAsync(HttpMethod.Get, $"{Functions}{Fn}/versions")).Json["Versions"]!.AsArray();
        var hashes = versions.Skip(1).Select(v => v!["CodeSha256"]!.GetValue<string>()).ToList();
        Assert.Equal(5, hashes.Distinct().Count());
        Assert.Equal(hashes[^1], versions[0]!["CodeSha256"]!.GetValue<string>());

        var onFour = await LambdaAsync(HttpMethod.Get, $"{Functions}{Fn}/aliases?FunctionVersion=4");
        var onThree = await LambdaAsync(HttpMethod.Get, $"{Functions}{Fn}/aliases?FunctionVersion=3");
        var all = await LambdaAsync(HttpMethod.Get, $"{Functions}{Fn}/aliases?MaxItems=1");
        Assert.Equal(["live"], onFour.Json["Aliases"]!.AsArray().Select(a => a!["Name"]!.GetValue<string>()));
        Assert.Empty(onThree.Json["Aliases"]!.AsArray());
        Assert.Single(all.Json["Aliases"]!.AsArray());
        Assert.Null(all.Json["NextMarker"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await LambdaAsync(HttpMethod.Get, $"{Functions}{Fn}/aliases?FunctionVersion=latest")).Status);
    }

    [Fact]
    public async Task Of_concurrent_updates_guarded_by_the_same_revision_exactly_one_wins()
    {
        var revision = Lambda.Alias(Fn).RevisionId;

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => LambdaAsync(HttpMethod.Put, $"{Functions}{Fn}/aliases/live",
            $$$"""{"RoutingConfig":{"AdditionalVersionWeights":{"5":0.{{{i + 10}}}}},"RevisionId":"{{{revision}}}"}""")));

        var winner = Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a != winner), a => Assert.Equal(HttpStatusCode.PreconditionFailed, a.Status));
        Assert.Equal(winner.Json["RevisionId"]!.GetValue<string>(), Lambda.Alias(Fn).RevisionId);
    }

    [Fact]
    public async Task GetFunctionConfiguration_reads_LATEST_a_version_or_an_alias_qualified_as_asked()
    {
        var latest = (await LambdaAsync(HttpMethod.Get, $"{Functions}{Fn}/configuration")).Json;
        var byAlias = (await LambdaAsync(HttpMethod.Get, $"{Functions}{Fn}/configuration?Qualifier=live")).Json;
        var byVersion = (await LambdaAsync(HttpMethod.Get, $"{Functions}{Uri.EscapeDataString(FunctionArn(Fn) + ":3")}/configuration")).Json;
        var mismatch = await LambdaAsync(HttpMethod.Get, $"{Functions}{Uri.EscapeDataString(Fn + ":3")}/configuration?Qualifier=2");

        Assert.Equal(("$LATEST", FunctionArn(Fn)), (latest["Version"]!.GetValue<string>(), latest["FunctionArn"]!.GetValue<string>()));
        Assert.Equal(("4", FunctionArn(Fn) + ":live"), (byAlias["Version"]!.GetValue<string>(), byAlias["FunctionArn"]!.GetValue<string>()));
        Assert.Equal(("3", FunctionArn(Fn) + ":3"), (byVersion["Version"]!.GetValue<string>(), byVersion["FunctionArn"]!.GetValue<string>()));
        Assert.Equal(("Active", "Successful", Fn), (latest["State"]!.GetValue<string>(), latest["LastUpdateStatus"]!.GetValue<string>(), latest["FunctionName"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.Status);
    }

    [Fact]
    public async Task An_unknown_route_is_404_and_a_wrong_secret_403_InvalidSignatureException()
    {
        var unknown = await LambdaAsync(HttpMethod.Delete, $"{Functions}{Fn}/aliases/live");
        var forged = await LambdaAsync(HttpMethod.Get, $"{Functions}{Fn}/aliases/live", secret: "wrong");

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal((HttpStatusCode.Forbidden, "InvalidSignatureException"), (forged.Status, forged.Header("X-Amzn-ErrorType")));
    }
}
