using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpsBot.Sandbox.Influx;

namespace OpsBot.Sandbox.Aws.Traffic;

/// <summary>
/// <c>/sandbox/faults</c> for an environment's InfluxDB stand-in: <c>{"environment":"prod","influxdb":"down"}</c>
/// closes its listener (connection refused), <c>"slow"</c> with <c>"latencyMs": N</c> delays each answer by N wall-clock
/// milliseconds, <c>"up"</c> (or a DELETE naming <c>influxdb</c>) listens again on the same port at full speed.
/// </summary>
internal static class InfluxDbFault
{
    public const string Example = "{\"environment\":\"prod\",\"influxdb\":\"down\"} (or \"slow\" with \"latencyMs\":3000, or \"up\")";

    /// <summary>The longest latency accepted: ten minutes.</summary>
    private const double MaxLatencyMs = 600_000;

    public static async Task<(int Status, JsonObject Body)> SetAsync(JsonObject body, IReadOnlyList<SandboxEnvironment> environments)
    {
        var input = new FaultInput(environments);
        var environment = input.Environment(body["environment"]);
        var state = body["influxdb"] is JsonValue v && v.TryGetValue<string>(out var text) ? text.ToLowerInvariant() : null;
        if (state is not ("down" or "slow" or "up"))
            input.Problems.Add($"'influxdb' must be \"down\", \"slow\" or \"up\", not {body["influxdb"]?.ToJsonString() ?? "null"}");
        var latency = input.Number(body["latencyMs"], "latencyMs");
        if (state == "slow" && body["latencyMs"] is null)
            input.Problems.Add("\"slow\" needs 'latencyMs': how many milliseconds each answer waits");
        if (latency is { } ms && (ms <= 0 || ms > MaxLatencyMs))
            input.Problems.Add($"'latencyMs' must be a positive number of milliseconds up to {MaxLatencyMs.ToString(CultureInfo.InvariantCulture)}, not {ms.ToString(CultureInfo.InvariantCulture)}");
        if (state is "down" or "up" && body["latencyMs"] is not null)
            input.Problems.Add($"'latencyMs' goes with \"slow\" only, not with \"{state}\"");
        var unknown = body.Select(p => p.Key).Where(k => k is not ("environment" or "influxdb" or "latencyMs")).ToList();
        if (unknown.Count > 0)
            input.Problems.Add($"unknown {(unknown.Count == 1 ? "member" : "members")} {string.Join(", ", unknown.Select(k => $"'{k}'"))} (an InfluxDB fault takes environment, influxdb and, for \"slow\", latencyMs)");
        if (environment is { InfluxDb: null })
            input.Problems.Add($"{environment.Name} has no InfluxDB stand-in here");
        if (input.Problems.Count > 0)
            return (400, Refusal(input.Problems));

        var standIn = environment!.InfluxDb!;
        switch (state)
        {
            case "down":
                await standIn.GoDownAsync();
                break;
            case "slow":
                await standIn.SlowDownAsync((int)Math.Ceiling(latency!.Value));
                break;
            default:
                await standIn.ComeUpAsync();
                break;
        }
        return (200, new JsonObject { ["influxdb"] = ToJson(environment.Name, standIn), ["message"] = Sentence(environment.Name, standIn) + "." });
    }

    /// <summary>DELETE: the stand-in listens again at full speed.</summary>
    public static async Task<(int Status, JsonObject Body)> ClearAsync(SandboxEnvironment environment)
    {
        if (environment.InfluxDb is not { } standIn)
            return (400, Refusal([$"{environment.Name} has no InfluxDB stand-in here"]));
        var was = standIn.State;
        await standIn.ComeUpAsync();
        return (200, new JsonObject
        {
            ["influxdb"] = ToJson(environment.Name, standIn),
            ["cleared"] = was == InfluxState.Up ? 0 : 1,
            ["message"] = was == InfluxState.Up ? $"{environment.Name}'s InfluxDB had no fault; nothing changed." : $"Cleared: {Sentence(environment.Name, standIn)}.",
        });
    }

    public static JsonObject ToJson(string environment, InfluxStandIn standIn) => new()
    {
        ["environment"] = environment,
        ["state"] = JsonNamingPolicy.CamelCase.ConvertName(standIn.State.ToString()),
        ["latencyMs"] = standIn.LatencyMs,
        ["url"] = standIn.BaseUrl.ToString(),
    };

    /// <summary>What the stand-in does now, as a sentence without its full stop.</summary>
    public static string Sentence(string environment, InfluxStandIn standIn) => standIn.State switch
    {
        InfluxState.Down => $"{environment}'s InfluxDB is down: its listener is closed, so connections to {standIn.BaseUrl} are refused",
        InfluxState.Slow => $"{environment}'s InfluxDB at {standIn.BaseUrl} answers every request {standIn.LatencyMs} ms late (wall-clock)",
        _ => $"{environment}'s InfluxDB is up at {standIn.BaseUrl}",
    };

    private static JsonObject Refusal(IEnumerable<string> problems)
    {
        var error = string.Join("; ", problems);
        return new JsonObject { ["error"] = error, ["message"] = $"Refused: {error}." };
    }
}
