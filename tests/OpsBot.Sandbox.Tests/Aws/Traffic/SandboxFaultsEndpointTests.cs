using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OpsBot.Sandbox.Aws.Traffic;

namespace OpsBot.Sandbox.Tests.Aws.Traffic;

public sealed class SandboxFaultsEndpointTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private EmulatorWorld _world = null!;

    private Uri Faults => new(_world.SandboxUrl, "sandbox/faults");

    public async Task InitializeAsync() => _world = await EmulatorWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Post_sets_a_fault_get_lists_it_and_delete_clears_by_version_or_function()
    {
        var set = await Http.PostAsync(Faults, Json("""{"function":"lambda_router","version":"5","errorRate":0.2,"durationMs":1200}"""));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"fault":{"function":"lambda_router","version":"5","errorRate":0.2,"durationMs":1200}}"""),
            JsonNode.Parse(await set.Content.ReadAsStringAsync())));
        // A version may be a number; durationMs may be left out.
        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsync(Faults, Json("""{"function":"lambda_router","version":6,"errorRate":1}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsync(Faults, Json("""{"function":"influxdb_loader","version":"5","errorRate":0}"""))).StatusCode);
        Assert.Equal([new TrafficFault("influxdb_loader", "5", 0, null), new TrafficFault("lambda_router", "5", 0.2, 1200), new TrafficFault("lambda_router", "6", 1, null)],
            _world.Get<TrafficFaults>().Current());

        var listed = JsonNode.Parse(await Http.GetStringAsync(Faults))!["faults"]!.AsArray();
        Assert.Equal(["influxdb_loader/5", "lambda_router/5", "lambda_router/6"], listed.Select(f => $"{f!["function"]}/{f["version"]}"));

        var byQuery = await Http.DeleteAsync(new Uri(Faults, "?function=lambda_router&version=6"));
        Assert.Equal(1, JsonNode.Parse(await byQuery.Content.ReadAsStringAsync())!["cleared"]!.GetValue<int>());
        using var byBody = new HttpRequestMessage(HttpMethod.Delete, Faults) { Content = Json("""{"function":"lambda_router"}""") };
        var cleared = await Http.SendAsync(byBody);
        Assert.Equal(1, JsonNode.Parse(await cleared.Content.ReadAsStringAsync())!["cleared"]!.GetValue<int>());
        Assert.Equal([new TrafficFault("influxdb_loader", "5", 0, null)], _world.Get<TrafficFaults>().Current());
    }

    [Theory]
    [InlineData("""{"function":"billing","version":"5","errorRate":0.2}""", "'function' 'billing' is not a sandbox function (they are: lambda_router, ")]
    [InlineData("""{"version":"5","errorRate":0.2}""", "'function' is required")]
    [InlineData("""{"function":"lambda_router","version":"five","errorRate":0.2}""", "'version' must be a published version number (1, 2, ...), not \"five\"")]
    [InlineData("""{"function":"lambda_router","errorRate":0.2}""", "'version' is required")]
    [InlineData("""{"function":"lambda_router","version":"5","errorRate":20}""", "'errorRate' must be from 0 to 1 (a fraction, 0.2 for 20%), not 20")]
    [InlineData("""{"function":"lambda_router","version":"5"}""", "'errorRate' is required")]
    [InlineData("""{"function":"lambda_router","version":"5","errorRate":"high"}""", "'errorRate' must be a number, not \"high\"")]
    [InlineData("""{"function":"lambda_router","version":"5","errorRate":0.2,"durationMs":0}""", "'durationMs' must be a positive number of milliseconds, not 0")]
    [InlineData("""{"function":"lambda_router","version":"5","errorRate":0.2,"latency":3}""", "unknown member 'latency'")]
    [InlineData("""[1,2]""", "the body must be a JSON object")]
    [InlineData("""{"function":""", "the body is not JSON")]
    public async Task Bad_input_is_answered_400_saying_what_is_wrong(string body, string error)
    {
        var response = await Http.PostAsync(Faults, Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(error, (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_world.Get<TrafficFaults>().Current());
    }

    [Fact]
    public async Task Delete_needs_a_known_function()
    {
        var response = await Http.DeleteAsync(new Uri(Faults, "?version=5"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("'function' is required", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
