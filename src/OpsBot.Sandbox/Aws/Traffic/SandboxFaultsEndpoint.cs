using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Sandbox.Aws.AppConfig;
using OpsBot.Sandbox.Aws.Sqs;

namespace OpsBot.Sandbox.Aws.Traffic;

/// <summary>
/// The sandbox's HTTP surface for faults, per environment (dev and prod are separate worlds):
/// <c>POST /sandbox/faults</c> sets one (<c>{"environment":"prod","function":"lambda_router","version":"5","errorRate":0.2,"durationMs":1200}</c>;
/// errorRate, durationMs or both: a slow version without errors leaves errorRate out), <c>DELETE /sandbox/faults</c>
/// clears a version's fault or, without a version, every fault of the function (environment, function and version in
/// the JSON body or the query string), <c>GET /sandbox/faults</c> lists them. The same resource breaks an environment's
/// InfluxDB stand-in (<c>{"environment":"prod","influxdb":"down"|"slow"|"up","latencyMs":N}</c>, <see cref="InfluxDbFault"/>)
/// and fills a function's dead-letter queue (<c>{"environment":"prod","dlq":"influxdb_loader","messages":5}</c>,
/// <see cref="DeadLetterQueueFault"/>); a DELETE naming <c>influxdb</c> or <c>dlq</c> undoes those. Every answer carries
/// a <c>message</c>, a sentence for a person; bad input is answered 400 with <c>{"error": ...}</c> saying what is wrong,
/// nothing changed, and a version the function does not have is refused.
/// </summary>
public static class SandboxFaultsEndpoint
{
    /// <summary>The path of the faults resource.</summary>
    public const string Path = "/sandbox/faults";

    /// <summary>Maps the faults resource on <paramref name="app"/> (the sandbox's own listener, not the AWS endpoint's), and
    /// with it <c>GET /sandbox/flags</c> (<see cref="SandboxFlagsEndpoint"/>) for the console's Flags panel.</summary>
    /// <param name="app">Where to map it.</param>
    /// <param name="environments">The environments, each with the world that holds its <see cref="TrafficFaults"/>.</param>
    public static IEndpointRouteBuilder MapSandboxFaults(this IEndpointRouteBuilder app, IReadOnlyList<SandboxEnvironment> environments)
    {
        app.MapPost(Path, (Delegate)(async (HttpContext context) => await SetAsync(context, environments)));
        app.MapDelete(Path, (Delegate)(async (HttpContext context) => await ClearAsync(context, environments)));
        app.MapGet(Path, () => Answer(200, List(environments)));
        return app;
    }

    private static async Task<IResult> SetAsync(HttpContext context, IReadOnlyList<SandboxEnvironment> environments)
    {
        var (body, bodyError) = await FaultInput.ReadBodyAsync(context);
        if (bodyError is not null)
            return Refuse(bodyError);
        var kinds = new[] { "function", "influxdb", "dlq" }.Where(body!.ContainsKey).ToList();
        if (kinds.Count > 1)
            return Refuse($"one fault per request: {string.Join(" and ", kinds.Select(k => $"'{k}'"))} cannot go together (e.g. {FaultInput.Example}, {InfluxDbFault.Example} or {DeadLetterQueueFault.Example})");
        if (kinds is ["influxdb"])
            return Answer(await InfluxDbFault.SetAsync(body, environments));
        if (kinds is ["dlq"])
            return Answer(DeadLetterQueueFault.Set(body, environments));
        var input = new FaultInput(environments);
        var environment = input.Environment(body["environment"]);
        var function = input.Function(body["function"], environment);
        var version = input.Version(body["version"], environment, function, required: true);
        var errorRate = input.Number(body["errorRate"], "errorRate");
        if (errorRate is < 0 or > 1)
            input.Problems.Add($"'errorRate' must be from 0 to 1 (a fraction, 0.2 for 20%), not {errorRate.Value.ToString(CultureInfo.InvariantCulture)}");
        var durationMs = input.Number(body["durationMs"], "durationMs");
        if (durationMs is <= 0)
            input.Problems.Add($"'durationMs' must be a positive number of milliseconds, not {durationMs.Value.ToString(CultureInfo.InvariantCulture)}");
        if (body["errorRate"] is null && body["durationMs"] is null)
            input.Problems.Add("say what goes wrong: 'errorRate' (the fraction of invocations that fail, from 0 to 1), 'durationMs' (how slow), or both");
        var unknown = body.Select(p => p.Key).Where(k => k is not ("environment" or "function" or "version" or "errorRate" or "durationMs")).ToList();
        if (unknown.Count > 0)
            input.Problems.Add($"unknown {(unknown.Count == 1 ? "member" : "members")} {string.Join(", ", unknown.Select(k => $"'{k}'"))} (expected environment, function, version, errorRate, durationMs; or environment, influxdb, latencyMs; or environment, dlq, messages)");
        if (input.Problems.Count > 0)
            return Refuse(string.Join("; ", input.Problems));
        var fault = environment!.World.GetRequiredService<TrafficFaults>().Set(function!, version!, errorRate, durationMs);
        return Answer(200, new JsonObject
        {
            ["fault"] = ToJson(environment.Name, fault),
            ["message"] = $"{fault.Function} version {fault.Version} in {environment.Name} now {fault.Behaviour()}, from the next simulated second.",
        });
    }

