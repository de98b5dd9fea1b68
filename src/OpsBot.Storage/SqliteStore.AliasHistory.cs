using Microsoft.Data.Sqlite;
using OpsBot.Core.Deployments;

namespace OpsBot.Storage;

// Which versions each deployment of an alias found live and left live: the whole history, read from the bodies.
internal sealed partial class SqliteStore
{
    public Task<IReadOnlyList<AliasChange>> AliasHistoryAsync(FunctionTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        return ReadAsync("""
            SELECT id, kind, state, created_at, updated_at,
                   json_extract(body, '$.stableVersion'), json_extract(body, '$.targetVersion'), json_extract(body, '$.rollbackVersion')
            FROM deployments
            WHERE environment = @environment AND function = @function AND alias_key = @aliasKey
            ORDER BY created_at, rowid;
            """,
            c => c.With("@environment", target.Environment).With("@function", target.Function).With("@aliasKey", target.AliasKey),
            ReadChange, cancellationToken);
    }

    /// <summary>
    /// A release finds its stable version live and leaves its target (succeeded) or the version it restored (rolled
    /// back); a rollback deployment stores them the other way round: it finds its target live and leaves its stable one.
    /// </summary>
    private static AliasChange ReadChange(SqliteDataReader r)
    {
        var kind = r.GetEnum<DeploymentKind>(1);
        var state = r.GetEnum<DeploymentState>(2);
        var stable = r.GetString(5);
        var target = r.GetString(6);
        var restored = r.GetNullableString(7) ?? stable;
        var (from, left) = kind == DeploymentKind.Rollback
            ? (target, state == DeploymentState.RolledBack ? restored : null)
            : (stable, state switch
            {
                DeploymentState.Succeeded => target,
                DeploymentState.RolledBack => restored,
                _ => null,
            });
        return new AliasChange(r.GetString(0), kind, from, left, r.GetTime(3), left is null ? null : r.GetTime(4));
    }
}
