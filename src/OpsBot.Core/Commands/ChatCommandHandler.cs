using Microsoft.Extensions.Logging;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.UseCases;

namespace OpsBot.Core.Commands;

/// <summary>The answer to a command, for the person who typed it (the card itself reaches the channel through the outbox).</summary>
public sealed record ChatReply(string Text, bool IsError = false, IReadOnlyList<Deployment>? Deployments = null)
{
    /// <summary>The same request key was handled before; the platform may stay silent.</summary>
    public bool IsDuplicate { get; init; }
}

/// <summary>
/// Runs a typed command for an actor: parses it with <see cref="CommandGrammar"/>, hands it to
/// <see cref="DeploymentCommands"/>, and turns the outcome into a reply. A malformed command gets what was wrong and the
/// usage; a failure of a dependency gets a message that says nothing was changed. It never throws for bad input.
/// </summary>
public sealed class ChatCommandHandler(DeploymentCommands commands, ILogger<ChatCommandHandler> logger)
{
    public async Task<ChatReply> HandleAsync(Actor actor, string command, string? text, string? requestKey, CancellationToken cancellationToken)
    {
        var (parsed, error) = CommandGrammar.Parse(command, text);
        if (parsed is null)
            return new ChatReply($"{error}\n\nUsage:\n{CommandUsage.For(Normalize(command))}", IsError: true);
        try
        {
            return parsed switch
            {
                HelpCommand help => new ChatReply(CommandUsage.For(help.Command)),
                _ => Reply(await RunAsync(actor, parsed, requestKey, cancellationToken)),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "{Command} {Text} by {Actor} failed", command, text, actor.Identity);
            return new ChatReply($"OpsBot could not do that: {e.Message}. Nothing was changed by this request; try again, or look at /deploy status.", IsError: true);
        }
    }

    /// <summary>Acts on a button: the action, the deployment and the state version the card showed.</summary>
    public async Task<ChatReply> ClickAsync(Actor actor, DeploymentAction action, string deploymentId, long expectedVersion, string? requestKey,
        CancellationToken cancellationToken)
    {
        var request = new DeploymentRequest(actor, deploymentId) { ExpectedVersion = expectedVersion, RequestKey = requestKey };
        try
        {
            return Reply(await ActAsync(action, request, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "{Action} of {Deployment} by {Actor} failed", action, deploymentId, actor.Identity);
            return new ChatReply($"OpsBot could not {action.Verb()} {deploymentId}: {e.Message}. Nothing was changed by this click.", IsError: true);
        }
    }

    private Task<CommandResult> RunAsync(Actor actor, ChatCommand command, string? requestKey, CancellationToken ct) => command switch
    {
        StartCommand s => commands.StartAsync(new StartRequest(actor, s.Function)
        {
            Version = s.Version,
            Environment = s.Environment,
            Strategy = s.Strategy,
            Engine = s.Engine,
            CanaryPercentage = s.CanaryPercentage,
            BakeMinutes = s.BakeMinutes,
            RollbackThreshold = s.RollbackThreshold,
            SkipApproval = s.SkipApproval,
            Reason = s.Reason,
            RequestKey = requestKey,
        }, ct),
        StatusCommand s => commands.StatusAsync(actor, s.Function, s.Environment, ct),
        HistoryCommand h => commands.HistoryAsync(actor, h.Function, h.Environment, h.Limit, ct),
        ActCommand a => ActAsync(a.Action, new DeploymentRequest(actor, a.DeploymentId) { Reason = a.Reason, RequestKey = requestKey }, ct),
        FreezeCommand { Freeze: true } f => commands.FreezeAsync(actor, f.Environment, f.Reason, ct),
        FreezeCommand f => commands.UnfreezeAsync(actor, f.Environment, f.Reason, ct),
        RollbackCommand r => commands.RollbackAsync(new RollbackRequest(actor, r.Function)
        {
            TargetVersion = r.TargetVersion,
            Environment = r.Environment,
            Reason = r.Reason,
            RequestKey = requestKey,
        }, ct),
        _ => throw new InvalidOperationException($"no handler for {command.GetType().Name}"),
    };

    private Task<CommandResult> ActAsync(DeploymentAction action, DeploymentRequest request, CancellationToken ct) => action switch
    {
        DeploymentAction.Approve => commands.ApproveAsync(request, ct),
        DeploymentAction.Reject => commands.RejectAsync(request, ct),
        DeploymentAction.Promote => commands.PromoteAsync(request, ct),
        DeploymentAction.Pause => commands.PauseAsync(request, ct),
        DeploymentAction.Resume => commands.ResumeAsync(request, ct),
        DeploymentAction.Rollback => commands.RollbackDeploymentAsync(request, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private static ChatReply Reply(CommandResult result) => result.Status switch
    {
        CommandStatus.Done => new ChatReply(result.Message, Deployments: result.Deployments),
        CommandStatus.Duplicate => new ChatReply(result.Message) { IsDuplicate = true },
        _ => new ChatReply(result.Message, IsError: true),
    };

    private static string Normalize(string command) => "/" + (command ?? "").Trim().TrimStart('/').ToLowerInvariant();
}
