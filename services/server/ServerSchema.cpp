// The server's SQL schema and its forward migrations; see ServerSchema.h.
#include "ServerSchema.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace golive::server {

namespace {

// Version 1. Event columns are exactly a run file's (text as golive wrote it, so the chain is
// checked over the stored strings), with the run's id in front.
const char* const kSchemaV1[] = {
    "CREATE TABLE golive_schema(one boolean PRIMARY KEY DEFAULT true CHECK (one),"
    " version integer NOT NULL)",
    "CREATE TABLE golive_runs(name text PRIMARY KEY, run_id uuid NOT NULL UNIQUE,"
    " title text NOT NULL, created_utc timestamptz NOT NULL, head_seq bigint NOT NULL DEFAULT 0,"
    " head_hash text NOT NULL, last_event_utc timestamptz)",
    "CREATE TABLE golive_run_meta(run_id uuid NOT NULL REFERENCES golive_runs(run_id),"
    " key text NOT NULL, value bytea, PRIMARY KEY (run_id, key))",
    "CREATE TABLE golive_events(run_id uuid NOT NULL REFERENCES golive_runs(run_id),"
    " seq bigint NOT NULL, time_utc text NOT NULL, kind text NOT NULL, item_id text,"
    " field_key text, text text, actor text NOT NULL, role text NOT NULL, os_user text,"
    " host text, prev_hash text NOT NULL, hash text NOT NULL, PRIMARY KEY (run_id, seq))",
    "CREATE TABLE golive_presence(session uuid PRIMARY KEY,"
    " run_id uuid NOT NULL REFERENCES golive_runs(run_id), name text NOT NULL,"
    " role text NOT NULL, host text, os_user text, since timestamptz NOT NULL,"
    " last_seen timestamptz NOT NULL)",
    "CREATE INDEX golive_presence_run ON golive_presence(run_id, last_seen)",
    // A guard against accidents and casual edits; the hash chain is what detects deliberate
    // ones (the tables' owner, as well as a superuser, can disable a trigger).
    "CREATE FUNCTION golive_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN RAISE EXCEPTION 'golive ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME;"
    " END $$",
    "CREATE TRIGGER golive_events_append_only BEFORE UPDATE OR DELETE ON golive_events"
    " FOR EACH ROW EXECUTE FUNCTION golive_append_only()",
    "CREATE TRIGGER golive_events_no_truncate BEFORE TRUNCATE ON golive_events"
    " FOR EACH STATEMENT EXECUTE FUNCTION golive_append_only()",
    "CREATE TRIGGER golive_run_meta_append_only BEFORE UPDATE OR DELETE ON golive_run_meta"
    " FOR EACH ROW EXECUTE FUNCTION golive_append_only()",
    "CREATE TRIGGER golive_run_meta_no_truncate BEFORE TRUNCATE ON golive_run_meta"
    " FOR EACH STATEMENT EXECUTE FUNCTION golive_append_only()",
};

// Version 2. The meta values a run is made with (its runbook, the dashboard embedded at
// creation) are outside the hash chain, so only the transaction that inserted the run's row may
// write them: golive_runs.created_in marks that transaction (its id and start time, set by the
// trigger whatever the INSERT gave; a writer may UPDATE only the head columns). Not the row's
// xmin: every append UPDATEs the row, so a writer's own transaction could match it. The one key
// written later, by a dashboard-set event, is dashboard_text_<sha>, and its value must be the
// bytes that SHA-256 names (the sha is in the chained event).
const char* const kSchemaV2[] = {
    "ALTER TABLE golive_runs ADD COLUMN created_in text",
    // The transaction as this server tells it apart from every other: its 64-bit id, and its
    // start time in case a dump is restored into a server whose ids start again.
    "CREATE FUNCTION golive_transaction_mark() RETURNS text LANGUAGE sql AS $$"
    " SELECT txid_current()::text || ' ' ||"
    " to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') $$",
    "CREATE FUNCTION golive_run_created() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN"
    "  IF TG_OP = 'INSERT' THEN"
    "   NEW.created_in := golive_transaction_mark();"
    "  ELSIF NEW.created_in IS DISTINCT FROM OLD.created_in THEN"
    "   RAISE EXCEPTION 'golive run %: created_in is not changed', OLD.name;"
    "  END IF;"
    "  RETURN NEW;"
    " END $$",
    "CREATE TRIGGER golive_runs_created BEFORE INSERT OR UPDATE OF created_in ON golive_runs"
    " FOR EACH ROW EXECUTE FUNCTION golive_run_created()",
    "CREATE FUNCTION golive_run_meta_guard() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN"
    "  IF left(NEW.key, 15) = 'dashboard_text_' THEN"
    "   IF NEW.value IS NULL OR"
    "      encode(sha256(NEW.value), 'hex') IS DISTINCT FROM substr(NEW.key, 16) THEN"
    "    RAISE EXCEPTION 'golive run meta % refused: its value is not the dashboard that"
    " SHA-256 names', NEW.key;"
    "   END IF;"
    "   RETURN NEW;"
    "  END IF;"
    "  IF NOT EXISTS (SELECT 1 FROM golive_runs WHERE run_id = NEW.run_id"
    "                 AND created_in = golive_transaction_mark()) THEN"
    "   RAISE EXCEPTION 'golive run meta % refused: a run''s meta values are written only with"
    " the run itself', NEW.key;"
    "  END IF;"
    "  RETURN NEW;"
    " END $$",
    "CREATE TRIGGER golive_run_meta_guard BEFORE INSERT ON golive_run_meta"
    " FOR EACH ROW EXECUTE FUNCTION golive_run_meta_guard()",
    // The functions find golive's tables in the schema they were made in, never first in the
    // session's temporary schema, where anyone may make a golive_runs of their own.
    "DO $$ DECLARE f text; BEGIN"
    " FOREACH f IN ARRAY ARRAY['golive_transaction_mark()', 'golive_run_created()',"
    "  'golive_run_meta_guard()'] LOOP"
    "  EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, %I, pg_temp', f,"
    "   current_schema());"
    " END LOOP; END $$",
};

// Version 3. Each event's signature, stored with it (as a run file's events table keeps it):
// the key's type and fingerprint and the armored SSHSIG text, NULL for an unsigned event.
const char* const kSchemaV3[] = {
    "ALTER TABLE golive_events ADD COLUMN key_type text, ADD COLUMN key_fp text,"
    " ADD COLUMN signature text",
};

// Version 4. Evidence: the bytes of attached files and command output, per run, once per
// SHA-256, in chunks (RunLedger::BlobChunkBytes) so neither writing nor reading one needs it
// whole in memory. A blob row is inserted with no hash, its chunks after it, and the hash set
// last, all in the transaction that inserted the row (written_in marks it, as created_in marks
// a run's); after that neither the row nor its chunks change, no chunk is added, and nothing is
// deleted. The hash chain covers each evidence event's SHA-256; reading a blob checks it.
const char* const kSchemaV4[] = {
    "CREATE TABLE golive_blobs(id bigserial PRIMARY KEY,"
    " run_id uuid NOT NULL REFERENCES golive_runs(run_id), sha256 text,"
    " size bigint NOT NULL DEFAULT 0, written_in text, UNIQUE (run_id, sha256))",
    "CREATE TABLE golive_blob_chunks(blob_id bigint NOT NULL REFERENCES golive_blobs(id),"
    " n integer NOT NULL, data bytea NOT NULL, PRIMARY KEY (blob_id, n))",
    "CREATE FUNCTION golive_blob_guard() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN"
    "  IF TG_OP = 'INSERT' THEN"
    "   NEW.written_in := golive_transaction_mark();"
    "   NEW.sha256 := NULL;"
    "   RETURN NEW;"
    "  END IF;"
    "  IF TG_OP = 'UPDATE' AND OLD.sha256 IS NULL"
    "     AND OLD.written_in = golive_transaction_mark()"
    "     AND NEW.id = OLD.id AND NEW.run_id = OLD.run_id"
    "     AND NEW.written_in IS NOT DISTINCT FROM OLD.written_in THEN"
    "   RETURN NEW;"
    "  END IF;"
    "  RAISE EXCEPTION 'golive evidence is written once, never changed or deleted: % on %"
    " refused', TG_OP, TG_TABLE_NAME;"
    " END $$",
    "CREATE TRIGGER golive_blobs_written_once BEFORE INSERT OR UPDATE OR DELETE ON golive_blobs"
    " FOR EACH ROW EXECUTE FUNCTION golive_blob_guard()",
    "CREATE TRIGGER golive_blobs_no_truncate BEFORE TRUNCATE ON golive_blobs"
    " FOR EACH STATEMENT EXECUTE FUNCTION golive_append_only()",
    "CREATE FUNCTION golive_blob_chunk_guard() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN"
    "  IF NOT EXISTS (SELECT 1 FROM golive_blobs WHERE id = NEW.blob_id AND sha256 IS NULL"
    "                 AND written_in = golive_transaction_mark()) THEN"
    "   RAISE EXCEPTION 'golive evidence chunk refused: chunks are written only with their"
    " blob, before its SHA-256 is set';"
    "  END IF;"
    "  RETURN NEW;"
    " END $$",
    "CREATE TRIGGER golive_blob_chunks_guard BEFORE INSERT ON golive_blob_chunks"
    " FOR EACH ROW EXECUTE FUNCTION golive_blob_chunk_guard()",
    "CREATE TRIGGER golive_blob_chunks_append_only BEFORE UPDATE OR DELETE ON golive_blob_chunks"
    " FOR EACH ROW EXECUTE FUNCTION golive_append_only()",
    "CREATE TRIGGER golive_blob_chunks_no_truncate BEFORE TRUNCATE ON golive_blob_chunks"
    " FOR EACH STATEMENT EXECUTE FUNCTION golive_append_only()",
    "DO $$ DECLARE f text; BEGIN"
    " FOREACH f IN ARRAY ARRAY['golive_blob_guard()', 'golive_blob_chunk_guard()'] LOOP"
    "  EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, %I, pg_temp', f,"
    "   current_schema());"
    " END LOOP; END $$",
};

// Version 5. What golive could see when a decision was taken (SignOffEvent::snapshot, compact
// JSON), kept in the decision's own row as a run file keeps it; NULL for an event without one.
// The append-only triggers of version 1 cover it like every other column.
const char* const kSchemaV5[] = {
    "ALTER TABLE golive_events ADD COLUMN snapshot text",
};

struct Migration
{
    const char* const* first;
    const char* const* last;
};

// migrations[v - 1] takes a database from version v - 1 to v.
const Migration kMigrations[] = {
    {std::begin(kSchemaV1), std::end(kSchemaV1)}, {std::begin(kSchemaV2), std::end(kSchemaV2)},
    {std::begin(kSchemaV3), std::end(kSchemaV3)}, {std::begin(kSchemaV4), std::end(kSchemaV4)},
    {std::begin(kSchemaV5), std::end(kSchemaV5)},
};
static_assert(std::size(kMigrations) == kSchemaVersion, "one migration per schema version");

QString words(const QSqlError& e)
{
    QString w = e.databaseText().trimmed();
    if (w.isEmpty())
        w = e.text().trimmed();
    return w.simplified();
}

} // namespace

