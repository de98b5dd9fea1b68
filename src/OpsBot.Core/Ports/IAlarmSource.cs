namespace OpsBot.Core.Ports;

public enum AlarmState
{
    Ok,
    Alarm,
    InsufficientData,
}

public sealed record AlarmStatus(string Name, AlarmState State, string? Reason = null);

/// <summary>CloudWatch alarms by name.</summary>
public interface IAlarmSource
{
    /// <summary>The state of each named alarm that exists; a name absent from the answer does not exist.</summary>
    Task<IReadOnlyDictionary<string, AlarmStatus>> GetAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken);
}
