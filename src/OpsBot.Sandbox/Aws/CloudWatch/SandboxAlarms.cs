using Microsoft.Extensions.Logging;
using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>
/// The sandbox's CloudWatch alarms and their states. They are evaluated on the simulated metrics once per period and
/// change state (OK, ALARM, INSUFFICIENT_DATA) as CloudWatch's would; every change is announced through
/// <see cref="Changed"/>, so the sandbox can push alarm notifications. AppConfig's monitors read them by ARN
/// (<see cref="IAlarmStates"/>).
/// </summary>
public sealed class SandboxAlarms : IAlarmStates
{
    private readonly Lock _lock = new();
    private readonly List<(AlarmDefinition Definition, State State)> _alarms;
    private readonly MetricDataEngine _engine;
    private readonly ILogger<SandboxAlarms> _logger;

    internal SandboxAlarms(IEnumerable<AlarmDefinition> alarms, MetricDataEngine engine, TimeProvider time, ILogger<SandboxAlarms> logger)
    {
        var now = time.GetUtcNow();
        _alarms = [.. alarms.OrderBy(a => a.Name, StringComparer.Ordinal)
            .Select(a => (a, new State(AlarmStates.InsufficientData, AlarmJudgement.Unchecked, "", now, now)))];
        _engine = engine;
        _logger = logger;
    }

    /// <summary>
    /// Raised after an alarm changed state, outside the alarms' lock, on the thread that moves the simulated world;
    /// a handler that throws is logged and does not keep the others from hearing of the change.
    /// </summary>
    public event Action<AlarmChange>? Changed;

    /// <summary>Every alarm's state (OK, ALARM or INSUFFICIENT_DATA) by name.</summary>
    public IReadOnlyDictionary<string, string> States()
    {
        lock (_lock)
            return _alarms.ToDictionary(a => a.Definition.Name, a => a.State.Value, StringComparer.Ordinal);
    }

    string? IAlarmStates.StateOf(string alarmArn)
    {
        lock (_lock)
            return _alarms.FirstOrDefault(a => a.Definition.Arn == alarmArn).State?.Value;
    }

    /// <summary>The alarms with their states, by name.</summary>
    internal IReadOnlyList<(AlarmDefinition Definition, AlarmSnapshot State)> Snapshot()
    {
        lock (_lock)
            return [.. _alarms.Select(a => (a.Definition, a.State.Snapshot()))];
    }

    /// <summary>
    /// Evaluates each alarm whose period ended since its last evaluation, on the periods that have ended: a period's
    /// data is complete once the clock is past it, since the traffic ticks before the alarms.
    /// </summary>
    internal void Evaluate(DateTimeOffset now)
    {
        var changes = new List<AlarmChange>();
        var second = now.ToUnixTimeSeconds();
        lock (_lock)
        {
            foreach (var (alarm, state) in _alarms)
            {
                var period = alarm.Period;
                var periodEnd = second - (second % period);
                // Only forward: a tick that read the clock earlier (two tickers racing) must not judge an older window again.
                if (periodEnd <= state.EvaluatedUntil)
                    continue;
                state.EvaluatedUntil = periodEnd;
                var from = periodEnd - (alarm.EvaluationPeriods * (long)period);
                var series = _engine.Evaluate(alarm.Queries, from, periodEnd)[alarm.JudgedId];
                var datapoints = Enumerable.Range(1, alarm.EvaluationPeriods)
                    .Select(k => periodEnd - (k * (long)period))
                    .Select(at => (at, series.TryGetValue(at, out var v) ? v : (double?)null))
                    .ToList();
                var judgement = AlarmJudgement.Of(alarm, datapoints, state.Value, now);
                if (judgement.State == state.Value)
                    continue;
                var old = state.Value;
                state.Change(judgement, now);
                changes.Add(new AlarmChange(alarm.Name, alarm.Arn, alarm.Description, old, judgement.State, judgement.Reason,
                    state.ReasonData, now, alarm.Trigger().ToJsonString(), alarm.ActionsOf(judgement.State))
                {
                    ConfigurationUpdatedAt = alarm.ConfiguredAt,
                    OkActions = alarm.OkActions,
                    AlarmActions = alarm.AlarmActions,
                    InsufficientDataActions = alarm.InsufficientDataActions,
                });
            }
        }
        foreach (var change in changes)
        {
            _logger.LogInformation("Alarm {Alarm} {Old} -> {New}: {Reason}", change.AlarmName, change.OldState, change.NewState, change.Reason);
            foreach (var handler in Changed?.GetInvocationList().Cast<Action<AlarmChange>>() ?? [])
            {
                try
                {
                    handler(change);
                }
                catch (Exception e)
                {
                    _logger.LogError(e, "A handler of alarm {Alarm}'s change failed", change.AlarmName);
                }
            }
        }
    }

    /// <summary>An alarm's state, changed under the lock.</summary>
    private sealed class State(string value, string reason, string reasonData, DateTimeOffset updatedAt, DateTimeOffset transitionedAt)
    {
        public string Value { get; private set; } = value;

        public string Reason { get; private set; } = reason;

        public string ReasonData { get; private set; } = reasonData;

        public DateTimeOffset UpdatedAt { get; private set; } = updatedAt;

        public DateTimeOffset TransitionedAt { get; private set; } = transitionedAt;

        /// <summary>The end of the last period evaluated (epoch seconds).</summary>
        public long EvaluatedUntil { get; set; } = long.MinValue;

        public void Change(AlarmJudgement judgement, DateTimeOffset at)
        {
            (Value, Reason, ReasonData, UpdatedAt, TransitionedAt) = (judgement.State, judgement.Reason, judgement.ReasonData.ToJsonString(), at, at);
        }

        public AlarmSnapshot Snapshot() => new(Value, Reason, ReasonData, UpdatedAt, TransitionedAt);
    }
}

/// <summary>An alarm's state as last evaluated.</summary>
internal sealed record AlarmSnapshot(string Value, string Reason, string ReasonData, DateTimeOffset UpdatedAt, DateTimeOffset TransitionedAt);
