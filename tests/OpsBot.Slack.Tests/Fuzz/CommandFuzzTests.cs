using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Commands;
using OpsBot.Core.UseCases;
using OpsBot.Core.Deployments;
using OpsBot.Core.Flags;
using OpsBot.Core.Identity;
using OpsBot.Slack.BlockKit;
using OpsBot.Slack.Tests.Support;
using OpsBot.Testing;

namespace OpsBot.Slack.Tests.Fuzz;

/// <summary>
/// Thousands of random and hostile commands and payloads, from seeded generators: every one gets a clear answer (an
/// error says what was wrong), nothing throws out of the handler, no request gets a 5xx, and nothing a person typed
/// comes back as live markup.
/// </summary>
public sealed partial class CommandFuzzTests
{
    private const int Commands = 5000;
    private static readonly Actor[] Actors = [OpsBotHarness.Alice, OpsBotHarness.Bob, OpsBotHarness.Carol, OpsBotHarness.Dana,
        new("slack:U0STRANGER", "C0ELSEWHERE", "stranger")];

    [GeneratedRegex("<(?!@[UW][A-Z0-9]+>)")]
    private static partial Regex LiveMarkup();

    [Fact]
    public async Task Random_and_hostile_commands_through_the_handler_get_clear_answers()
    {
        var input = new HostileInput(seed: 5_000_001);
        await using var harness = OpsBotHarness.Create();
        var handler = harness.Services.GetRequiredService<ChatCommandHandler>();

        for (var i = 0; i < Commands; i++)
        {
            var (command, text, actor) = (input.Command(), input.CommandText(), input.Pick(Actors));
            CommandResult reply;
            try
            {
                // As the endpoint does: parse once; what cannot be read is answered with the error and the usage.
                var (parsed, error) = CommandGrammar.Parse(command, text);
                reply = parsed is null
                    ? CommandResult.Invalid(error!, CommandUsage.For("/" + command.Trim().TrimStart('/').ToLowerInvariant()))
                    : await handler.HandleAsync(new RequestContext(actor, $"slack:trigger:fuzz-{i}"), parsed, CancellationToken.None);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"seed {input.Seed} #{i}: {command} {Show(text)} threw {e}");
            }
            Assert.False(string.IsNullOrWhiteSpace(reply.Message), $"seed {input.Seed} #{i}: empty reply to {command} {Show(text)}");
            var rendered = SlackReplyText.Render(reply);
            Assert.True(rendered.Length < 6000, $"seed {input.Seed} #{i}: a {rendered.Length}-character reply");
            Assert.False(LiveMarkup().IsMatch(rendered), $"seed {input.Seed} #{i}: live markup in {rendered}");
            if (reply.Status is CommandStatus.Invalid)
                Assert.Contains("*Usage*", rendered);
            if (reply.Status is CommandStatus.Refused)
                Assert.DoesNotContain("*Usage*", rendered);
        }
    }

    [Fact]
    public async Task Random_and_hostile_commands_through_the_signed_endpoint_get_clear_answers_and_never_a_5xx()
    {
        var input = new HostileInput(seed: 5_000_002);
        await using var host = await SlackTestHost.StartAsync(new Dictionary<string, string?> { ["OpsBot:Slack:QueueCapacity"] = "10000" });
        var queued = 0;

        for (var i = 0; i < Commands; i++)
        {
            var (command, text) = (HostileInput.Wire(input.Command()), HostileInput.Wire(input.CommandText()));
            var user = input.Pick(["U0ALICE", "U0BOB", "U0CAROL", "U0DANA", "U0STRANGER"]);
            var response = await host.PostSignedAsync("/slack/commands",
                SlackTestHost.CommandForm(command, text, user, input.Pick(["C0DEPLOYS", "C0DEV", "C0ELSEWHERE"]), host.NextTrigger()));
            var body = await response.Content.ReadAsStringAsync();

            if (string.IsNullOrWhiteSpace(command) || command.Length > 64)
            {
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                continue;
            }
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"seed {input.Seed} #{i}: {(int)response.StatusCode} for {command} {Show(text)}: {body}");
            if (body.Length == 0)
            {
                queued++;
                continue;
            }
            var answer = JsonNode.Parse(body)!;
            Assert.Equal("ephemeral", answer["response_type"]!.GetValue<string>());
            var shown = answer["text"]!.GetValue<string>();
            Assert.False(LiveMarkup().IsMatch(shown), $"seed {input.Seed} #{i}: live markup in {shown}");
        }
        await host.SettleAsync(queued);

        // Every queued command was answered through its response_url, with text and no live markup.
        var replies = host.Slack.CallsTo("hooks.slack.com");
        Assert.Equal(queued, replies.Count);
        Assert.All(replies, r =>
        {
            var text = r.Json["text"]!.GetValue<string>();
            Assert.False(string.IsNullOrWhiteSpace(text));
            Assert.False(LiveMarkup().IsMatch(text), text);
        });
        Assert.True(queued > 500, $"only {queued} of {Commands} commands reached the queue; the generator is too hostile to test the work path");
    }

    [Fact]
    public async Task Random_and_hostile_interaction_and_event_payloads_never_get_a_5xx()
    {
        var input = new HostileInput(seed: 5_000_003);
        await using var host = await SlackTestHost.StartAsync();
        var actions = Enum.GetNames<DeploymentAction>();
        var flagActions = Enum.GetNames<FlagAction>();

        for (var i = 0; i < 2000; i++)
        {
            var payload = SlackTestHost.Click(input.Next(2) == 0
                ? $"dep-{input.RandomUnicode(3)}|{input.Next(5)}|{input.Pick(actions)}"
                : $"flags|flg-{input.RandomUnicode(3)}|{input.Next(5)}|{input.Pick(flagActions)}", trigger: host.NextTrigger());
            // Break it in one or more ways.
            for (var n = input.Next(4); n >= 0; n--)
            {
                var key = input.Pick(["type", "user", "channel", "container", "trigger_id", "response_url", "actions", "message", "team"]);
                switch (input.Next(4))
                {
                    case 0:
                        payload.Remove(key);
                        break;
                    case 1:
                        payload[key] = input.JsonValue();
                        break;
                    case 2:
                        payload["actions"] = new JsonArray(new JsonObject { ["value"] = input.JsonValue(), ["action_id"] = input.JsonValue() });
                        break;
                    default:
                        var value = $"{input.RandomUnicode(input.Next(80))}|{input.Pick(["1", "-1", "99999999999999999999", "x", ""])}|{input.Pick(actions)}";
                        payload["actions"] = new JsonArray(new JsonObject { ["type"] = "button", ["action_id"] = "Pause", ["value"] = value });
                        break;
                }
            }
            var body = input.Next(10) switch
            {
                0 => "payload=" + Uri.EscapeDataString(HostileInput.Wire(input.RandomUnicode(input.Next(300)))),
                1 => HostileInput.Wire(input.RandomUnicode(input.Next(300))),
                _ => SlackTestHost.InteractionForm(payload),
            };
            var response = await host.PostSignedAsync("/slack/interactions", HostileInput.Wire(body));
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest,
                $"seed {input.Seed} #{i}: {(int)response.StatusCode} for {body[..Math.Min(body.Length, 300)]}");

            var ev = new JsonObject
            {
                ["type"] = input.Pick(["event_callback", "url_verification", "app_rate_limited", input.RandomUnicode(4)]),
                ["event_id"] = input.Next(3) == 0 ? input.JsonValue() : $"Ev{i}",
                ["challenge"] = input.JsonValue(),
                ["event"] = input.Next(2) == 0 ? input.JsonValue() : new JsonObject
                {
                    ["type"] = "app_mention",
                    ["channel"] = input.Pick<JsonNode?>(["C0DEPLOYS", input.JsonValue()]),
                    ["ts"] = input.Pick<JsonNode?>(["1764230400.000200", input.JsonValue()]),
                    ["thread_ts"] = input.JsonValue(),
                    ["user"] = input.JsonValue(),
                },
            };
            var eventBody = input.Next(10) == 0 ? HostileInput.Wire(input.RandomUnicode(input.Next(200))) : ev.ToJsonString();
            var eventResponse = await host.PostSignedAsync("/slack/events", eventBody, "application/json");
            Assert.True(eventResponse.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest,
                $"seed {input.Seed} #{i}: {(int)eventResponse.StatusCode} for event {eventBody[..Math.Min(eventBody.Length, 300)]}");
        }
    }

    private static string Show(string text) => text.Length > 120 ? $"'{text[..120]}…' ({text.Length} chars)" : $"'{text}'";
}
