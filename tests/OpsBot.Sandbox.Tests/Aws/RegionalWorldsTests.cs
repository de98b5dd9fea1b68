using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Sandbox.Aws;
using OpsBot.Sandbox.Aws.Lambda;
using OpsBot.Sandbox.Aws.Traffic;

namespace OpsBot.Sandbox.Tests.Aws;

/// <summary>One endpoint, one world per region: what a request signed for one region changes, another region never sees.</summary>
public sealed class RegionalWorldsTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private readonly FakeTimeProvider _time = new(EmulatorWorld.DefaultStart);
    private AwsEmulatorServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = new AwsEmulatorServer(configure: o => o.OtherRegions.Add("us-west-2"), time: _time);
        await _server.StartAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_alias_moved_in_one_region_stays_where_it_was_in_the_other()
    {
        var moved = await SendAsync("us-west-2", HttpMethod.Put, "/2015-03-31/functions/lambda_router/aliases/live",
            """{"FunctionVersion":"4","RoutingConfig":{"AdditionalVersionWeights":{"5":0.1}}}""");
        Assert.Equal("arn:aws:lambda:us-west-2:000000000000:function:lambda_router:live", moved["AliasArn"]!.GetValue<string>());

        var west = await SendAsync("us-west-2", HttpMethod.Get, "/2015-03-31/functions/lambda_router/aliases/live");
        var east = await SendAsync("us-east-1", HttpMethod.Get, "/2015-03-31/functions/lambda_router/aliases/live");
        Assert.Equal(0.1, west["RoutingConfig"]!["AdditionalVersionWeights"]!["5"]!.GetValue<double>());
        Assert.Equal("4", east["FunctionVersion"]!.GetValue<string>());
        Assert.Null(east["RoutingConfig"]?["AdditionalVersionWeights"]);
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:lambda_router:live", east["AliasArn"]!.GetValue<string>());

        // Each world keeps its own traffic and faults too.
        var westWorld = _server.Worlds.For("us-west-2")!;
        Assert.NotSame(_server.Services.GetRequiredService<TrafficFaults>(), westWorld.GetRequiredService<TrafficFaults>());
        Assert.Equal([("4", 1.0)], _server.Services.GetRequiredService<ITrafficRoutes>().Routes().Single(r => r.Function == "lambda_router").Versions);
        Assert.Equal([("4", 0.9), ("5", 0.1)], westWorld.GetRequiredService<LambdaWorld>().Routes().Single(r => r.Function == "lambda_router").Versions);
    }

    [Fact]
    public async Task A_region_without_a_world_is_refused_naming_the_regions_there_are()
    {
        using var request = SignedRequest.Create(_server.BaseUrl, "lambda", HttpMethod.Get, "/2015-03-31/functions/lambda_router/aliases/live", (string?)null, null,
            _time.GetUtcNow(), region: "eu-west-1");
        using var response = await Http.SendAsync(request);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("no world in region eu-west-1; its regions are us-east-1, us-west-2", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<JsonObject> SendAsync(string region, HttpMethod method, string path, string? body = null)
    {
        using var request = SignedRequest.Create(_server.BaseUrl, "lambda", method, path, body, body is null ? null : "application/json", _time.GetUtcNow(), region: region);
        using var response = await Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
