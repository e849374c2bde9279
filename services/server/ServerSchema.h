// The server's SQL schema, version by version, and the checks and forward migrations that
// keep it: a one-row version table, the runs, their meta values, their events and who has
// them open. Events and meta values are append-only (triggers refuse UPDATE, DELETE and
// TRUNCATE), and a run's meta values are written only with the run itself.
#pragma once

#include <QSqlDatabase>
#include <QString>

namespace golive::server {

// 1: golive_schema, golive_runs, golive_run_meta, golive_events, golive_presence, the
// append-only triggers. 2: golive_runs.created_in and the trigger that lets only the run's own
// creating transaction write its meta values (dashboard_text_<sha> excepted, checked against
// its SHA-256). 3: each event's signature. 4: golive_blobs and golive_blob_chunks, the evidence
// bytes of each run, written once in one transaction and never changed. 5: each event's
// snapshot of what golive could see.
constexpr int kSchemaVersion = 5;

// The schema version of the database: 0 when it has none, -1 (with the words) on failure.
int schemaVersion(QSqlDatabase& db, QString* error);

// Creates the schema or migrates it forward, in one transaction, serialised with any other
// golive doing the same; *said tells what it did ("created schema version 1", "the schema
// is already version 1"). Refuses a schema from a newer golive.
bool initSchema(QSqlDatabase& db, const QString& where, QString* said, QString* error);

// Whether a run can be opened here: the schema is there and not newer than this golive's.
// `where` and `uri` name the database and the URI in the words.
bool checkSchema(QSqlDatabase& db, const QString& where, const QString& uri, QString* error);

} // namespace golive::server
