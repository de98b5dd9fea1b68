using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Core.Commands;
using OpsBot.Core.Configuration;

namespace OpsBot.Core.UseCases;

/// <summary>
/// Runs a parsed command for whoever asked: hands it to the use case it names in <see cref="DeploymentCommands"/>, <see cref="FlagCommands"/> or <see cref="HealthCommands"/>
/// and returns its result. A refusal says why, without the usage (that is for a malformed command); a failure of a dependency becomes a result that says
/// nothing was changed. It never throws for bad input. Typed commands and clicks come through here alike.
/// </summary>
public sealed class ChatCommandHandler(DeploymentCommands commands, FlagCommands flags, HealthCommands health, IncidentCommands incidents,
    IOptionsMonitor<OpsBotOptions> options, ILogger<ChatCommandHandler> logger)
{
    public async Task<CommandResult> HandleAsync(RequestContext context, ChatCommand command, CancellationToken cancellationToken)
    {
        // One person on several platforms (OpsBot:People) is one person to four eyes, whichever platform they use.
        var actor = context.Actor;
        context = context with { Actor = actor with { OtherIdentities = [.. options.CurrentValue.IdentitiesOf(actor.Identity).Where(i => i != actor.Identity)] } };
        try
        {
            var result = command switch
            {
                HelpCommand help => await commands.HelpAsync(context, help, cancellationToken),
                StartCommand start => await commands.StartAsync(context, start, cancellationToken),
                StatusCommand status => await commands.StatusAsync(context, status, cancellationToken),
                HistoryCommand history => await commands.HistoryAsync(context, history, cancellationToken),
                ActCommand act => await commands.ActAsync(context, act, cancellationToken),
                FreezeCommand freeze => await commands.FreezeAsync(context, freeze, cancellationToken),
                RollbackCommand rollback => await commands.RollbackAsync(context, rollback, cancellationToken),
                FlagsListCommand list => await flags.ListAsync(context, list, cancellationToken),
                FlagsHistoryCommand history => await flags.HistoryAsync(context, history, cancellationToken),
                FlagsChangeCommand change => await flags.ChangeAsync(context, change, cancellationToken),
                FlagsActCommand act => await flags.ActAsync(context, act, cancellationToken),
                RollbackFlagsCommand rollback => await flags.RollbackAsync(context, rollback, cancellationToken),
                HealthCommand look => await health.HealthAsync(context, look, cancellationToken),
                LogsCommand look => await health.LogsAsync(context, look, cancellationToken),
                IncidentListCommand list => await incidents.ListAsync(context, list, cancellationToken),
                IncidentActCommand act => await incidents.ActAsync(context, act, cancellationToken),
                _ => throw new InvalidOperationException($"no use case for {command.GetType().Name}"),
            };
            // A refusal keeps to its reason: the usage goes only with a malformed command (CommandStatus.Invalid).
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "{Command} by {Actor} failed", command, context.Actor.Identity);
            return CommandResult.Failed($"OpsBot could not do that: {e.Message}. Nothing was changed by this request; try again, or look at /deploy status.");
        }
    }
}