    private static async Task<IResult> ClearAsync(HttpContext context, IReadOnlyList<SandboxEnvironment> environments)
    {
        JsonObject body = [];
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var (read, bodyError) = await FaultInput.ReadBodyAsync(context);
            if (bodyError is not null)
                return Refuse(bodyError);
            body = read!;
        }
        var query = context.Request.Query;
        JsonNode? Member(string name) => body[name] ?? (query[name].ToString() is { Length: > 0 } q ? JsonValue.Create(q) : null);
        var input = new FaultInput(environments);
        var environment = input.Environment(Member("environment"));
        if (body.ContainsKey("influxdb") || query.ContainsKey("influxdb"))
            return input.Problems.Count > 0 ? Refuse(string.Join("; ", input.Problems)) : Answer(await InfluxDbFault.ClearAsync(environment!));
        if (Member("dlq") is { } dlq)
        {
            var owner = input.Function(dlq, environment, "dlq");
            return input.Problems.Count > 0 ? Refuse(string.Join("; ", input.Problems)) : Answer(DeadLetterQueueFault.Clear(environment!, owner!));
        }
        var function = input.Function(Member("function"), environment);
        var version = input.Version(Member("version"), null, function, required: false);
        if (input.Problems.Count > 0)
            return Refuse(string.Join("; ", input.Problems));
        var cleared = environment!.World.GetRequiredService<TrafficFaults>().Clear(function!, version);
        var what = version is null ? $"{function} in {environment.Name}" : $"{function} version {version} in {environment.Name}";
        var answer = List(environments);
        answer["cleared"] = cleared;
        answer["message"] = cleared switch
        {
            0 => $"{what} had no fault; nothing changed.",
            1 => $"Cleared the fault of {what}: it behaves normally again.",
            _ => $"Cleared {cleared} faults of {what}: its versions behave normally again.",
        };
        return Answer(200, answer);
    }

    /// <summary>The faults in force: the versions' (<c>faults</c>), each environment's InfluxDB stand-in (<c>influxdb</c>, whatever its
    /// state) and the dead-letter queues that hold messages (<c>deadLetterQueues</c>).</summary>
    private static JsonObject List(IReadOnlyList<SandboxEnvironment> environments)
    {
        var all = environments.SelectMany(e => e.World.GetRequiredService<TrafficFaults>().Current().Select(f => (e.Name, Fault: f))).ToList();
        var influx = environments.Where(e => e.InfluxDb is not null).Select(e => (e.Name, StandIn: e.InfluxDb!)).ToList();
        var queues = environments.SelectMany(e => e.World.GetRequiredService<SqsWorld>().Depths().Where(q => q.Value > 0)
            .Select(q => (e.Name, Function: q.Key[..^"-dlq".Length], Messages: q.Value))).ToList();
        IEnumerable<string> sentences =
        [
            .. all.Select(x => $"{x.Fault.Function} version {x.Fault.Version} in {x.Name} {x.Fault.Behaviour()}."),
            .. influx.Where(x => x.StandIn.State != Influx.InfluxState.Up).Select(x => InfluxDbFault.Sentence(x.Name, x.StandIn) + "."),
            .. queues.Select(x => $"{x.Function}-dlq in {x.Name} holds {x.Messages} {(x.Messages == 1 ? "message" : "messages")}."),
        ];
        var message = string.Join(" ", sentences);
        return new JsonObject
        {
            ["faults"] = new JsonArray([.. all.Select(x => (JsonNode)ToJson(x.Name, x.Fault))]),
            ["influxdb"] = new JsonArray([.. influx.Select(x => (JsonNode)InfluxDbFault.ToJson(x.Name, x.StandIn))]),
            ["deadLetterQueues"] = new JsonArray([.. queues.Select(x => (JsonNode)DeadLetterQueueFault.ToJson(x.Name, x.Function, x.Messages))]),
            ["message"] = message.Length == 0 ? "No faults: every version behaves normally." : message,
        };
    }

    private static JsonObject ToJson(string environment, TrafficFault fault) => new()
    {
        ["environment"] = environment,
        ["function"] = fault.Function,
        ["version"] = fault.Version,
        ["errorRate"] = fault.ErrorRate,
        ["durationMs"] = fault.DurationMs,
    };

    private static IResult Refuse(string error) => Answer(400, new JsonObject { ["error"] = error, ["message"] = $"Refused: {error}." });

    // Quotes and apostrophes stay as typed, so that a person reading the answer with curl reads the sentence.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static IResult Answer((int Status, JsonObject Body) answer) => Answer(answer.Status, answer.Body);

    private static IResult Answer(int status, JsonObject body) => Results.Text(body.ToJsonString(Readable), "application/json", statusCode: status);
}
