using Microsoft.Extensions.Logging;
using OpsBot.Core.Commands;

namespace OpsBot.Core.UseCases;

/// <summary>
/// Runs a parsed command for whoever asked: hands it to the use case it names in <see cref="DeploymentCommands"/>
/// and returns its result. A refusal carries the command's usage; a failure of a dependency becomes a result that says
/// nothing was changed. It never throws for bad input. Typed commands and clicks come through here alike.
/// </summary>
public sealed class ChatCommandHandler(DeploymentCommands commands, ILogger<ChatCommandHandler> logger)
{
    public async Task<CommandResult> HandleAsync(RequestContext context, ChatCommand command, CancellationToken cancellationToken)
    {
        try
        {
            var result = command switch
            {
                HelpCommand help => CommandResult.Done(CommandUsage.For(help.Command)),
                StartCommand start => await commands.StartAsync(context, start, cancellationToken),
                StatusCommand status => await commands.StatusAsync(context, status, cancellationToken),
                HistoryCommand history => await commands.HistoryAsync(context, history, cancellationToken),
                ActCommand act => await commands.ActAsync(context, act, cancellationToken),
                FreezeCommand freeze => await commands.FreezeAsync(context, freeze, cancellationToken),
                RollbackCommand rollback => await commands.RollbackAsync(context, rollback, cancellationToken),
                _ => throw new InvalidOperationException($"no use case for {command.GetType().Name}"),
            };
            // A typed command that was refused shows how it is written; a click has no usage to show.
            return result.Status == CommandStatus.Refused && command is not ActCommand { ExpectedVersion: not null }
                ? result with { Usage = CommandUsage.For(command.Root) }
                : result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "{Command} by {Actor} failed", command, context.Actor.Identity);
            return CommandResult.Failed($"OpsBot could not do that: {e.Message}. Nothing was changed by this request; try again, or look at /deploy status.");
        }
    }
}
