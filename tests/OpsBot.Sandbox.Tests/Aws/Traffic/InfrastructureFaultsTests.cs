using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OpsBot.Sandbox.Aws.CloudWatch;
using OpsBot.Sandbox.Aws.Sqs;
using OpsBot.Sandbox.Aws.Traffic;
using OpsBot.Sandbox.Influx;

namespace OpsBot.Sandbox.Tests.Aws.Traffic;

/// <summary>
/// <c>/sandbox/faults</c> beyond a version's errors: an environment's InfluxDB stand-in (down, slow, up) and a
/// function's dead-letter queue; bad input is answered 400 saying what is wrong, and nothing changes.
/// </summary>
public sealed class InfrastructureFaultsTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private EmulatorWorld _world = null!;

    private Uri Faults => new(_world.SandboxUrl, "sandbox/faults");

    public async Task InitializeAsync() => _world = await EmulatorWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string body)
    {
        using var response = await Http.PostAsync(Faults, new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    [Fact]
    public async Task InfluxDB_down_refuses_connections_slow_delays_answers_and_up_or_a_delete_restores_it_each_answer_a_sentence()
    {
        var url = _world.Influx.BaseUrl;
        var (status, down) = await PostAsync("""{"environment":"prod","influxdb":"down"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($"prod's InfluxDB is down: its listener is closed, so connections to {url} are refused.", down["message"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["environment"] = "prod", ["state"] = "down", ["latencyMs"] = 0, ["url"] = url.ToString() }, down["influxdb"]));
        await Assert.ThrowsAsync<HttpRequestException>(() => Http.GetAsync(new Uri(url, "ping")));

        var listed = JsonNode.Parse(await Http.GetStringAsync(Faults))!;
        Assert.Equal("down", listed["influxdb"]![0]!["state"]!.GetValue<string>());
        Assert.Equal($"prod's InfluxDB is down: its listener is closed, so connections to {url} are refused.", listed["message"]!.GetValue<string>());

        var (_, slow) = await PostAsync("""{"environment":"prod","influxdb":"slow","latencyMs":250}""");
        Assert.Equal($"prod's InfluxDB at {url} answers every request 250 ms late (wall-clock).", slow["message"]!.GetValue<string>());
        Assert.Equal((InfluxState.Slow, 250, url), (_world.Influx.State, _world.Influx.LatencyMs, _world.Influx.BaseUrl));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.NoContent, (await Http.GetAsync(new Uri(url, "ping"))).StatusCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(240), $"{clock.Elapsed}");

        var cleared = await Http.DeleteAsync(new Uri(Faults, "?environment=prod&influxdb=slow"));
        var answer = (await cleared.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(($"Cleared: prod's InfluxDB is up at {url}.", 1), (answer["message"]!.GetValue<string>(), answer["cleared"]!.GetValue<int>()));
        Assert.Equal(InfluxState.Up, _world.Influx.State);
        await PostAsync("""{"environment":"prod","influxdb":"down"}""");
        var (_, up) = await PostAsync("""{"environment":"PROD","influxdb":"up"}""");
        Assert.Equal($"prod's InfluxDB is up at {url}.", up["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await Http.GetAsync(new Uri(url, "ping"))).StatusCode);
        Assert.Equal("No faults: every version behaves normally.", JsonNode.Parse(await Http.GetStringAsync(Faults))!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Messages_put_into_a_dead_letter_queue_are_reported_as_its_depth_and_a_delete_purges_it()
    {
        var (status, answer) = await PostAsync("""{"environment":"prod","dlq":"influxdb_loader","messages":5}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("5 messages arrived in influxdb_loader-dlq in prod: it holds 5, which CloudWatch reports as AWS/SQS ApproximateNumberOfMessagesVisible from the next simulated second.",
            answer["message"]!.GetValue<string>());
        await PostAsync("""{"environment":"prod","dlq":"influxdb_loader","messages":1}""");
        Assert.Equal(6, _world.Get<SqsWorld>().Depths()["influxdb_loader-dlq"]);
        var listed = JsonNode.Parse(await Http.GetStringAsync(Faults))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"environment":"prod","function":"influxdb_loader","queue":"influxdb_loader-dlq","messages":6}]"""), listed["deadLetterQueues"]));
        Assert.Equal("influxdb_loader-dlq in prod holds 6 messages.", listed["message"]!.GetValue<string>());

        _world.Run(TimeSpan.FromSeconds(20));
        Assert.Equal("ALARM", _world.Get<SandboxAlarms>().States()["influxdb_loader-dlq-depth"]);

        var purged = await Http.DeleteAsync(new Uri(Faults, "?environment=prod&dlq=influxdb_loader"));
        Assert.Equal("Purged 6 messages from influxdb_loader-dlq in prod.", (await purged.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>());
        Assert.Equal(0, _world.Get<SqsWorld>().Depths()["influxdb_loader-dlq"]);
    }

    [Theory]
    [InlineData("""{"environment":"prod","influxdb":"broken"}""", "'influxdb' must be \"down\", \"slow\" or \"up\", not \"broken\"")]
    [InlineData("""{"influxdb":"down"}""", "'environment' is required: prod")]
    [InlineData("""{"environment":"prod","influxdb":"slow"}""", "\"slow\" needs 'latencyMs'")]
    [InlineData("""{"environment":"prod","influxdb":"slow","latencyMs":-5}""", "'latencyMs' must be a positive number of milliseconds up to 600000, not -5")]
    [InlineData("""{"environment":"prod","influxdb":"down","latencyMs":100}""", "'latencyMs' goes with \"slow\" only, not with \"down\"")]
    [InlineData("""{"environment":"prod","influxdb":"down","version":"5"}""", "unknown member 'version' (an InfluxDB fault takes environment, influxdb and, for \"slow\", latencyMs)")]
    [InlineData("""{"environment":"prod","influxdb":"down","function":"lambda_router"}""", "one fault per request: 'function' and 'influxdb' cannot go together")]
    [InlineData("""{"environment":"prod","dlq":"billing","messages":5}""", "'dlq' 'billing' is not a sandbox function")]
    [InlineData("""{"environment":"prod","dlq":"influxdb_loader"}""", "'messages' is required")]
    [InlineData("""{"environment":"prod","dlq":"influxdb_loader","messages":2.5}""", "'messages' must be a whole number from 1 to 100000, not 2.5")]
    [InlineData("""{"environment":"prod","dlq":"influxdb_loader","messages":0}""", "'messages' must be a whole number from 1 to 100000, not 0")]
    public async Task Bad_input_is_answered_400_saying_what_is_wrong_and_nothing_changes(string body, string error)
    {
        var (status, answer) = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(error, answer["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("Refused: ", answer["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(InfluxState.Up, _world.Influx.State);
        Assert.All(_world.Get<SqsWorld>().Depths().Values, d => Assert.Equal(0, d));
        Assert.Empty(_world.Get<TrafficFaults>().Current());
    }
}
