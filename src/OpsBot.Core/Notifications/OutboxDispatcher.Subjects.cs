using OpsBot.Core.Deployments;
using OpsBot.Core.Flags;
using OpsBot.Core.Incidents;
using OpsBot.Core.Notifications.Cards;

namespace OpsBot.Core.Notifications;

public sealed partial class OutboxDispatcher
{
    /// <summary>
    /// What a group of notices is about, as delivering them needs it: where its card lives, how to draw it from the
    /// committed entity, and what to audit a failure against. <see cref="Deployment"/> is set for a deployment (its chart).
    /// </summary>
    private sealed record NoticeSubject(EntityRef Entity, bool Exists, string? Environment, string? Channel, string? Platform, bool Active,
        string State, Func<ChatCard> Card, Deployment? Deployment = null)
    {
        /// <summary>What a page about it carries besides its text (an incident's function, id and severity).</summary>
        public IReadOnlyDictionary<string, string> PageAttributes { get; init; } = new Dictionary<string, string>();

        public static NoticeSubject Unknown(EntityRef entity) => new(entity, false, null, null, null, false, "", () => throw new InvalidOperationException());
    }

    /// <summary>The entity a notice belongs to, from its store; null for a kind this OpsBot does not know.</summary>
    private async Task<NoticeSubject?> LoadAsync(EntityRef entity, CancellationToken cancellationToken)
    {
        switch (entity.Kind)
        {
            case EntityRef.DeploymentKind:
                var d = await store.GetAsync(entity.Id, cancellationToken);
                return d is null
                    ? NoticeSubject.Unknown(entity)
                    : new NoticeSubject(entity, true, d.Target.Environment, d.Channel, d.ChatPlatform, d.IsActive, d.State.ToString(),
                        () => DeploymentCardBuilder.From(d), d);
            case FlagChangeEntity.Kind:
                var c = await flagChanges.GetAsync(entity.Id, cancellationToken);
                return c is null
                    ? NoticeSubject.Unknown(entity)
                    : new NoticeSubject(entity, true, c.Environment, c.Channel, c.ChatPlatform, c.IsActive, c.State.ToString(),
                        () => FlagCardBuilder.From(c));
            case IncidentEntity.Kind:
                var i = await incidents.GetAsync(entity.Id, cancellationToken);
                return i is null
                    ? NoticeSubject.Unknown(entity)
                    : new NoticeSubject(entity, true, i.Environment, i.Channel, i.ChatPlatform, i.IsOpen, i.State.ToString(),
                        () => IncidentCardBuilder.From(i))
                    {
                        PageAttributes = new Dictionary<string, string>
                        {
                            ["function"] = i.Function ?? "",
                            ["incident_id"] = i.Id,
                            ["severity"] = i.State == IncidentState.Resolved ? "info" : i.EscalatedAt is null ? "high" : "critical",
                        },
                    };
            default:
                return null;
        }
    }
}
