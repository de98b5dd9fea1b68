using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;
using OpsBot.Core.UseCases;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.UseCases;

/// <summary>What a newcomer reads: short refusals that keep their reason, verbs not read as functions, help that says where one is.</summary>
public sealed class AnswerTextTests
{
    private static ChatCommand Parse(string root, string text)
    {
        var (command, error) = CommandGrammar.Parse(root, text);
        Assert.True(command is not null, error);
        return command!;
    }

    private static string ParseError(string root, string text)
    {
        var (command, error) = CommandGrammar.Parse(root, text);
        Assert.Null(command);
        return error!;
    }

    private static Task<CommandResult> HandleAsync(OpsBotHarness h, Actor actor, string root, string text) =>
        h.Services.GetRequiredService<ChatCommandHandler>().HandleAsync(new RequestContext(actor), Parse(root, text), default);

    [Fact]
    public async Task Role_freeze_four_eyes_and_in_flight_refusals_carry_no_usage()
    {
        await using var h = OpsBotHarness.Create();

        var role = await HandleAsync(h, Carol, "/deploy", "lambda_router 5");
        var bobs = await HandleAsync(h, Bob, "/deploy", "lambda_router 5");
        await h.Runner.AdvanceAsync([bobs.Deployment!.Id], default);
        await h.PollForAsync(TimeSpan.FromMinutes(6));
        var fourEyes = await HandleAsync(h, Bob, "/deploy", $"promote {bobs.Deployment!.Id}");
        var inFlight = await HandleAsync(h, Alice, "/deploy", "lambda_router 5");
        await h.Commands.FreezeAsync(new RequestContext(Dana), new FreezeCommand(true, "prod", "end-of-year freeze"), default);
        var frozen = await HandleAsync(h, Alice, "/deploy", "rag_query_processor 5");

        Assert.True(bobs.IsDone, bobs.Message);
        foreach (var (result, reason) in new[] { (role, "needs the deployer role"), (fourEyes, "four eyes"), (inFlight, "in flight"), (frozen, "frozen") })
        {
            Assert.Equal(CommandStatus.Refused, result.Status);
            Assert.Contains(reason, result.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Null(result.Usage);
        }
    }

    [Fact]
    public async Task The_access_refusal_names_the_person_by_reference_never_by_raw_identity()
    {
        await using var h = OpsBotHarness.Create();

        var result = await HandleAsync(h, Carol, "/deploy", "lambda_router 5");

        Assert.Equal($"That needs the deployer role in prod, and {CarolRef} has the viewer role.", result.Message);
        Assert.DoesNotContain("slack:U0CAROL has", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_echoed_token_is_cut_so_the_explanation_survives()
    {
        await using var h = OpsBotHarness.Create();
        var longName = new string('x', 300);

        var function = await HandleAsync(h, Alice, "/deploy", longName);
        var env = await HandleAsync(h, Alice, "/deploy", $"lambda_router 5 --env {longName}");
        var deployment = await HandleAsync(h, Alice, "/deploy", $"pause dep-{longName}");

        Assert.Equal($"{longName[..40]}… is not configured in prod (known there: {string.Join(", ", TestOptions.Functions)}).", function.Message);
        Assert.StartsWith($"Unknown environment '{longName[..40]}…' (known: dev, prod)", env.Message, StringComparison.Ordinal);
        Assert.Equal($"There is no deployment dep-{longName[..36]}….", deployment.Message);
    }

    [Theory]
    [InlineData("stop lambda_router", "/rollback lambda_router")]
    [InlineData("cancel", "/rollback <function>")]
    [InlineData("abort dep-k3m9x2", "/rollback deployment dep-k3m9x2")]
    public void Stop_cancel_and_abort_point_at_the_real_commands(string text, string pointer)
    {
        var error = ParseError("/deploy", text);

        Assert.Contains("is not a command. Did you mean " + pointer, error, StringComparison.Ordinal);
        Assert.Contains("/deploy pause", error, StringComparison.Ordinal);
        Assert.DoesNotContain("not configured", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_health_points_to_health()
    {
        var error = ParseError("/deploy", "health lambda_router");

        Assert.Contains("has a command of its own", error, StringComparison.Ordinal);
        Assert.Contains("/health lambda_router", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("flags", "Did you mean /flags list?")]
    [InlineData("flag", "Did you mean /flags list?")]
    [InlineData("flags disable enable_new_api_endpoint", "Did you mean /flags disable enable_new_api_endpoint?")]
    public void Deploy_flags_points_at_the_flags_command(string text, string pointer)
    {
        var error = ParseError("/deploy", text);

        Assert.Contains("is not a command", error, StringComparison.Ordinal);
        Assert.Contains(pointer, error, StringComparison.Ordinal);
        Assert.DoesNotContain("yet", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_function_name_close_to_a_known_one_gets_did_you_mean()
    {
        await using var h = OpsBotHarness.Create();

        var typo = await HandleAsync(h, Alice, "/deploy", "lamda_router 5");
        var swapped = await HandleAsync(h, Alice, "/rollback", "lambda_rotuer");
        var unknownAnywhere = await HandleAsync(h, Alice with { Channel = "C0ELSEWHERE" }, "/deploy", "lambda_routr 5");
        var far = await HandleAsync(h, Alice, "/deploy", "billing 5");

        Assert.Equal("lamda_router is not configured in prod: did you mean lambda_router?", typo.Message);
        Assert.Equal("lambda_rotuer is not configured in prod: did you mean lambda_router?", swapped.Message);
        Assert.Equal("Unknown function 'lambda_routr': did you mean lambda_router?", unknownAnywhere.Message);
        Assert.DoesNotContain("did you mean", far.Message, StringComparison.Ordinal);
        Assert.Empty(await h.Store.ListActiveAsync(default));
    }

    [Fact]
    public async Task Help_says_the_channels_environment_its_gates_and_the_callers_role_there()
    {
        await using var h = OpsBotHarness.Create();

        var prod = await HandleAsync(h, Alice, "/deploy", "help");
        var dev = await HandleAsync(h, Carol with { Channel = "C0DEV" }, "/rollback", "help");
        var unbound = await HandleAsync(h, Bob with { Channel = "C0ELSEWHERE" }, "/deploy", "help");

        Assert.True(prod.IsDone);
        Assert.Equal("This channel works on prod. prod's gates: an approver promotes after the first step has baked healthy, never the person who " +
                     $"asked for the deployment (four eyes). {AliceRef} has the deployer role in prod.", prod.Message);
        Assert.Equal(CommandUsage.Deploy, prod.Usage);
        Assert.Contains("dev has no gates", dev.Message, StringComparison.Ordinal);
        Assert.Contains($"{CarolRef} has the viewer role in dev.", dev.Message, StringComparison.Ordinal);
        Assert.Equal(CommandUsage.Rollback, dev.Usage);
        Assert.Contains("not bound to an environment", unbound.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishing_LATEST_without_new_code_says_it_deploys_the_existing_version()
    {
        await using var h = OpsBotHarness.Create();
        h.Lambda.NoNewCode = true;

        var result = await h.StartAsync(Alice, "lambda_router", version: null);

        Assert.True(result.IsDone, result.Message);
        Assert.Contains("no new code since version 5; deploying version 5", result.Message, StringComparison.Ordinal);
        Assert.Equal("5", result.Deployment!.TargetVersion);
        Assert.Contains("no new code since version 5", (await h.Audit.QueryAsync(new AuditQuery(), default)).Select(a => a.Detail).Last(m => m.Contains("$LATEST", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Publishing_LATEST_with_new_code_deploys_the_new_version_without_that_note()
    {
        await using var h = OpsBotHarness.Create();

        var result = await h.StartAsync(Alice, "lambda_router", version: null);

        Assert.True(result.IsDone, result.Message);
        Assert.Equal("6", result.Deployment!.TargetVersion);
        Assert.DoesNotContain("no new code", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_text_describes_publishing_without_new_code() =>
        Assert.Contains("no new code since version 5", CommandUsage.Deploy, StringComparison.Ordinal);

    [Theory]
    [InlineData("/deploy", "lambda_router 5 --reason")]
    [InlineData("/deploy", "pause dep-k3m9x2 --reason")]
    [InlineData("/deploy", "freeze prod --reason")]
    [InlineData("/rollback", "lambda_router --reason")]
    public void Free_text_beyond_500_characters_is_refused_as_malformed(string root, string text)
    {
        Assert.NotNull(CommandGrammar.Parse(root, $"{text} \"{new string('r', 500)}\"").Command);

        var error = ParseError(root, $"{text} \"{new string('r', 501)}\"");

        Assert.Equal("--reason is 501 characters long; keep it to 500.", error);
    }
}