int schemaVersion(QSqlDatabase& db, QString* error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT to_regclass('golive_schema') IS NOT NULL")) || !q.next()) {
        if (error)
            *error = words(q.lastError());
        return -1;
    }
    if (!q.value(0).toBool())
        return 0;
    if (!q.exec(QStringLiteral("SELECT version FROM golive_schema")) || !q.next()) {
        if (error)
            *error = q.lastError().isValid() ? words(q.lastError())
                                             : QStringLiteral("its schema version row is missing");
        return -1;
    }
    return q.value(0).toInt();
}

bool initSchema(QSqlDatabase& db, const QString& where, QString* said, QString* error)
{
    QString w;
    bool ok = db.transaction();
    if (!ok)
        w = words(db.lastError());
    QSqlQuery q(db);
    // Two golives initialising at once: the second waits, then finds the schema made.
    if (ok && !q.exec(QStringLiteral("SELECT pg_advisory_xact_lock(7302116857455416421)"))) {
        ok = false;
        w = words(q.lastError());
    }
    const int version = ok ? schemaVersion(db, &w) : -1;
    ok = ok && version >= 0;
    if (ok && version > kSchemaVersion) {
        db.rollback();
        if (error)
            *error = QStringLiteral("%1 has golive schema version %2, made by a newer golive "
                                    "(this golive knows up to %3); it was not changed")
                         .arg(where)
                         .arg(version)
                         .arg(kSchemaVersion);
        return false;
    }
    for (int v = version + 1; ok && v <= kSchemaVersion; ++v) {
        const Migration& m = kMigrations[v - 1];
        for (auto it = m.first; ok && it != m.last; ++it) {
            if (!q.exec(QString::fromLatin1(*it))) {
                ok = false;
                w = words(q.lastError());
            }
        }
    }
    if (ok && version < kSchemaVersion) {
        q.prepare(version == 0 ? QStringLiteral("INSERT INTO golive_schema(version) VALUES(?)")
                               : QStringLiteral("UPDATE golive_schema SET version = ?"));
        q.addBindValue(kSchemaVersion);
        if (!q.exec()) {
            ok = false;
            w = words(q.lastError());
        }
    }
    if (ok && !db.commit()) {
        ok = false;
        w = words(db.lastError());
    }
    if (!ok) {
        db.rollback();
        if (error)
            *error = QStringLiteral("could not make the golive schema in %1: %2; nothing was "
                                    "changed")
                         .arg(where, w);
        return false;
    }
    if (said) {
        if (version == kSchemaVersion)
            *said = QStringLiteral("%1: the golive schema is already version %2; nothing was "
                                   "changed")
                        .arg(where)
                        .arg(kSchemaVersion);
        else if (version == 0)
            *said = QStringLiteral("%1: created the golive schema, version %2")
                        .arg(where)
                        .arg(kSchemaVersion);
        else
            *said = QStringLiteral("%1: migrated the golive schema from version %2 to %3")
                        .arg(where)
                        .arg(version)
                        .arg(kSchemaVersion);
    }
    return true;
}

bool checkSchema(QSqlDatabase& db, const QString& where, const QString& uri, QString* error)
{
    QString w;
    const int version = schemaVersion(db, &w);
    QString why;
    if (version < 0)
        why = QStringLiteral("could not read the golive schema of %1: %2").arg(where, w);
    else if (version == 0)
        why = QStringLiteral("%1 has no golive schema: run `golive server init %2` first")
                  .arg(where, uri);
    else if (version > kSchemaVersion)
        why = QStringLiteral("%1 has golive schema version %2, made by a newer golive (this "
                             "golive knows up to %3); use that golive")
                  .arg(where)
                  .arg(version)
                  .arg(kSchemaVersion);
    else if (version < kSchemaVersion)
        why = QStringLiteral("%1 has golive schema version %2, older than this golive's %3: run "
                             "`golive server init %4` to migrate it")
                  .arg(where)
                  .arg(version)
                  .arg(kSchemaVersion)
                  .arg(uri);
    if (why.isEmpty())
        return true;
    if (error)
        *error = why;
    return false;
}

} // namespace golive::server
