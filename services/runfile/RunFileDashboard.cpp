// The dashboards a run file keeps: the one embedded at creation and one per dashboard-set
// event, each as exact bytes checked against their SHA-256, none ever overwritten.
#include "RunFile.h"

#include "Dashboard.h"
#include "runfile/RunFileCommon.h"

#include <QCryptographicHash>
#include <QSqlQuery>

namespace golive {

using namespace runfile;

namespace {

// Meta keys: the dashboard embedded at creation (as the runbook is), and the bytes of each
// dashboard a dashboard-set event names, keyed by their SHA-256 so no version replaces another.
const QLatin1String kEmbeddedText("dashboard_text");
const QLatin1String kEmbeddedSha("dashboard_sha256");
const QLatin1String kEmbeddedName("dashboard_name");

QString versionKey(const QString& sha256)
{
    return QStringLiteral("dashboard_text_") + sha256;
}

QString sha256Of(const QByteArray& bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

RunDashboardVersion RunDashboardVersion::of(const QByteArray& bytes, const QString& name)
{
    return {bytes, sha256Of(bytes), name, 0};
}

bool RunFile::loadDashboards(const QHash<QString, QVariant>& meta,
                             const QList<SignOffEvent>& events, QString* error)
{
    m_dashboards.clear();
    if (meta.contains(kEmbeddedText) || meta.contains(kEmbeddedSha)) {
        const QString name = meta.value(kEmbeddedName).toString();
        const RunDashboardVersion v =
            RunDashboardVersion::of(meta.value(kEmbeddedText).toByteArray(), name);
        if (v.sha256 != meta.value(kEmbeddedSha).toString())
            return refuse(error, QStringLiteral("%1: the dashboard %2 stored in it does not match "
                                                "its recorded SHA-256 (the embedded dashboard was "
                                                "changed after the run was created). golive did "
                                                "not change it.")
                                     .arg(shown(m_path), name));
        m_dashboards.append(v);
    }
    for (const SignOffEvent& e : events) {
        if (e.kind != EventKind::DashboardSet)
            continue;
        const QVariant stored = meta.value(versionKey(e.fieldKey));
        RunDashboardVersion v = RunDashboardVersion::of(stored.toByteArray(), e.text);
        v.seq = e.seq;
        if (!stored.isValid() || v.sha256 != e.fieldKey)
            return refuse(error,
                          QStringLiteral("%1: the dashboard %2 that event #%3 made the run's %4 "
                                         "(the stored dashboard was changed or removed after it "
                                         "was recorded). golive did not change it.")
                              .arg(shown(m_path), e.text)
                              .arg(e.seq)
                              .arg(stored.isValid() ? QStringLiteral("does not match its "
                                                                     "recorded SHA-256")
                                                    : QStringLiteral("is missing")));
        m_dashboards.append(v);
    }
    return true;
}

bool RunFile::storeDashboard(const SignOffEvent& event, const QByteArray* bytes, QString* words)
{
    if (!bytes) {
        *words = QStringLiteral("a dashboard-set event needs the dashboard itself");
        return false;
    }
    if (sha256Of(*bytes) != event.fieldKey) {
        *words = QStringLiteral("the dashboard %1 does not match the SHA-256 the event records")
                     .arg(event.text);
        return false;
    }
    QString invalid;
    if (!Dashboard::fromJson(*bytes, event.text, &invalid)) {
        *words = invalid.isEmpty() ? QStringLiteral("%1 is not a valid dashboard").arg(event.text)
                                   : invalid;
        return false;
    }
    // The same bytes may be set again (a return to an earlier dashboard): they are kept once,
    // under their SHA-256, and never replaced by anything else.
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"))) {
        *words = sqlWords(q.lastError());
        return false;
    }
    q.bindValue(0, versionKey(event.fieldKey));
    if (!q.exec()) {
        *words = sqlWords(q.lastError());
        return false;
    }
    if (q.next()) {
        if (q.value(0).toByteArray() == *bytes)
            return true;
        *words = QStringLiteral("the run file holds other bytes under the SHA-256 of %1 (changed "
                                "by hand); they were not replaced")
                     .arg(event.text);
        return false;
    }
    q.finish();
    if (!q.prepare(QStringLiteral("INSERT INTO meta(key, value) VALUES(?, ?)"))) {
        *words = sqlWords(q.lastError());
        return false;
    }
    q.bindValue(0, versionKey(event.fieldKey));
    q.bindValue(1, *bytes);
    if (!q.exec()) {
        *words = sqlWords(q.lastError());
        return false;
    }
    return true;
}

} // namespace golive
