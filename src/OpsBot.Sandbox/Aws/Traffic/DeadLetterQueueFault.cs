using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Sandbox.Aws.Sqs;

namespace OpsBot.Sandbox.Aws.Traffic;

/// <summary>
/// <c>/sandbox/faults</c> for a function's dead-letter queue: <c>{"environment":"prod","dlq":"influxdb_loader","messages":5}</c>
/// adds messages to <c>influxdb_loader-dlq</c> in that world (CloudWatch reports its depth as AWS/SQS
/// ApproximateNumberOfMessagesVisible from the next simulated second); a DELETE naming <c>dlq</c> purges it.
/// </summary>
internal static class DeadLetterQueueFault
{
    public const string Example = "{\"environment\":\"prod\",\"dlq\":\"influxdb_loader\",\"messages\":5}";

    private const int MaxMessages = 100_000;

    public static (int Status, JsonObject Body) Set(JsonObject body, IReadOnlyList<SandboxEnvironment> environments)
    {
        var input = new FaultInput(environments);
        var environment = input.Environment(body["environment"]);
        var function = input.Function(body["dlq"], environment, "dlq");
        int? messages = null;
        var node = body["messages"];
        if (node is null)
            input.Problems.Add("'messages' is required: how many messages arrive in the dead-letter queue");
        else if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue<int>(out var n) || n is < 1 or > MaxMessages)
            input.Problems.Add($"'messages' must be a whole number from 1 to {MaxMessages.ToString(CultureInfo.InvariantCulture)}, not {node.ToJsonString()}");
        else
            messages = n;
        var unknown = body.Select(p => p.Key).Where(k => k is not ("environment" or "dlq" or "messages")).ToList();
        if (unknown.Count > 0)
            input.Problems.Add($"unknown {(unknown.Count == 1 ? "member" : "members")} {string.Join(", ", unknown.Select(k => $"'{k}'"))} (a dead-letter queue fault takes environment, dlq and messages)");
        if (input.Problems.Count > 0)
        {
            var error = string.Join("; ", input.Problems);
            return (400, new JsonObject { ["error"] = error, ["message"] = $"Refused: {error}." });
        }
        var depth = environment!.World.GetRequiredService<SqsWorld>().SendToDeadLetterQueue(function!, messages!.Value);
        var queue = $"{function}-dlq";
        return (200, new JsonObject
        {
            ["deadLetterQueue"] = ToJson(environment.Name, function!, depth),
            ["message"] = $"{messages} {(messages == 1 ? "message" : "messages")} arrived in {queue} in {environment.Name}: it holds {depth}, " +
                "which CloudWatch reports as AWS/SQS ApproximateNumberOfMessagesVisible from the next simulated second.",
        });
    }

    /// <summary>DELETE: the queue is purged.</summary>
    public static (int Status, JsonObject Body) Clear(SandboxEnvironment environment, string function)
    {
        var held = environment.World.GetRequiredService<SqsWorld>().PurgeDeadLetterQueue(function);
        return (200, new JsonObject
        {
            ["deadLetterQueue"] = ToJson(environment.Name, function, 0),
            ["cleared"] = held,
            ["message"] = held == 0 ? $"{function}-dlq in {environment.Name} was empty; nothing changed." : $"Purged {held} messages from {function}-dlq in {environment.Name}.",
        });
    }

    public static JsonObject ToJson(string environment, string function, int messages) => new()
    {
        ["environment"] = environment,
        ["function"] = function,
        ["queue"] = $"{function}-dlq",
        ["messages"] = messages,
    };
}
