// The run file's SQL schema, version by version: what create() makes and migrate() adds.
#pragma once

namespace golive::runfile {

// Schema version 1: the runbook it was made from, and the ledger.
inline const char* const kSchemaV1[] = {
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB)",
    "CREATE TABLE events(seq INTEGER PRIMARY KEY, time_utc TEXT NOT NULL, kind TEXT NOT NULL,"
    " item_id TEXT, field_key TEXT, text TEXT, actor TEXT NOT NULL, role TEXT NOT NULL,"
    " os_user TEXT, host TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
};

// Version 2: the database itself refuses to change or drop a written event (a guard against
// accidents and casual edits; the hash chain is what detects deliberate ones).
inline const char* const kSchemaV2[] = {
    "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events"
    " BEGIN SELECT RAISE(ABORT, 'golive ledger is append-only'); END",
    "CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events"
    " BEGIN SELECT RAISE(ABORT, 'golive ledger is append-only'); END",
    "CREATE INDEX IF NOT EXISTS events_item_id ON events(item_id)",
};

// Version 3: each event's signature, stored with it: the key's type and fingerprint and the
// armored SSHSIG text (NULL for an unsigned event). Not covered by the event's hash (the
// signature signs what the hash covers), but the payload of a signed event names its key.
inline const char* const kSchemaV3[] = {
    "ALTER TABLE events ADD COLUMN key_type TEXT",
    "ALTER TABLE events ADD COLUMN key_fp TEXT",
    "ALTER TABLE events ADD COLUMN signature TEXT",
};

// Version 4: evidence. The bytes of attached files and command output, once per SHA-256, in
// chunks (RunLedger::BlobChunkBytes) so neither writing nor reading one needs it whole in
// memory. A blob row is written with no hash, its chunks after it, and the hash set last in
// the same transaction; after that neither changes, no chunk is added, and nothing is ever
// deleted.
inline const char* const kSchemaV4[] = {
    "CREATE TABLE blobs(id INTEGER PRIMARY KEY, sha256 TEXT UNIQUE, size INTEGER NOT NULL)",
    "CREATE TABLE blob_chunks(blob_id INTEGER NOT NULL REFERENCES blobs(id), n INTEGER NOT NULL,"
    " data BLOB NOT NULL, PRIMARY KEY(blob_id, n))",
    "CREATE TRIGGER blobs_written_once BEFORE UPDATE ON blobs WHEN OLD.sha256 IS NOT NULL"
    " BEGIN SELECT RAISE(ABORT, 'golive evidence is never changed'); END",
    "CREATE TRIGGER blobs_never_deleted BEFORE DELETE ON blobs"
    " BEGIN SELECT RAISE(ABORT, 'golive evidence is never deleted'); END",
    "CREATE TRIGGER blob_chunks_only_while_written BEFORE INSERT ON blob_chunks"
    " WHEN (SELECT sha256 FROM blobs WHERE id = NEW.blob_id) IS NOT NULL"
    " BEGIN SELECT RAISE(ABORT, 'golive evidence is never changed'); END",
    "CREATE TRIGGER blob_chunks_never_changed BEFORE UPDATE ON blob_chunks"
    " BEGIN SELECT RAISE(ABORT, 'golive evidence is never changed'); END",
    "CREATE TRIGGER blob_chunks_never_deleted BEFORE DELETE ON blob_chunks"
    " BEGIN SELECT RAISE(ABORT, 'golive evidence is never deleted'); END",
};

// Version 5: what golive could see when a decision was taken (SignOffEvent::snapshot, compact
// JSON), kept in the decision's own row; NULL for an event without one. Covered by the event's
// hash (the payload names "snapshot" only when there is one), and by the append-only triggers of
// version 2 like every other column.
inline const char* const kSchemaV5[] = {
    "ALTER TABLE events ADD COLUMN snapshot TEXT",
};

} // namespace golive::runfile
