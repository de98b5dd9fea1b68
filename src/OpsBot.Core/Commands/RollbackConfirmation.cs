using OpsBot.Core.Deployments;
using OpsBot.Core.Notifications.Cards;

namespace OpsBot.Core.Commands;

/// <summary>
/// The button that confirms a manual rollback in a gated environment. Its value carries the whole request —
/// environment, function, the version it goes to, the alias RevisionId it was offered for, and the reason — so a click
/// runs exactly what was shown, and only while the alias is still where it was
/// (<c>rollback|prod|lambda_router|3|&lt;revision&gt;|reason</c>; the reason last, as it may hold a <c>|</c>).
/// </summary>
public static class RollbackConfirmation
{
    private const string Prefix = "rollback";

    public static CardButton Button(string environment, string function, string version, string revision, string? reason) =>
        new(nameof(DeploymentAction.Rollback), $"Roll back to version {version}", Primary: true, Danger: false, Confirm: null,
            Value(environment, function, version, revision, reason));

    /// <summary>The value; it fits a chat button (Slack allows 2,000 characters) as reasons are capped at
    /// <see cref="CommandText.MaxFreeText"/>.</summary>
    public static string Value(string environment, string function, string version, string revision, string? reason) =>
        string.Join('|', reason is null ? [Prefix, environment, function, version, revision] : [Prefix, environment, function, version, revision, reason]);

    /// <summary>The rollback a confirmation button asks for, or null when the value is not one.</summary>
    public static RollbackCommand? Parse(string? value)
    {
        var parts = value?.Split('|', 6);
        if (parts is not { Length: >= 5 } || parts[0] != Prefix || parts[1..5].Any(p => p.Length is 0 or > 128 || p.Any(char.IsWhiteSpace)))
            return null;
        var reason = parts.Length == 6 && parts[5].Length > 0 ? parts[5] : null;
        return new RollbackCommand(parts[2], parts[3], parts[1], reason) { ConfirmedRevision = parts[4], Root = "/rollback" };
    }
}
