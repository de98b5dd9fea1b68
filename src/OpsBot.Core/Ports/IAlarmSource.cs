namespace OpsBot.Core.Ports;

public enum AlarmState
{
    Ok,
    Alarm,
    InsufficientData,
}

public sealed record AlarmStatus(string Name, AlarmState State, string? Reason = null);

/// <summary>An alarm by name in the account and region of an environment (dev and prod may both have "lambda_router-error-rate").</summary>
public sealed record AlarmQuery(string Environment, string Name, string? Region = null, string? RoleArn = null);

/// <summary>CloudWatch alarms.</summary>
public interface IAlarmSource
{
    /// <summary>The state of each queried alarm that exists; a query absent from the answer names an alarm that does not exist.</summary>
    Task<IReadOnlyDictionary<AlarmQuery, AlarmStatus>> GetAsync(IReadOnlyCollection<AlarmQuery> alarms, CancellationToken cancellationToken);
}
