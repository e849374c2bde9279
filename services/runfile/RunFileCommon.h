// What every part of the run file shares: its log category, time form, error words, SQL calls.
#pragma once

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QVariant>

#include <cstddef>

namespace golive::runfile {

Q_DECLARE_LOGGING_CATEGORY(lcLedger)

inline const QString kTimeFormat = QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ");
constexpr int kBusyTimeoutMs = 5000;
// The page cache of a run's connection, in KiB (SQLite's default is 2,000): an append touches
// a few pages at the end of the file, and the open reads the file once, in order, so a bigger
// cache only holds the run a second time in memory, growing with every event.
constexpr int kCacheKiB = 256;

// The path as the user's system writes it.
QString shown(const QString& path);

// Puts `why` in *error (when asked for) and the log; nullptr, so that a factory can
// `return fail(...)`.
std::nullptr_t fail(QString* error, const QString& why);

// fail() for the steps that answer true or false.
bool refuse(QString* error, const QString& why);

// SQLite's own words for an error, or "unknown SQLite error".
QString sqlWords(const QSqlError& e);

// "<path> is damaged: <words>. golive did not change it."
QString damaged(const QString& path, const QString& words);

// A connection name of its own for each open run file.
QString newConnectionName();

// Executes the statements [first, last) in order; stops at the first that fails.
bool execAll(QSqlDatabase& db, const char* const* first, const char* const* last, QString* error);

bool pragmaInt(QSqlDatabase& db, const QString& name, qint64* value, QString* error);

// NULL in the database for an empty string.
QVariant textOrNull(const QString& s);

} // namespace golive::runfile
