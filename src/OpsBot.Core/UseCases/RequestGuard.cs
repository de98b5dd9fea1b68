using Microsoft.Extensions.Logging;
using OpsBot.Core.Commands;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;

namespace OpsBot.Core.UseCases;

/// <summary>
/// What every use case does around its work: once per request key (a repeat gets the first answer and changes
/// nothing), and a refusal that is logged and audited before it is answered.
/// </summary>
public sealed class RequestGuard(IIdempotencyStore idempotency, IAuditLog audit, TimeProvider time, ILogger<RequestGuard> logger)
{
    /// <summary>Runs <paramref name="run"/> once per request key; a repeat gets the first answer and changes nothing.</summary>
    public async Task<CommandResult> OnceAsync(string? key, Func<Task<CommandResult>> run, CancellationToken cancellationToken)
    {
        if (key is null)
            return await run();
        var claim = await idempotency.ClaimAsync(key, time.GetUtcNow(), cancellationToken);
        if (!claim.IsFirst)
            return new CommandResult(CommandStatus.Duplicate, claim.PreviousResult ?? "That request is already being handled.", []);
        try
        {
            var result = await run();
            await idempotency.CompleteAsync(key, result.Message, cancellationToken);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await idempotency.CompleteAsync(key, $"That request failed: {e.Message}", CancellationToken.None);
            throw;
        }
    }

    public async Task<CommandResult> RefuseAsync(Actor actor, string action, string? environment, string? subject, string message,
        CancellationToken cancellationToken)
    {
        logger.LogInformation("Refused {Action} on {Subject} for {Actor}: {Message}", action, subject, actor.Identity, message);
        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), actor.Identity, action, environment, subject, actor.Channel,
            AuditOutcome.Refused, message), cancellationToken);
        return CommandResult.Refused(message);
    }
}
