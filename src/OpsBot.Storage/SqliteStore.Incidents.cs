using OpsBot.Core.Incidents;
using OpsBot.Core.Ports;

namespace OpsBot.Storage;

internal sealed partial class SqliteStore : IIncidentStore
{
    private static readonly JsonTable<Incident> IncidentsTable = new(
        "incidents", i => i.Id, i => i.Environment, i => i.State.ToString(), i => i.IsOpen, i => i.OpenedAt, i => i.StateSince,
        i => i.Entity, i => i.Version, (i, v) => i.Version = v, (id, expected) => new IncidentConcurrencyException(id, expected))
    {
        Extra = i => new Dictionary<string, object?> { ["alarm_arn"] = i.AlarmArn },
    };

    Task IIncidentStore.CreateAsync(Incident incident, IncidentChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(changes);
        return CreateJsonAsync(IncidentsTable, incident, changes.Notices, changes.Audit, cancellationToken);
    }

    Task IIncidentStore.SaveAsync(Incident incident, IncidentChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(changes);
        return SaveJsonAsync(IncidentsTable, incident, changes.Notices, changes.Audit, cancellationToken);
    }

    Task<Incident?> IIncidentStore.GetAsync(string id, CancellationToken cancellationToken) => GetJsonAsync(IncidentsTable, id, cancellationToken);

    Task<IReadOnlyList<Incident>> IIncidentStore.ListOpenAsync(CancellationToken cancellationToken) => ListActiveJsonAsync(IncidentsTable, cancellationToken);

    Task<IReadOnlyList<Incident>> IIncidentStore.ListAsync(string? environment, int limit, CancellationToken cancellationToken) =>
        ListJsonAsync(IncidentsTable, environment, limit, cancellationToken);
}
