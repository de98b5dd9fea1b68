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
    public async Task Post_sets_a_fault_get_lists_it_and_delete_clears_by_version_or_function_each_answer_a_sentence()
    {
        var set = await Http.PostAsync(Faults, Json("""{"environment":"prod","function":"lambda_router","version":"5","errorRate":0.2,"durationMs":1200}"""));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var answer = JsonNode.Parse(await set.Content.ReadAsStringAsync())!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"environment":"prod","function":"lambda_router","version":"5","errorRate":0.2,"durationMs":1200}"""), answer["fault"]));
        Assert.Equal("lambda_router version 5 in prod now fails 20% of its invocations and takes 1200 ms each, from the next simulated second.",
            answer["message"]!.GetValue<string>());
        // A version may be a number; durationMs may be left out; so may errorRate (slow, errors as usual).
        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsync(Faults, Json("""{"environment":"prod","function":"lambda_router","version":4,"errorRate":1}"""))).StatusCode);
        var slow = await Http.PostAsync(Faults, Json("""{"environment":"PROD","function":"influxdb_loader","version":"5","durationMs":3000}"""));
        Assert.Equal("influxdb_loader version 5 in prod now takes 3000 ms each (errors as usual), from the next simulated second.",
            (await slow.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>());
        Assert.Equal([new TrafficFault("influxdb_loader", "5", null, 3000), new TrafficFault("lambda_router", "4", 1, null), new TrafficFault("lambda_router", "5", 0.2, 1200)],
            _world.Get<TrafficFaults>().Current());

        var listed = JsonNode.Parse(await Http.GetStringAsync(Faults))!;
        Assert.Equal(["prod/influxdb_loader/5", "prod/lambda_router/4", "prod/lambda_router/5"],
            listed["faults"]!.AsArray().Select(f => $"{f!["environment"]}/{f["function"]}/{f["version"]}"));
        Assert.StartsWith("influxdb_loader version 5 in prod takes 3000 ms each", listed["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var byQuery = await Http.DeleteAsync(new Uri(Faults, "?environment=prod&function=lambda_router&version=4"));
        var byQueryAnswer = JsonNode.Parse(await byQuery.Content.ReadAsStringAsync())!;
        Assert.Equal(1, byQueryAnswer["cleared"]!.GetValue<int>());
        Assert.Equal("Cleared the fault of lambda_router version 4 in prod: it behaves normally again.", byQueryAnswer["message"]!.GetValue<string>());
        using var byBody = new HttpRequestMessage(HttpMethod.Delete, Faults) { Content = Json("""{"environment":"prod","function":"lambda_router"}""") };
        var cleared = await Http.SendAsync(byBody);
        Assert.Equal(1, JsonNode.Parse(await cleared.Content.ReadAsStringAsync())!["cleared"]!.GetValue<int>());
        Assert.Equal([new TrafficFault("influxdb_loader", "5", null, 3000)], _world.Get<TrafficFaults>().Current());
    }

    [Theory]
    [InlineData("""{"function":"lambda_router","version":"5","errorRate":0.2}""", "'environment' is required: prod (each is a separate world)")]
    [InlineData("""{"environment":"staging","function":"lambda_router","version":"5","errorRate":0.2}""", "'environment' must be prod, not \"staging\"")]
    [InlineData("""{"environment":"prod","function":"billing","version":"5","errorRate":0.2}""", "'function' 'billing' is not a sandbox function (they are: lambda_router, ")]
    [InlineData("""{"environment":"prod","version":"5","errorRate":0.2}""", "'function' is required")]
    [InlineData("""{"environment":"prod","function":"lambda_router","version":"five","errorRate":0.2}""", "'version' must be a published version number (1, 2, ...), not \"five\"")]
    [InlineData("""{"environment":"prod","function":"lambda_router","version":"9","errorRate":0.2}""", "lambda_router has no version 9 in prod (its versions are 1, 2, 3, 4, 5)")]
    [InlineData("""{"environment":"prod","function":"lambda_router","errorRate":0.2}""", "'version' is required")]
    [InlineData("""{"environment":"prod","function":"lambda_router","version":"5","errorRate":20}""", "'errorRate' must be from 0 to 1 (a fraction, 0.2 for 20%), not 20")]
    [InlineData("""{"environment":"prod","function":"lambda_router","version":"5"}""", "say what goes wrong: 'errorRate'")]
    [InlineData("""{"environment":"prod","function":"lambda_router","version":"5","errorRate":"high"}""", "'errorRate' must be a number, not \"high\"")]
    [InlineData("""{"environment":"prod","function":"lambda_router","version":"5","errorRate":0.2,"durationMs":0}""", "'durationMs' must be a positive number of milliseconds, not 0")]
    [InlineData("""{"environment":"prod","function":"lambda_router","version":"5","errorRate":0.2,"latency":3}""", "unknown member 'latency'")]
    [InlineData("""[1,2]""", "the body must be a JSON object")]
    [InlineData("""{"function":""", "the body is not JSON")]
    public async Task Bad_input_is_answered_400_saying_what_is_wrong(string body, string error)
    {
        var response = await Http.PostAsync(Faults, Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains(error, answer["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("Refused: ", answer["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_world.Get<TrafficFaults>().Current());
    }

    [Theory]
    [InlineData("?environment=prod&version=5", "'function' is required")]
    [InlineData("?function=lambda_router&version=5", "'environment' is required")]
    public async Task Delete_needs_an_environment_and_a_known_function(string query, string error)
    {
        _world.Get<TrafficFaults>().Set("lambda_router", "5", 0.5);
        var response = await Http.DeleteAsync(new Uri(Faults, query));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(error, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(_world.Get<TrafficFaults>().Current());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
