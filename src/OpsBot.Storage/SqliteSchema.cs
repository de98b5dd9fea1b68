using Microsoft.Data.Sqlite;

namespace OpsBot.Storage;

/// <summary>
/// The database schema as an ordered list of migrations. Each one is applied once, in a write transaction together
/// with its <c>schema_version</c> row, so that processes starting together on one file migrate it exactly once.
/// Append new versions; never edit one that has shipped.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>Set on every connection: these settings do not persist in the file.</summary>
    public const string ConnectionPragmas = """
        PRAGMA busy_timeout = 5000;
        PRAGMA synchronous = NORMAL;
        PRAGMA foreign_keys = ON;
        """;

    public static IReadOnlyList<(int Version, string Script)> Migrations { get; } =
    [
        (1, """
            CREATE TABLE deployments (
                id          TEXT    NOT NULL PRIMARY KEY,
                environment TEXT    NOT NULL,
                function    TEXT    NOT NULL,
                alias_key   TEXT    NOT NULL,
                state       TEXT    NOT NULL,
                version     INTEGER NOT NULL,
                kind        TEXT    NOT NULL,
                created_at  TEXT    NOT NULL,
                updated_at  TEXT    NOT NULL,
                active_key  TEXT    NULL,
                body        TEXT    NOT NULL
            );
            -- One active deployment per function alias: NULLs (terminal deployments) do not collide.
            CREATE UNIQUE INDEX ux_deployments_active_key ON deployments (active_key);
            CREATE INDEX ix_deployments_created_at ON deployments (created_at);
            CREATE INDEX ix_deployments_environment_function ON deployments (environment, function, created_at);

            CREATE TABLE deployment_events (
                id            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                deployment_id TEXT    NOT NULL REFERENCES deployments (id),
                at            TEXT    NOT NULL,
                actor         TEXT    NOT NULL,
                kind          TEXT    NOT NULL,
                from_state    TEXT    NULL,
                to_state      TEXT    NULL,
                message       TEXT    NOT NULL,
                data          TEXT    NULL
            );
            CREATE INDEX ix_deployment_events_deployment ON deployment_events (deployment_id, id);

            CREATE TABLE health_samples (
                deployment_id   TEXT    NOT NULL REFERENCES deployments (id),
                period_start    TEXT    NOT NULL,
                role            TEXT    NOT NULL,
                version         TEXT    NOT NULL,
                invocations     REAL    NOT NULL,
                errors          REAL    NOT NULL,
                avg_duration_ms REAL    NULL,
                PRIMARY KEY (deployment_id, period_start, role)
            );

            CREATE TABLE outbox (
                id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                deployment_id   TEXT    NOT NULL REFERENCES deployments (id),
                kind            TEXT    NOT NULL,
                text            TEXT    NOT NULL,
                subject         TEXT    NULL,
                created_at      TEXT    NOT NULL,
                sent_at         TEXT    NULL,
                attempts        INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT    NOT NULL,
                last_error      TEXT    NULL
            );
            CREATE INDEX ix_outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL;

            -- No foreign key: a card is recorded after delivery, independently of the deployment's commits.
            CREATE TABLE chat_messages (
                deployment_id TEXT NOT NULL PRIMARY KEY,
                platform      TEXT NOT NULL,
                channel       TEXT NOT NULL,
                message_id    TEXT NOT NULL,
                thread_id     TEXT NULL
            );

            CREATE TABLE audit (
                id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                at          TEXT    NOT NULL,
                actor       TEXT    NOT NULL,
                action      TEXT    NOT NULL,
                environment TEXT    NULL,
                subject     TEXT    NULL,
                channel     TEXT    NULL,
                outcome     TEXT    NOT NULL,
                detail      TEXT    NOT NULL,
                data        TEXT    NULL
            );
            CREATE INDEX ix_audit_at ON audit (at);
            CREATE INDEX ix_audit_subject ON audit (subject, at);

            CREATE TABLE idempotency (
                "key"      TEXT NOT NULL PRIMARY KEY,
                claimed_at TEXT NOT NULL,
                result     TEXT NULL
            );
            CREATE INDEX ix_idempotency_claimed_at ON idempotency (claimed_at);

            CREATE TABLE freezes (
                environment TEXT NOT NULL PRIMARY KEY,
                reason      TEXT NOT NULL,
                "by"        TEXT NOT NULL,
                at          TEXT NOT NULL
            );
            """),
        (2, """
            -- A notice given up (attempts ran out, or it can never be delivered): neither sent nor pending.
            ALTER TABLE outbox ADD COLUMN failed_at TEXT NULL;
            DROP INDEX ix_outbox_pending;
            CREATE INDEX ix_outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
            CREATE INDEX ix_outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;
            CREATE INDEX ix_outbox_failed_at ON outbox (failed_at) WHERE failed_at IS NOT NULL;
            CREATE INDEX ix_health_samples_period_start ON health_samples (period_start);

            -- The readiness write probe: one row, rewritten with a padding that needs new pages (see CanWriteAsync).
            CREATE TABLE storage_probe (
                id  INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                at  TEXT    NOT NULL,
                pad BLOB    NULL
            );
            """),
        (3, """
            -- Notices and cards belong to an entity (a deployment, a flag change, ...), keyed by its kind and id, so
            -- that every entity with a card shares one outbox. Rows of versions 1-2 are deployments'. SQLite cannot
            -- drop a column's foreign key, so both tables are rebuilt.
            CREATE TABLE outbox_v3 (
                id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                entity_kind     TEXT    NOT NULL,
                entity_id       TEXT    NOT NULL,
                kind            TEXT    NOT NULL,
                text            TEXT    NOT NULL,
                subject         TEXT    NULL,
                created_at      TEXT    NOT NULL,
                sent_at         TEXT    NULL,
                attempts        INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT    NOT NULL,
                last_error      TEXT    NULL,
                failed_at       TEXT    NULL
            );
            INSERT INTO outbox_v3 (id, entity_kind, entity_id, kind, text, subject, created_at, sent_at, attempts, next_attempt_at, last_error, failed_at)
                SELECT id, 'deployment', deployment_id, kind, text, subject, created_at, sent_at, attempts, next_attempt_at, last_error, failed_at FROM outbox;
            DROP TABLE outbox;
            ALTER TABLE outbox_v3 RENAME TO outbox;
            CREATE INDEX ix_outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
            CREATE INDEX ix_outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;
            CREATE INDEX ix_outbox_failed_at ON outbox (failed_at) WHERE failed_at IS NOT NULL;
            CREATE INDEX ix_outbox_entity ON outbox (entity_kind, entity_id);

            CREATE TABLE chat_messages_v3 (
                entity_kind TEXT NOT NULL,
                entity_id   TEXT NOT NULL,
                platform    TEXT NOT NULL,
                channel     TEXT NOT NULL,
                message_id  TEXT NOT NULL,
                thread_id   TEXT NULL,
                PRIMARY KEY (entity_kind, entity_id)
            );
            INSERT INTO chat_messages_v3 (entity_kind, entity_id, platform, channel, message_id, thread_id)
                SELECT 'deployment', deployment_id, platform, channel, message_id, thread_id FROM chat_messages;
            DROP TABLE chat_messages;
            ALTER TABLE chat_messages_v3 RENAME TO chat_messages;
            """),
        (4, """
            -- Feature flag changes: one row each, the entity as JSON like deployments; their notices go to the outbox
            -- as entity kind 'flag-change'.
            CREATE TABLE flag_changes (
                id          TEXT    NOT NULL PRIMARY KEY,
                environment TEXT    NOT NULL,
                state       TEXT    NOT NULL,
                version     INTEGER NOT NULL,
                active      INTEGER NOT NULL,
                created_at  TEXT    NOT NULL,
                updated_at  TEXT    NOT NULL,
                body        TEXT    NOT NULL
            );
            CREATE INDEX ix_flag_changes_active ON flag_changes (active, created_at);
            CREATE INDEX ix_flag_changes_environment ON flag_changes (environment, created_at);
            """),
        (5, """
            -- Incidents (alert threads): one row each, the entity as JSON like flag changes; active = not resolved.
            CREATE TABLE incidents (
                id          TEXT    NOT NULL PRIMARY KEY,
                environment TEXT    NOT NULL,
                alarm_arn   TEXT    NOT NULL,
                state       TEXT    NOT NULL,
                version     INTEGER NOT NULL,
                active      INTEGER NOT NULL,
                created_at  TEXT    NOT NULL,
                updated_at  TEXT    NOT NULL,
                body        TEXT    NOT NULL
            );
            CREATE INDEX ix_incidents_active ON incidents (active, created_at);
            CREATE INDEX ix_incidents_environment ON incidents (environment, created_at);
            """),
        (6, """
            -- What a chat platform learned from inbound requests and needs to post on its own (Teams: a channel's
            -- serviceUrl and tenant, a person's Teams id): the latest value per (platform, key).
            CREATE TABLE chat_directory (
                platform   TEXT NOT NULL,
                "key"      TEXT NOT NULL,
                value      TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (platform, "key")
            );
            """),
    ];

    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Switches the file to WAL and applies the migrations it lacks; returns the schema version.</summary>
    public static async Task<int> MigrateAsync(SqliteConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // journal_mode persists in the file but cannot change inside a transaction.
        await using (var wal = connection.Command("PRAGMA journal_mode = WAL;"))
            await wal.ExecuteScalarAsync(cancellationToken);

        // IMMEDIATE: take the write lock before reading the version, so two processes cannot both apply a migration.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var create = connection.Command(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL);", transaction))
            await create.ExecuteNonQueryAsync(cancellationToken);

        long current;
        await using (var read = connection.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version;", transaction))
            current = (long)(await read.ExecuteScalarAsync(cancellationToken))!;
        if (current > LatestVersion)
            throw new InvalidOperationException(
                $"The database schema is at version {current}, newer than this OpsBot knows ({LatestVersion}). Upgrade OpsBot.");

        foreach (var (version, script) in Migrations.Where(m => m.Version > current))
        {
            await using (var migrate = connection.Command(script, transaction))
                await migrate.ExecuteNonQueryAsync(cancellationToken);
            await using var record = connection.Command(
                "INSERT INTO schema_version (version, applied_at) VALUES (@version, @at);", transaction)
                .With("@version", version)
                .With("@at", SqliteValues.Time(now));
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return LatestVersion;
    }
}
