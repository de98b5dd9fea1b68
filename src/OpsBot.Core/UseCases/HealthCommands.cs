using Microsoft.Extensions.Options;
using OpsBot.Core.Access;
using OpsBot.Core.Commands;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Health;
using OpsBot.Core.Identity;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.Ports;

namespace OpsBot.Core.UseCases;

/// <summary>
/// <c>/health</c> and <c>/logs</c>: read-only looks for anyone with the viewer role. <c>/health</c> reads each
/// function's alias, the deployment in flight, one batched metrics call for every version that serves traffic (and the
/// metric probes), the configured alarms and the probes (the runner's results when fresh), and judges each function
/// against its configured thresholds; <c>/logs</c> groups the latest error lines of a function. Both answer with a
/// card posted where they were typed.
/// </summary>
public sealed partial class HealthCommands(
    EnvironmentResolver resolver,
    AccessPolicy policy,
    RequestGuard guard,
    ITrafficRouter router,
    IEnumerable<IDelegatedRouter> delegated,
    IDeploymentStore store,
    IMetricsSource metrics,
    IAlarmSource alarms,
    ProbeRunner probes,
    IEnumerable<ILogSearch> logs,
    IEnumerable<IDeploymentChart> charts,
    IOptionsMonitor<OpsBotOptions> options,
    TimeProvider time)
{
    /// <summary>How old a probe result may be and still be shown rather than run again.</summary>
    public static readonly TimeSpan ProbeFreshness = TimeSpan.FromSeconds(30);

    /// <summary>The most error messages a card lists.</summary>
    public const int MaxErrorGroups = 10;

    /// <summary>The most charts one <c>/health --chart</c> draws (one per function).</summary>
    public const int MaxCharts = 5;

    public Task<CommandResult> HealthAsync(RequestContext context, HealthCommand command, CancellationToken cancellationToken) =>
        InEnvironmentAsync(context, "health", command.Environment, command.Functions.FirstOrDefault(), async (env, envOptions, refuse) =>
        {
            var unknown = command.Functions.Where(f => !envOptions.Functions.ContainsKey(f)).ToList();
            if (unknown.Count > 0)
                return await refuse(string.Join(" ", unknown.Select(f => resolver.Function(f, env, null).Error)));
            var names = command.Functions.Count > 0 ? command.Functions : [.. envOptions.Functions.Keys.Order(StringComparer.Ordinal)];
            var functions = names.Select(n => new ResolvedFunction(env, envOptions, n, envOptions.Functions[n])).ToList();
            var reading = await ReadAsync(env, functions, command.Window, command.Chart, cancellationToken);

            IReadOnlyList<ErrorGroup>? errors = null;
            string? errorsNote = null;
            if (command.Errors)
                (errors, errorsNote) = await ErrorsAsync(functions[0].Target, null, command.Window, cancellationToken);

            var card = Card(env, command.Window, reading, errors, errorsNote);
            var files = command.Chart ? Charts(env, reading) : [];
            return CommandResult.Done(card.Summary) with { Card = card, Files = files };
        }, cancellationToken);

    public Task<CommandResult> LogsAsync(RequestContext context, LogsCommand command, CancellationToken cancellationToken) =>
        InEnvironmentAsync(context, "logs", command.Environment, command.Function, async (env, envOptions, refuse) =>
        {
            if (!envOptions.Functions.TryGetValue(command.Function, out var fn))
                return await refuse(resolver.Function(command.Function, env, null).Error!);
            var target = new ResolvedFunction(env, envOptions, command.Function, fn).Target;
            var (errors, note) = await ErrorsAsync(target, command.Version, command.Since, cancellationToken);
            var what = command.Version is null ? command.Function : $"{command.Function} version {command.Version}";
            var verdict = errors is null ? note : errors.Count == 0 ? $"No errors in {what} in the last {HealthWindows.Describe(command.Since)}." : note.TrimEnd(':') + ".";
            var card = new HealthCard
            {
                Title = $"Errors of {what} in {env} — last {HealthWindows.Describe(command.Since)}",
                Verdict = verdict,
                Tone = errors is null ? CardTone.Warning : errors.Count == 0 ? CardTone.Success : CardTone.Danger,
                Errors = errors ?? [],
                At = time.GetUtcNow(),
                WindowStart = time.GetUtcNow() - command.Since,
                WindowEnd = time.GetUtcNow(),
                Summary = errors is { Count: > 0 }
                    ? $"{verdict}\n{string.Join('\n', errors.Select(ErrorLine))}"
                    : verdict,
            };
            return CommandResult.Done(card.Summary) with { Card = card };
        }, cancellationToken);

    /// <summary>"• 21× InfluxDBWriteError: … (last 10:15 UTC)".</summary>
    public static string ErrorLine(ErrorGroup g) => $"• {g.Count}× {g.Message} (last {g.Last:HH:mm} UTC)";

    /// <summary>The grouped errors of a function (or one version) over the span, with a line that says what they are; null groups when unreadable.</summary>
    private async Task<(IReadOnlyList<ErrorGroup>? Errors, string Note)> ErrorsAsync(FunctionTarget target, string? version, TimeSpan span, CancellationToken cancellationToken)
    {
        var what = version is null ? target.Function : $"{target.Function} version {version}";
        if (logs.FirstOrDefault() is not { } search)
            return (null, "Logs cannot be read: no log search is configured (the AWS adapter, OpsBot:Aws).");
        var now = time.GetUtcNow();
        try
        {
            var lines = await search.ErrorsAsync(new LogQuery(target, version, now - span, now), cancellationToken);
            var groups = ErrorDigest.Top(lines, MaxErrorGroups);
            return (groups, lines.Count == 0
                ? $"No ERROR or timeout lines of {what} in the last {HealthWindows.Describe(span)}."
                : $"{lines.Count} error line{(lines.Count == 1 ? "" : "s")} of {what} in the last {HealthWindows.Describe(span)}, {groups.Count} distinct:");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, $"The logs of {what} could not be read: {e.Message}");
        }
    }

    /// <summary>Resolves the environment (from <c>--env</c>, the channel, or the function), checks the viewer role, once per request key.</summary>
    private Task<CommandResult> InEnvironmentAsync(RequestContext context, string action, string? environment, string? function,
        Func<string, EnvironmentOptions, Func<string, Task<CommandResult>>, Task<CommandResult>> run, CancellationToken cancellationToken) =>
        guard.OnceAsync(context.RequestKey, async () =>
        {
            var actor = context.Actor;
            var (env, error) = resolver.Environment(environment, actor, function);
            if (env is null)
                return await guard.RefuseAsync(actor, action, environment, function, error!, cancellationToken);
            Task<CommandResult> Refuse(string message) => guard.RefuseAsync(actor, action, env, function, message, cancellationToken);
            if (await policy.RefusalAsync(actor, env, Role.Viewer, cancellationToken, safe: true) is { } denied)
                return await Refuse(denied);
            return await run(env, options.CurrentValue.Environments[env], Refuse);
        }, cancellationToken);
}
