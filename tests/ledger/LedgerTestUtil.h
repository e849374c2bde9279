// Shared helpers of the ledger tests: a hand-built runbook, events, and file fingerprints.
#pragma once

#include "RunState.h"
#include "Runbook.h"
#include "RunbookBuilders.h"
#include "SignOffEvent.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <cstring>
#include <vector>

namespace golive::test {

// Two sections shaped like the seed runbook, with a nested item, a pre-checked item, a
// role-restricted item, a placeholder field and a fixed field.
inline Runbook makeRunbook()
{
    Runbook rb;
    rb.title = QStringLiteral("Test Go-Live Runbook");
    RunbookField owner;
    owner.key = QStringLiteral("owner");
    owner.label = QStringLiteral("Owner");
    owner.templateValue = QStringLiteral("[Release Captain Name]");
    owner.isPlaceholder = true;
    RunbookField version;
    version.key = QStringLiteral("version");
    version.label = QStringLiteral("Version");
    version.templateValue = QStringLiteral("1.0");
    rb.fields = {owner, version};

    RunbookSection s1;
    s1.number = QStringLiteral("1");
    s1.title = QStringLiteral("Production Readiness");
    RunbookGroup g1;
    g1.items = {
        makeItem(QStringLiteral("1.1"), QStringLiteral("Infrastructure Stand-up Complete")),
        makeItem(QStringLiteral("1.2"), QStringLiteral("Data Stores Ready & Backed Up"),
                 {makeItem(QStringLiteral("1.2.1"), QStringLiteral("PostgreSQL"),
                           {makeItem(QStringLiteral("1.2.1.1"), QStringLiteral("Backup")),
                            makeItem(QStringLiteral("1.2.1.2"), QStringLiteral("Restore drill"))}),
                  makeItem(QStringLiteral("1.2.2"), QStringLiteral("Redis"), {}, true)}),
    };
    s1.groups = {g1};

    RunbookSection s4;
    s4.number = QStringLiteral("4");
    s4.title = QStringLiteral("Cutover");
    RunbookGroup g4;
    g4.title = QStringLiteral("Go / No-Go");
    g4.items = {
        makeItem(QStringLiteral("4.1"), QStringLiteral("War room staffed")),
        makeItem(QStringLiteral("4.2"), QStringLiteral("Go decision"), {}, false,
                 QStringLiteral("incident-commander")),
    };
    s4.groups = {g4};
    rb.sections = {s1, s4};
    return rb;
}

inline SignOffEvent makeEvent(EventKind kind, const QString& itemId, const QString& name, Role role,
                              const QString& text = {})
{
    SignOffEvent e;
    e.kind = kind;
    e.itemId = itemId;
    e.text = text;
    e.actor = Actor::local(name, role);
    return e;
}

// What a file is, byte for byte and by modification time: a refused open must leave it so.
struct Fingerprint
{
    bool exists = false;
    QByteArray sha256;
    qint64 size = -1;
    QDateTime mtime;
    bool operator==(const Fingerprint&) const = default;
};

inline Fingerprint fingerprint(const QString& path)
{
    Fingerprint f;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return f;
    f.exists = true;
    f.sha256 = QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
    f.size = file.size();
    f.mtime = QFileInfo(path).fileTime(QFileDevice::FileModificationTime);
    return f;
}

inline QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Runs a test object (the ledger tests have mains of their own: tst_crashsafety's child mode).
inline int runTests(QObject* test, int argc, char** argv)
{
    return QTest::qExec(test, argc, argv);
}

} // namespace golive::test
