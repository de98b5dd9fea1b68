using System.Text.Json;
using OpsBot.Core.Identity;
using OpsBot.Core.Incidents;
using OpsBot.Core.Ports;

namespace OpsBot.Storage.Tests;

public sealed class IncidentStoreTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly IIncidentStore _store;
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 14, 0, TimeSpan.Zero);

    public IncidentStoreTests() => _store = _db.OpenStore();

    public void Dispose() => _db.Dispose();

    private static IncidentWorkflow Opened(string arn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:lambda_router-error-rate") =>
        NewIncident.Open("prod", new IncidentAlarm("lambda_router-error-rate", arn, "Threshold Crossed", T0, "AWS/Lambda Errors (Sum) > 5"),
            new IncidentContext("lambda_router", "live", "C0DEPLOYS", "100% on version 5", "version 5 went live 25m ago", "4", null),
            new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0));

    [Fact]
    public async Task An_incident_round_trips_with_its_notices_and_audit_and_a_stale_save_is_refused()
    {
        var opened = Opened();
        await _store.CreateAsync(opened.Incident, opened.Changes, default);
        var loaded = (await _store.GetAsync(opened.Incident.Id, default))!;
        Assert.Equal(JsonSerializer.Serialize(opened.Incident), JsonSerializer.Serialize(loaded));
        Assert.Equal(1, loaded.Version);
        Assert.Equal(3L, _db.Scalar("SELECT COUNT(*) FROM outbox WHERE entity_kind = 'incident'")); // card, thread, page

        var workflow = new IncidentWorkflow(loaded, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0.AddMinutes(3)));
        Assert.True(workflow.Acknowledge(new Actor("slack:U0BOB")).IsApplied);
        await _store.SaveAsync(loaded, workflow.Changes, default);
        Assert.Equal("slack:U0BOB", (await _store.GetAsync(loaded.Id, default))!.Lead);

        var stale = (await _store.GetAsync(loaded.Id, default))!;
        stale.Version = 1;
        await Assert.ThrowsAsync<IncidentConcurrencyException>(() => _store.SaveAsync(stale, new IncidentChanges(), default));
    }

    [Fact]
    public async Task Open_incidents_are_listed_oldest_first_and_resolved_ones_only_in_the_history()
    {
        var first = Opened();
        var second = Opened("arn:aws:cloudwatch:us-east-1:123456789012:alarm:other");
        await _store.CreateAsync(first.Incident, first.Changes, default);
        await _store.CreateAsync(second.Incident, second.Changes, default);
        var resolving = new IncidentWorkflow((await _store.GetAsync(first.Incident.Id, default))!, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0));
        resolving.Resolve(new Actor("slack:U0BOB"), null);
        await _store.SaveAsync(resolving.Incident, resolving.Changes, default);

        Assert.Equal([second.Incident.Id], (await _store.ListOpenAsync(default)).Select(i => i.Id));
        Assert.Equal(2, (await _store.ListAsync("prod", 10, default)).Count);
        Assert.Empty(await _store.ListAsync("dev", 10, default));
    }
}
