// What every part of the run file shares: its log category, time form, error words, SQL calls.
#include "runfile/RunFileCommon.h"

#include <QAtomicInteger>
#include <QDir>
#include <QSqlQuery>

namespace golive::runfile {

Q_LOGGING_CATEGORY(lcLedger, "golive.ledger")

QString shown(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

std::nullptr_t fail(QString* error, const QString& why)
{
    if (error)
        *error = why;
    qCWarning(lcLedger).noquote() << why;
    return nullptr;
}

bool refuse(QString* error, const QString& why)
{
    fail(error, why);
    return false;
}

QString sqlWords(const QSqlError& e)
{
    QString words = e.databaseText().trimmed();
    if (words.isEmpty())
        words = e.text().trimmed();
    return words.isEmpty() ? QStringLiteral("unknown SQLite error") : words;
}

QString damaged(const QString& path, const QString& words)
{
    return QStringLiteral("%1 is damaged: %2. golive did not change it.").arg(shown(path), words);
}

QString newConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("golive-run-%1").arg(counter.fetchAndAddRelaxed(1) + 1);
}

bool execAll(QSqlDatabase& db, const char* const* first, const char* const* last, QString* error)
{
    QSqlQuery q(db);
    for (auto it = first; it != last; ++it) {
        if (!q.exec(QString::fromLatin1(*it))) {
            if (error)
                *error = sqlWords(q.lastError());
            return false;
        }
    }
    return true;
}

bool pragmaInt(QSqlDatabase& db, const QString& name, qint64* value, QString* error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA %1").arg(name)) || !q.next()) {
        if (error)
            *error = sqlWords(q.lastError());
        return false;
    }
    *value = q.value(0).toLongLong();
    return true;
}

QVariant textOrNull(const QString& s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

} // namespace golive::runfile
