namespace OpsBot.Core.Ports;

/// <summary>An environment closed to new starts, and why. Rollbacks are never frozen.</summary>
public sealed record Freeze(string Environment, string Reason, string By, DateTimeOffset At);

public interface IEnvironmentFreezes
{
    Task<Freeze?> GetAsync(string environment, CancellationToken cancellationToken);

    /// <summary>Every environment frozen now.</summary>
    Task<IReadOnlyList<Freeze>> ListAsync(CancellationToken cancellationToken);

    Task SetAsync(Freeze freeze, CancellationToken cancellationToken);

    Task ClearAsync(string environment, CancellationToken cancellationToken);
}
