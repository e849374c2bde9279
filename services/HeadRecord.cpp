// The per-user record of the newest head seen of each run.
#include "HeadRecord.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryFile>

#include <cerrno>
#include <cstdio>

namespace golive {

namespace {

const QString kTimeFormat = QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ");
// A record is a few hundred bytes; anything much larger is not one.
constexpr qint64 kMaxRecordBytes = 64 * 1024;

} // namespace

QString HeadRecord::directory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
           QStringLiteral("/seen-heads");
}

QString HeadRecord::fileFor(const QString& runId)
{
    const QByteArray name =
        QCryptographicHash::hash(runId.toUtf8(), QCryptographicHash::Sha256).toHex();
    return directory() + QLatin1Char('/') + QString::fromLatin1(name) + QStringLiteral(".json");
}

std::optional<SeenHead> HeadRecord::read(const QString& runId, QString* error)
{
    const QString file = fileFor(runId);
    const QFileInfo info(file);
    if (!info.exists() && !info.isSymLink())
        return std::nullopt;
    // Only a plain file is read: a FIFO or a device put there would hang or flood the reader.
    if (info.isSymLink() || !info.isFile()) {
        if (error)
            *error = QStringLiteral("%1 is not a plain file; it is ignored")
                         .arg(QDir::toNativeSeparators(file));
        return std::nullopt;
    }
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2")
                         .arg(QDir::toNativeSeparators(file), f.errorString());
        return std::nullopt;
    }
    const QByteArray bytes = f.read(kMaxRecordBytes + 1);
    QJsonParseError parseError;
    const QJsonObject o = QJsonDocument::fromJson(bytes, &parseError).object();
    SeenHead seen;
    seen.head = o.value(QStringLiteral("head")).toString().toLatin1();
    seen.eventCount = o.value(QStringLiteral("events")).toInteger(-1);
    seen.seenUtc =
        QDateTime::fromString(o.value(QStringLiteral("seen")).toString(), Qt::ISODateWithMs)
            .toUTC();
    seen.path = o.value(QStringLiteral("path")).toString();
    if (bytes.size() > kMaxRecordBytes || parseError.error != QJsonParseError::NoError ||
        o.value(QStringLiteral("run")).toString() != runId || seen.eventCount < 0 ||
        seen.head.size() != 64) {
        if (error)
            *error = QStringLiteral("%1 is not a record golive wrote; it is ignored")
                         .arg(QDir::toNativeSeparators(file));
        return std::nullopt;
    }
    return seen;
}

bool HeadRecord::write(const QString& runId, const SeenHead& seen, bool rebase, QString* error)
{
    if (!rebase) {
        const std::optional<SeenHead> known = read(runId);
        if (known && (known->eventCount > seen.eventCount ||
                      (known->eventCount == seen.eventCount && known->head == seen.head)))
            return true; // nothing newer to record
    }
    const QString file = fileFor(runId);
    const auto failed = [&](const QString& why) {
        if (error)
            *error = QStringLiteral("could not record the head seen of run %1 in %2: %3")
                         .arg(runId, QDir::toNativeSeparators(file), why);
        return false;
    };
    if (!QDir().mkpath(directory()))
        return failed(QStringLiteral("cannot create the folder"));
    const QJsonObject o{
        {QStringLiteral("run"), runId},
        {QStringLiteral("head"), QString::fromLatin1(seen.head)},
        {QStringLiteral("events"), seen.eventCount},
        {QStringLiteral("seen"), seen.seenUtc.toUTC().toString(kTimeFormat)},
        {QStringLiteral("path"), seen.path},
    };
    // Written whole to a new file beside it, then renamed over it: a reader sees the old record
    // or the new one, never half of one. Not synced to disk: the record is written after every
    // sign-off, and a second fsync would double what a sign-off costs; a power cut may lose the
    // last record (this computer then knows an older head), never the run's own events.
    QTemporaryFile f(file + QStringLiteral(".XXXXXX"));
    if (!f.open())
        return failed(f.errorString());
    const QByteArray bytes = QJsonDocument(o).toJson(QJsonDocument::Compact);
    if (f.write(bytes) != bytes.size() || !f.flush())
        return failed(f.errorString());
    if (::rename(QFile::encodeName(f.fileName()).constData(),
                 QFile::encodeName(file).constData()) != 0)
        return failed(qt_error_string(errno));
    f.setAutoRemove(false);
    return true;
}

} // namespace golive
