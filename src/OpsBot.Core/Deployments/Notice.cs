namespace OpsBot.Core.Deployments;

/// <summary>What a committed change must tell the outside world. Stored in the outbox with the change, delivered after the commit.</summary>
public enum NoticeKind
{
    /// <summary>The deployment's card must show its committed state (post it the first time, update it in place after).</summary>
    Card,

    /// <summary>A line in the card's thread.</summary>
    Timeline,

    /// <summary>Page the operators (SNS), for automatic rollbacks, failed rollbacks and automatic pauses.</summary>
    Page,

    /// <summary>A chart of both versions' error rate and duration over the deployment, into the card's thread (when traffic moved and the deployment ended).</summary>
    Chart,

    /// <summary>The new version's top error messages from its logs, into the card's thread (an automatic rollback caused by errors or an alarm).</summary>
    Errors,
}

public sealed record Notice(NoticeKind Kind, string Text, string? Subject = null)
{
    /// <summary>The outbox sink a notice goes to.</summary>
    public string Sink => OutboxSinks.Of(Kind);
}

public static class OutboxSinks
{
    public const string Chat = "chat";
    public const string Ops = "ops";

    public static string Of(NoticeKind kind) => kind == NoticeKind.Page ? Ops : Chat;
}

/// <summary>
/// What a notice and a card belong to: an entity with a card of its own, by kind and id. Deployments today; the next
/// entity (a flag change, an incident) adds its kind here and shares the one outbox.
/// </summary>
public sealed record EntityRef(string Kind, string Id)
{
    public const string DeploymentKind = "deployment";

    public static EntityRef Deployment(string id) => new(DeploymentKind, id);

    public bool IsDeployment => Kind == DeploymentKind;

    public override string ToString() => $"{Kind} {Id}";
}

/// <summary>A stored notice waiting for (or past) delivery.</summary>
public sealed record OutboxMessage(long Id, EntityRef Entity, NoticeKind Kind, string Text, string? Subject, DateTimeOffset CreatedAt, int Attempts)
{
    public string Sink => OutboxSinks.Of(Kind);
}

/// <summary>A notice given up: when, and why.</summary>
public sealed record FailedNotice(string DeploymentId, NoticeKind Kind, DateTimeOffset FailedAt, string Error);

/// <summary>How many notices were given up, and the latest of them.</summary>
public sealed record FailedNotices(int Count, FailedNotice? Last);
