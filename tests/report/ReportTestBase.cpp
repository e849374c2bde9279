// The seed run the report tests read, and where they keep what they write.
#include "ReportTestBase.h"

#include "ChecklistReport.h"
#include "ReportTestUtil.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTest>

namespace golive::test {

QString ReportTestBase::keep(const QString& pdf) const
{
    const QString dir = qEnvironmentVariable("GOLIVE_REPORT_KEEP");
    if (!dir.isEmpty()) {
        QDir().mkpath(dir);
        const QString to = dir + QLatin1Char('/') + QFileInfo(pdf).fileName();
        QFile::remove(to);
        QFile::copy(pdf, to);
    }
    return pdf;
}

void ReportTestBase::keepBytes(const QString& name, const QByteArray& bytes) const
{
    const QString dir = qEnvironmentVariable("GOLIVE_REPORT_KEEP");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QFile f(dir + QLatin1Char('/') + name);
    if (f.open(QIODevice::WriteOnly))
        f.write(bytes);
}

void ReportTestBase::makeSeedRun()
{
    // Runs opened here record the heads they saw: in the test folder, never the user's.
    QStandardPaths::setTestModeEnabled(true);
    for (const char* tool : {"pdftotext", "pdfinfo", "pdftoppm", "zbarimg"}) {
        if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
            QFAIL(qPrintable(QStringLiteral("%1 is not installed (packaging/install-deps.sh: "
                                            "poppler-utils, zbar-tools)")
                                 .arg(QString::fromLatin1(tool))));
    }
    QVERIFY(m_dir.isValid());
    m_seedRun = m_dir.filePath(QStringLiteral("seed.golive"));
    QString error;
    auto run =
        RunFile::create(m_seedRun, seedText(), QStringLiteral("summit-go-live-runbook.md"), &error);
    QVERIFY2(run, qPrintable(error));

    const Signer& rc = signers().at(0);
    const Signer& ic = signers().at(1);
    // Fields: the two people, the window, the branch; the channel stays unfilled.
    const QHash<QString, QString> values{
        {QStringLiteral("owner"), rc.name},
        {QStringLiteral("incident-commander"), ic.name},
        {QStringLiteral("go-live-date"), QStringLiteral("2026-05-01")},
        {QStringLiteral("start"), QStringLiteral("2026-05-01 06:00 UTC")},
        {QStringLiteral("end"), QStringLiteral("2026-05-01 10:00 UTC")},
        {QStringLiteral("branch-name"), QStringLiteral("release/v2.4.0")},
    };
    for (const RunbookField& f : run->runbook().fields) {
        if (f.isPlaceholder && values.contains(f.key))
            QVERIFY(append(*run, EventKind::FieldFilled, {}, rc, values.value(f.key), f.key));
    }

    // Most items signed by turns; two N/A, one blocked, the last three open; a revoked and
    // re-signed one; notes. An item the run's rules refuse now (e.g. a cutover step before the
    // GO decision) stays open: the report shows what the ledger holds.
    const QList<const RunbookItem*> items = run->runbook().allItems();
    QVERIFY(items.size() > 20);
    int refused = 0;
    int signedCount = 0;
    for (int i = 0; i < items.size(); ++i) {
        const RunbookItem& item = *items.at(i);
        if (item.checkedInTemplate)
            continue;
        const Signer who = signerFor(item, i);
        if (i >= items.size() - 3)
            continue; // open
        if (i == 5 || i == 17) {
            QVERIFY(append(*run, EventKind::NotApplicable, item.id, who,
                           QStringLiteral("not part of this release: the service is not deployed "
                                          "in this region")));
        } else if (i == 11) {
            QVERIFY(append(*run, EventKind::Blocked, item.id, who,
                           QStringLiteral("waiting for the security review (ticket SEC-4411)")));
            continue;
        } else {
            if (!append(*run, EventKind::Signed, item.id, who,
                        i % 3 == 0 ? QStringLiteral("checked on the dashboards, all green; "
                                                    "evidence in the war-room channel")
                                   : QString(),
                        {}, &refused))
                continue;
            ++signedCount;
            m_usedSigners.insert(who.name);
        }
        if (i == 2) {
            QVERIFY(
                append(*run, EventKind::Revoked, item.id, who, QStringLiteral("signed too early")));
            QVERIFY(append(*run, EventKind::Signed, item.id, who,
                           QStringLiteral("re-checked after the backup finished")));
        }
        if (i == 8)
            QVERIFY(append(*run, EventKind::NoteAdded, item.id, signers().at(3),
                           QStringLiteral("restore took 14 minutes")));
    }
    QVERIFY2(signedCount >= items.size() / 2,
             qPrintable(QStringLiteral("only %1 of %2 items signed (%3 refused)")
                            .arg(signedCount)
                            .arg(items.size())
                            .arg(refused)));
    QVERIFY(run->checkpoint(&error));
    run.reset();
    m_run = RunFile::open(m_seedRun, RunFile::Access::ReadOnly, &error);
    QVERIFY2(m_run, qPrintable(error));
    QVERIFY(m_run->verification().intact());
    QVERIFY(m_usedSigners.size() == signers().size());
}

void ReportTestBase::closeSeedRun()
{
    m_run.reset();
}

QString ReportTestBase::writeSeedPdf(QPageSize::PageSizeId size)
{
    const QString name = QPageSize::key(size);
    if (m_pdfs.contains(name))
        return m_pdfs.value(name);
    const QString path = m_dir.filePath(QStringLiteral("seed-%1.pdf").arg(name));
    ReportInput in = ReportInput::fromRunFile(*m_run);
    in.generatedAtUtc = QDateTime(QDate(2026, 5, 1), QTime(11, 0), Qt::UTC);
    QString error;
    if (!writePdf(in, path, size, &error)) {
        qWarning("writePdf: %s", qPrintable(error));
        return {};
    }
    m_pdfs.insert(name, keep(path));
    return path;
}

} // namespace golive::test
