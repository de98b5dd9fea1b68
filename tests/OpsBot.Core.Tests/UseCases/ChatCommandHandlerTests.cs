using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.UseCases;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.UseCases;

/// <summary>The one entry for typed commands and clicks: a parsed command in, one result type out.</summary>
public sealed class ChatCommandHandlerTests
{
    private static (ChatCommand Command, OpsBotHarness Harness, ChatCommandHandler Handler) Setup(string root, string text)
    {
        var h = OpsBotHarness.Create();
        var (command, error) = CommandGrammar.Parse(root, text);
        Assert.True(command is not null, error);
        return (command, h, h.Services.GetRequiredService<ChatCommandHandler>());
    }

    [Fact]
    public async Task A_typed_command_that_is_refused_keeps_to_its_reason_without_the_usage()
    {
        var (command, h, handler) = Setup("/rollback", "lambda_router --target-version 9");
        await using var _ = h;

        var result = await handler.HandleAsync(new RequestContext(Carol), command, default);

        Assert.Equal(CommandStatus.Refused, result.Status);
        Assert.True(result.IsError);
        Assert.Null(result.Usage);
        Assert.Equal($"That needs the deployer role in prod, and {CarolRef} has the viewer role.", result.Message);
    }

    [Fact]
    public async Task A_refused_click_carries_no_usage_and_a_done_command_neither()
    {
        await using var h = OpsBotHarness.Create();
        var handler = h.Services.GetRequiredService<ChatCommandHandler>();
        var id = (await h.StartAsync(Alice, "lambda_router")).Deployment!.Id;

        var click = await handler.HandleAsync(new RequestContext(Bob), new ActCommand(DeploymentAction.Promote, id) { ExpectedVersion = 1 }, default);
        var status = await handler.HandleAsync(new RequestContext(Carol), new StatusCommand(null, null), default);

        Assert.Equal(CommandStatus.Refused, click.Status);
        Assert.Null(click.Usage);
        Assert.True(status.IsDone);
        Assert.Null(status.Usage);
        Assert.Contains(id, status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_dependency_is_a_failed_result_that_says_nothing_changed_and_never_throws()
    {
        var (command, h, handler) = Setup("/deploy", "lambda_router 5");
        await using var _ = h;
        h.Lambda.FailReads = 100; // GetAlias answers 503, retries exhausted

        var result = await handler.HandleAsync(new RequestContext(Alice, "slack:trigger:1"), command, default);

        Assert.Equal(CommandStatus.Failed, result.Status);
        Assert.Contains("503", result.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed by this request", result.Message, StringComparison.Ordinal);
        Assert.Null(result.Usage);
        Assert.Empty(await h.Store.ListActiveAsync(default));
    }

    [Fact]
    public async Task The_same_request_key_is_a_duplicate_the_second_time()
    {
        var (command, h, handler) = Setup("/deploy", "lambda_router 5");
        await using var _ = h;
        var context = new RequestContext(Alice, "slack:trigger:twice");

        var first = await handler.HandleAsync(context, command, default);
        var second = await handler.HandleAsync(context, command, default);

        Assert.True(first.IsDone);
        Assert.True(second.IsDuplicate);
        Assert.False(second.IsError);
    }
}
