// The seed run the report tests read: made once per test executable from the bundled
// runbook, signed by turns, held open read-only.
//
// Set GOLIVE_REPORT_KEEP=DIR to keep the PDFs the cases write (to look at them).
#pragma once

#include "RunFile.h"

#include <QHash>
#include <QObject>
#include <QPageSize>
#include <QSet>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace golive::test {

class ReportTestBase : public QObject
{
protected:
    // Checks the tools that read the PDF back are installed, then makes the seed run: call it
    // from initTestCase.
    void makeSeedRun();
    // Call from cleanupTestCase.
    void closeSeedRun();

    QString keep(const QString& pdf) const;
    void keepBytes(const QString& name, const QByteArray& bytes) const;
    QString writeSeedPdf(QPageSize::PageSizeId size);

    QTemporaryDir m_dir;
    QString m_seedRun;
    std::unique_ptr<RunFile> m_run; // the seed run, held open read-only for its state
    QSet<QString> m_usedSigners;
    QHash<QString, QString> m_pdfs; // page size name -> path
};

} // namespace golive::test
