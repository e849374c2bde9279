// The signed checklist report: PDF (read back with poppler's pdftotext / pdfinfo / pdftoppm and
// zbar's zbarimg, as an auditor's tools would), Markdown and JSON, from real run files.
//
// Set GOLIVE_REPORT_KEEP=DIR to keep the PDFs the cases write (to look at them).
#include "ChecklistReport.h"
#include "ExportTarget.h"
#include "RunFile.h"

#include "../ledger/LedgerTestUtil.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPrinter>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace golive;

namespace {

// 15 mm, as writePdf() sets, in PDF points.
constexpr double kMarginPt = 15.0 / 25.4 * 72.0;

struct Tool
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Tool runTool(const QString& program, const QStringList& args, int timeoutMs = 60000)
{
    QProcess p;
    p.start(program, args);
    Tool t;
    if (!p.waitForStarted(10000)) {
        t.err = "could not start " + program.toUtf8();
        return t;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        t.err = program.toUtf8() + " timed out";
        return t;
    }
    t.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    t.out = p.readAllStandardOutput();
    t.err = p.readAllStandardError();
    return t;
}

// Text with every whitespace character removed: a title that wrapped anywhere still matches.
QString squeezed(const QString& s)
{
    QString out;
    out.reserve(s.size());
    for (const QChar c : s) {
        if (!c.isSpace())
            out += c;
    }
    return out;
}

QString pdfText(const QString& pdf, int page = 0)
{
    QStringList args{QStringLiteral("-raw"), QStringLiteral("-enc"), QStringLiteral("UTF-8")};
    if (page > 0)
        args << QStringLiteral("-f") << QString::number(page) << QStringLiteral("-l")
             << QString::number(page);
    args << pdf << QStringLiteral("-");
    const Tool t = runTool(QStringLiteral("pdftotext"), args);
    return t.exitCode == 0 ? QString::fromUtf8(t.out) : QString();
}

struct PdfInfo
{
    int pages = 0;
    double width = 0; // points
    double height = 0;
    QString title;
    QString creator;
};

PdfInfo pdfInfo(const QString& pdf)
{
    PdfInfo info;
    const Tool t = runTool(QStringLiteral("pdfinfo"), {pdf});
    const QString text = QString::fromUtf8(t.out);
    const QRegularExpression pages(QStringLiteral("^Pages:\\s+(\\d+)"),
                                   QRegularExpression::MultilineOption);
    const QRegularExpression size(QStringLiteral("^Page size:\\s+([\\d.]+) x ([\\d.]+) pts"),
                                  QRegularExpression::MultilineOption);
    const QRegularExpression title(QStringLiteral("^Title:\\s+(.*)$"),
                                   QRegularExpression::MultilineOption);
    const QRegularExpression creator(QStringLiteral("^Creator:\\s+(.*)$"),
                                     QRegularExpression::MultilineOption);
    if (const auto m = pages.match(text); m.hasMatch())
        info.pages = m.captured(1).toInt();
    if (const auto m = size.match(text); m.hasMatch()) {
        info.width = m.captured(1).toDouble();
        info.height = m.captured(2).toDouble();
    }
    if (const auto m = title.match(text); m.hasMatch())
        info.title = m.captured(1).trimmed();
    if (const auto m = creator.match(text); m.hasMatch())
        info.creator = m.captured(1).trimmed();
    return info;
}

struct WordBox
{
    int page = 0;
    double pageWidth = 0;
    double pageHeight = 0;
    double xMin = 0, yMin = 0, xMax = 0, yMax = 0;
    QString text;
};

QList<WordBox> wordBoxes(const QString& pdf)
{
    const Tool t =
        runTool(QStringLiteral("pdftotext"), {QStringLiteral("-bbox"), pdf, QStringLiteral("-")});
    const QString html = QString::fromUtf8(t.out);
    const QRegularExpression pageRe(
        QStringLiteral("<page width=\"([\\d.]+)\" height=\"([\\d.]+)\">"));
    const QRegularExpression wordRe(QStringLiteral(
        "<word xMin=\"([-\\d.]+)\" yMin=\"([-\\d.]+)\" xMax=\"([-\\d.]+)\" yMax=\"([-\\d.]+)\">"
        "([^<]*)</word>"));
    QList<WordBox> boxes;
    int page = 0;
    double w = 0;
    double h = 0;
    qsizetype from = 0;
    while (true) {
        const auto pm = pageRe.match(html, from);
        const auto wm = wordRe.match(html, from);
        if (!pm.hasMatch() && !wm.hasMatch())
            break;
        if (pm.hasMatch() && (!wm.hasMatch() || pm.capturedStart() < wm.capturedStart())) {
            ++page;
            w = pm.captured(1).toDouble();
            h = pm.captured(2).toDouble();
            from = pm.capturedEnd();
            continue;
        }
        boxes.append({page, w, h, wm.captured(1).toDouble(), wm.captured(2).toDouble(),
                      wm.captured(3).toDouble(), wm.captured(4).toDouble(), wm.captured(5)});
        from = wm.capturedEnd();
    }
    return boxes;
}

struct Signer
{
    QString name;
    Role role;
};

const QList<Signer>& signers()
{
    static const QList<Signer> s{
        {QStringLiteral("Ana Lima"), Role::ReleaseCaptain},
        {QStringLiteral("Marcus Oyelaran-Beckett"), Role::IncidentCommander},
        {QStringLiteral("Priya Raman"), Role::Engineer},
        {QStringLiteral("Jonas Weber"), Role::Engineer},
    };
    return s;
}

// Appends an event; a refusal fails the test unless `refused` is given (then it is counted).
bool append(RunFile& run, EventKind kind, const QString& id, const Signer& who,
            const QString& text = {}, const QString& field = {}, int* refused = nullptr)
{
    SignOffEvent e;
    e.kind = kind;
    e.itemId = id;
    e.fieldKey = field;
    e.text = text;
    e.actor = Actor::local(who.name, who.role);
    QString error;
    if (!run.append(e, &error)) {
        if (refused)
            ++*refused;
        else
            qWarning("append %s %s: %s", qPrintable(eventKindName(kind)), qPrintable(id),
                     qPrintable(error));
        return false;
    }
    return true;
}

Signer signerFor(const RunbookItem& item, int i)
{
    if (!item.requiredRole.isEmpty()) {
        for (const Signer& s : signers()) {
            if (roleName(s.role) == item.requiredRole)
                return s;
        }
    }
    return signers().at(i % signers().size());
}

QByteArray seedText()
{
    return test::readAll(QStringLiteral(GOLIVE_SEED_RUNBOOK));
}

} // namespace

class TstReport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void seedRunPdfHasEveryTitleAndSigner_data();
    void seedRunPdfHasEveryTitleAndSigner();
    void everyPageIsNumberedAndCarriesTheHead_data();
    void everyPageIsNumberedAndCarriesTheHead();
    void qrOnTheLastPageDecodesToRunAndHead_data();
    void qrOnTheLastPageDecodesToRunAndHead();
    void headIsWhatGoliveVerifyAccepts();
    void metadataAndPageSize();
    void longTextsStayInsideTheMargins_data();
    void longTextsStayInsideTheMargins();
    void emptyRunRendersWithGenesisHead();
    void printerDeviceWorks();
    void fullPagePrinterKeepsTheMargins();
    void brokenLedgerIsShown();
    void markdownHasEveryTitleAndSigner();
    void jsonHoldsTheWholeLedger();
    void unwritablePathFailsAndSaysWhy();
    void signerStandsOnTheItemsOwnRow();
    void signatureBlocksCarryThePrintedNames();
    void writePdfRefusesTheRunAndOtherRuns();
    void cleanupTestCase();

private:
    QString keep(const QString& pdf) const;
    void keepBytes(const QString& name, const QByteArray& bytes) const;
    QString writeSeedPdf(QPageSize::PageSizeId size);

    QTemporaryDir m_dir;
    QString m_seedRun;
    std::unique_ptr<RunFile> m_run; // the seed run, held open read-only for its state
    QSet<QString> m_usedSigners;
    QHash<QString, QString> m_pdfs; // page size name -> path
};

QString TstReport::keep(const QString& pdf) const
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

void TstReport::keepBytes(const QString& name, const QByteArray& bytes) const
{
    const QString dir = qEnvironmentVariable("GOLIVE_REPORT_KEEP");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QFile f(dir + QLatin1Char('/') + name);
    if (f.open(QIODevice::WriteOnly))
        f.write(bytes);
}

void TstReport::initTestCase()
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

void TstReport::cleanupTestCase()
{
    m_run.reset();
}

QString TstReport::writeSeedPdf(QPageSize::PageSizeId size)
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

void TstReport::seedRunPdfHasEveryTitleAndSigner_data()
{
    QTest::addColumn<int>("size");
    QTest::newRow("A4") << int(QPageSize::A4);
    QTest::newRow("Letter") << int(QPageSize::Letter);
}

void TstReport::seedRunPdfHasEveryTitleAndSigner()
{
    QFETCH(int, size);
    const QString pdf = writeSeedPdf(QPageSize::PageSizeId(size));
    QVERIFY(!pdf.isEmpty());
    const QString text = squeezed(pdfText(pdf));
    QVERIFY(!text.isEmpty());

    const RunState& state = m_run->state();
    const auto valueOf = [&state](const QString& key) { return state.fieldValue(key); };
    for (const RunbookItem* item : m_run->runbook().allItems()) {
        const QString title = renderPlain(item->title, m_run->runbook(), valueOf);
        QVERIFY2(
            text.contains(squeezed(title)),
            qPrintable(QStringLiteral("item %1 \"%2\" is not in the PDF").arg(item->id, title)));
        QVERIFY2(text.contains(squeezed(item->id)), qPrintable(item->id));
    }
    for (const QString& name : m_usedSigners)
        QVERIFY2(text.contains(squeezed(name)), qPrintable(name));
    // Filled fields and the people who sign.
    QVERIFY(text.contains(squeezed(QStringLiteral("release/v2.4.0"))));
    QVERIFY(text.contains(squeezed(QStringLiteral("2026-05-01 06:00 UTC"))));
    QVERIFY(text.contains(squeezed(QStringLiteral("IncidentCommander"))));
    QVERIFY(text.contains(squeezed(QStringLiteral("ReleaseCaptain"))));
    // Unsigned items say so; notes and reasons are there; the appendix and summary exist.
    QVERIFY(text.contains(QStringLiteral("OPEN")));
    QVERIFY(text.contains(QStringLiteral("BLOCKED")));
    QVERIFY(text.contains(QStringLiteral("NOTSIGNED")));
    QVERIFY(text.contains(squeezed(QStringLiteral("waiting for the security review (ticket "
                                                  "SEC-4411)"))));
    QVERIFY(text.contains(squeezed(QStringLiteral("restore took 14 minutes"))));
    QVERIFY(text.contains(squeezed(QStringLiteral("Appendix: the event history"))));
    QVERIFY(text.contains(squeezed(QStringLiteral("Not applicable"))));
    // Every event is in the appendix with its short hash.
    for (const SignOffEvent& e : m_run->events())
        QVERIFY2(text.contains(QString::fromLatin1(e.hash.left(12))),
                 QByteArray::number(e.seq).constData());
    // Details under items (with filled placeholders).
    QVERIFY(text.contains(squeezed(QStringLiteral("Final pre-launch backup complete."))));
    QVERIFY(text.contains(squeezed(QStringLiteral("Re-enable maintenance mode."))));
}

void TstReport::everyPageIsNumberedAndCarriesTheHead_data()
{
    seedRunPdfHasEveryTitleAndSigner_data();
}

void TstReport::everyPageIsNumberedAndCarriesTheHead()
{
    QFETCH(int, size);
    const QString pdf = writeSeedPdf(QPageSize::PageSizeId(size));
    QVERIFY(!pdf.isEmpty());
    const PdfInfo info = pdfInfo(pdf);
    QVERIFY2(info.pages >= 3, qPrintable(QString::number(info.pages)));
    const QString shortHead = QString::fromLatin1(m_run->headHash().left(12));
    const QString title = m_run->runbook().title;
    for (int page = 1; page <= info.pages; ++page) {
        const QString text = pdfText(pdf, page);
        const QString expected = QStringLiteral("Page %1 of %2").arg(page).arg(info.pages);
        QVERIFY2(text.contains(expected), qPrintable(QStringLiteral("page %1: no \"%2\" in:\n%3")
                                                         .arg(page)
                                                         .arg(expected, text.left(400))));
        QVERIFY2(text.contains(QStringLiteral("ledger head ") + shortHead),
                 qPrintable(QStringLiteral("page %1 lacks the head").arg(page)));
        QVERIFY2(text.contains(title),
                 qPrintable(QStringLiteral("page %1 lacks the title").arg(page)));
        // No other page number is claimed on this page.
        const QRegularExpression any(QStringLiteral("Page (\\d+) of (\\d+)"));
        for (auto it = any.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            QCOMPARE(m.captured(1).toInt(), page);
            QCOMPARE(m.captured(2).toInt(), info.pages);
        }
    }
    // The sign-off is on the last page, and only there.
    QVERIFY(pdfText(pdf, info.pages).contains(QStringLiteral("Sign-off")));
    QVERIFY(pdfText(pdf, info.pages).contains(QStringLiteral("Printed name")));
    QVERIFY(!pdfText(pdf, 1).contains(QStringLiteral("Printed name")));
}

void TstReport::qrOnTheLastPageDecodesToRunAndHead_data()
{
    seedRunPdfHasEveryTitleAndSigner_data();
}

void TstReport::qrOnTheLastPageDecodesToRunAndHead()
{
    QFETCH(int, size);
    const QString pdf = writeSeedPdf(QPageSize::PageSizeId(size));
    QVERIFY(!pdf.isEmpty());
    const int last = pdfInfo(pdf).pages;
    const QString png = m_dir.filePath(QStringLiteral("last-%1").arg(size));
    const Tool render =
        runTool(QStringLiteral("pdftoppm"),
                {QStringLiteral("-r"), QStringLiteral("150"), QStringLiteral("-png"),
                 QStringLiteral("-f"), QString::number(last), QStringLiteral("-l"),
                 QString::number(last), QStringLiteral("-singlefile"), pdf, png});
    QVERIFY2(render.exitCode == 0, render.err.constData());
    const Tool scan =
        runTool(QStringLiteral("zbarimg"),
                {QStringLiteral("--raw"), QStringLiteral("-q"), png + QStringLiteral(".png")});
    QVERIFY2(scan.exitCode == 0, scan.err.constData());
    const QString decoded = QString::fromUtf8(scan.out).trimmed();
    const QString expected = QStringLiteral("golive:run=%1;head=%2")
                                 .arg(m_run->runId(), QString::fromLatin1(m_run->headHash()));
    QCOMPARE(decoded, expected);
    QCOMPARE(m_run->headHash().size(), 64);
    // And the full head is printed under it.
    QVERIFY(squeezed(pdfText(pdf, last)).contains(QString::fromLatin1(m_run->headHash())));
}

void TstReport::headIsWhatGoliveVerifyAccepts()
{
    const ReportInput in = ReportInput::fromRunFile(*m_run);
    QCOMPARE(reportHead(in), m_run->headHash());
    QCOMPARE(reportHead(in), m_run->events().constLast().hash);
    QCOMPARE(reportQrPayload(in), QStringLiteral("golive:run=%1;head=%2")
                                      .arg(m_run->runId(), QString::fromLatin1(m_run->headHash())));
    QTemporaryDir home;
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(GOLIVE_BINARY),
            {QStringLiteral("verify"), QStringLiteral("--run"), m_seedRun,
             QStringLiteral("--expect-head"), QString::fromLatin1(reportHead(in))});
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
}

void TstReport::metadataAndPageSize()
{
    const PdfInfo a4 = pdfInfo(writeSeedPdf(QPageSize::A4));
    QVERIFY(qAbs(a4.width - 595.28) < 1 && qAbs(a4.height - 841.89) < 1);
    QVERIFY2(a4.title.contains(m_run->runbook().title), qPrintable(a4.title));
    QVERIFY2(a4.creator.startsWith(QStringLiteral("golive")), qPrintable(a4.creator));
    const PdfInfo letter = pdfInfo(writeSeedPdf(QPageSize::Letter));
    QVERIFY(qAbs(letter.width - 612) < 1 && qAbs(letter.height - 792) < 1);
}

void TstReport::longTextsStayInsideTheMargins_data()
{
    seedRunPdfHasEveryTitleAndSigner_data();
}

void TstReport::longTextsStayInsideTheMargins()
{
    QFETCH(int, size);
    const QString hash300 = QString::fromLatin1(QByteArray(150, 'x').toHex()).left(300);
    QString unbroken;
    for (int i = 0; unbroken.size() < 300; ++i)
        unbroken += QString::number(i % 10) + QStringLiteral("abcdef");
    unbroken.truncate(300);
    const QString longTitle =
        QStringLiteral("Confirm that every one of the forty-two regional edge clusters, including "
                       "the ones in the two newly added sovereign-cloud regions and the "
                       "disaster-recovery standby in the secondary data centre, reports healthy "
                       "replication lag below the agreed threshold for at least thirty minutes "
                       "before the traffic switch");
    const QString url = QStringLiteral("https://example.com/") + QString(180, QLatin1Char('a')) +
                        QStringLiteral("/evidence");
    // An item with more details than a page holds: its row is sliced between pages.
    QString steps;
    for (int i = 1; i <= 150; ++i)
        steps += QStringLiteral("  - Procedure step %1 of the long drill: confirm the replica "
                                "set and record the lag\n")
                     .arg(i);
    const QByteArray runbook =
        QStringLiteral("# An Exceptionally Long Go-Live Runbook Title For The Quarterly Migration "
                       "Of Every Customer-Facing Payment Service To The New Platform, Phase "
                       "Two\n\n**Owner:** [Release Captain Name]\n\n## 1. Checks\n\n"
                       "- [ ] **%1:**\n  - Evidence: %2\n- [ ] %3\n- [ ] Short one\n"
                       "- [ ] **Huge drill:**\n%4")
            .arg(longTitle, url, QString(160, QLatin1Char('W')), steps)
            .toUtf8();
    const QString path = m_dir.filePath(QStringLiteral("long-%1.golive").arg(size));
    QString error;
    auto run = RunFile::create(path, runbook, QStringLiteral("long.md"), &error);
    QVERIFY2(run, qPrintable(error));
    const Signer longName{QStringLiteral("Maximiliane Alexandra Konstantinopoulou-Wittgenstein"),
                          Role::ReleaseCaptain};
    QVERIFY(
        append(*run, EventKind::FieldFilled, {}, longName, longName.name, QStringLiteral("owner")));
    const QList<const RunbookItem*> items = run->runbook().allItems();
    QCOMPARE(items.size(), 4);
    QVERIFY(append(*run, EventKind::Signed, items.at(0)->id, longName, unbroken));
    QVERIFY(append(*run, EventKind::Blocked, items.at(1)->id, longName, hash300));
    QVERIFY(append(*run, EventKind::NoteAdded, items.at(2)->id, longName,
                   QStringLiteral("see ") + url));

    ReportInput in = ReportInput::fromRunFile(*run);
    const QString pdf = m_dir.filePath(QStringLiteral("long-%1.pdf").arg(size));
    QVERIFY2(writePdf(in, pdf, QPageSize::PageSizeId(size), &error), qPrintable(error));
    keep(pdf);

    const QList<WordBox> boxes = wordBoxes(pdf);
    QVERIFY(boxes.size() > 100);
    QVERIFY(pdfInfo(pdf).pages >= 5);
    const double tolerance = 0.75;
    // The header band (6 mm), the body (from 9.5 mm under the top margin to 9.5 mm over the
    // bottom one) and the footer band: a word lies in one of them, never across a boundary
    // (a line cut where a row is sliced between pages would).
    const double mmPt = 72.0 / 25.4;
    for (const WordBox& b : boxes) {
        const QString where = QStringLiteral("page %1 word \"%2\" at (%3,%4)-(%5,%6) on %7x%8")
                                  .arg(b.page)
                                  .arg(b.text)
                                  .arg(b.xMin)
                                  .arg(b.yMin)
                                  .arg(b.xMax)
                                  .arg(b.yMax)
                                  .arg(b.pageWidth)
                                  .arg(b.pageHeight);
        QVERIFY2(b.xMin >= 0 && b.yMin >= 0 && b.xMax <= b.pageWidth && b.yMax <= b.pageHeight,
                 qPrintable(QStringLiteral("off the page: ") + where));
        QVERIFY2(b.xMin >= kMarginPt - tolerance && b.xMax <= b.pageWidth - kMarginPt + tolerance &&
                     b.yMin >= kMarginPt - tolerance &&
                     b.yMax <= b.pageHeight - kMarginPt + tolerance,
                 qPrintable(QStringLiteral("in the margin: ") + where));
        const double top = kMarginPt;
        const double bottom = b.pageHeight - kMarginPt;
        const bool inHeader = b.yMax <= top + 6 * mmPt + tolerance;
        const bool inFooter = b.yMin >= bottom - 6 * mmPt - tolerance;
        const bool inBody =
            b.yMin >= top + 9.5 * mmPt - tolerance && b.yMax <= bottom - 9.5 * mmPt + tolerance;
        QVERIFY2(inHeader || inFooter || inBody,
                 qPrintable(QStringLiteral("across the header or footer: ") + where));
    }
    // Nothing was cut: the long texts are there in full.
    const QString text = squeezed(pdfText(pdf));
    QVERIFY(text.contains(unbroken));
    QVERIFY(text.contains(hash300));
    QVERIFY(text.contains(squeezed(longTitle)));
    QVERIFY(text.contains(QString(160, QLatin1Char('W'))));
    QVERIFY(text.contains(url));
    QVERIFY(text.contains(squeezed(longName.name)));
    QVERIFY(text.contains(squeezed(run->runbook().title)));
    for (int i = 1; i <= 150; ++i)
        QVERIFY2(
            text.contains(squeezed(QStringLiteral("Procedure step %1 of the long drill").arg(i))),
            qPrintable(QString::number(i)));
}

void TstReport::emptyRunRendersWithGenesisHead()
{
    const QString path = m_dir.filePath(QStringLiteral("empty.golive"));
    QString error;
    auto run = RunFile::create(path, seedText(), QStringLiteral("seed.md"), &error);
    QVERIFY2(run, qPrintable(error));
    QVERIFY(run->events().isEmpty());
    const ReportInput in = ReportInput::fromRunFile(*run);
    QCOMPARE(reportHead(in), run->genesisHash());
    QCOMPARE(reportHead(in), run->headHash());
    // Without a verification or events the head is still the genesis.
    ReportInput bare = in;
    bare.head.clear();
    bare.verification = ChainVerification();
    QCOMPARE(reportHead(bare), run->genesisHash());

    const QString pdf = m_dir.filePath(QStringLiteral("empty.pdf"));
    QVERIFY2(writePdf(in, pdf, QPageSize::A4, &error), qPrintable(error));
    keep(pdf);
    const PdfInfo info = pdfInfo(pdf);
    QVERIFY(info.pages >= 2);
    const QString last = pdfText(pdf, info.pages);
    QVERIFY(last.contains(QStringLiteral("Page %1 of %1").arg(info.pages)));
    QVERIFY(squeezed(last).contains(QString::fromLatin1(run->genesisHash())));
    QVERIFY(squeezed(pdfText(pdf)).contains(QStringLiteral("Noevents")));

    const QString png = m_dir.filePath(QStringLiteral("empty-last"));
    QCOMPARE(runTool(QStringLiteral("pdftoppm"),
                     {QStringLiteral("-r"), QStringLiteral("150"), QStringLiteral("-png"),
                      QStringLiteral("-f"), QString::number(info.pages), QStringLiteral("-l"),
                      QString::number(info.pages), QStringLiteral("-singlefile"), pdf, png})
                 .exitCode,
             0);
    const Tool scan =
        runTool(QStringLiteral("zbarimg"),
                {QStringLiteral("--raw"), QStringLiteral("-q"), png + QStringLiteral(".png")});
    QCOMPARE(QString::fromUtf8(scan.out).trimmed(),
             QStringLiteral("golive:run=%1;head=%2")
                 .arg(run->runId(), QString::fromLatin1(run->genesisHash())));

    const QByteArray md = toMarkdown(in);
    QVERIFY(md.contains("No events"));
    const QJsonObject json = QJsonDocument::fromJson(toJson(in)).object();
    QCOMPARE(json.value(QStringLiteral("head")).toString(),
             QString::fromLatin1(run->genesisHash()));
    QCOMPARE(json.value(QStringLiteral("genesis")).toString(),
             QString::fromLatin1(run->genesisHash()));
    QVERIFY(json.value(QStringLiteral("events")).toArray().isEmpty());
}

// What the window's Ctrl+P does: the same renderer on a QPrinter (here printing to PDF, on
// US Letter with the printer's own margins).
void TstReport::printerDeviceWorks()
{
    QPrinter printer(QPrinter::HighResolution);
    printer.setOutputFormat(QPrinter::PdfFormat);
    const QString pdf = m_dir.filePath(QStringLiteral("printer-letter.pdf"));
    printer.setOutputFileName(pdf);
    printer.setPageSize(QPageSize(QPageSize::Letter));
    printer.setPageMargins(QMarginsF(20, 20, 20, 20), QPageLayout::Millimeter);
    QString error;
    QVERIFY2(renderPdf(ReportInput::fromRunFile(*m_run), &printer, &error), qPrintable(error));
    keep(pdf);
    const PdfInfo info = pdfInfo(pdf);
    QVERIFY(qAbs(info.width - 612) < 1);
    QVERIFY(info.pages >= 3);
    QVERIFY(pdfText(pdf, info.pages).contains(QStringLiteral("Page %1 of %1").arg(info.pages)));
    const double margin = 20.0 / 25.4 * 72.0 - 0.75;
    for (const WordBox& b : wordBoxes(pdf)) {
        QVERIFY2(b.xMin >= margin && b.xMax <= b.pageWidth - margin && b.yMin >= margin &&
                     b.yMax <= b.pageHeight - margin,
                 qPrintable(b.text));
    }
}

// A printer that paints on the whole sheet (fullPage) still gets its margins.
void TstReport::fullPagePrinterKeepsTheMargins()
{
    QPrinter printer(QPrinter::HighResolution);
    printer.setOutputFormat(QPrinter::PdfFormat);
    const QString pdf = m_dir.filePath(QStringLiteral("printer-fullpage.pdf"));
    printer.setOutputFileName(pdf);
    printer.setPageSize(QPageSize(QPageSize::A4));
    printer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout::Millimeter);
    printer.setFullPage(true);
    QString error;
    QVERIFY2(renderPdf(ReportInput::fromRunFile(*m_run), &printer, &error), qPrintable(error));
    keep(pdf);
    const double margin = 18.0 / 25.4 * 72.0 - 0.75;
    const QList<WordBox> boxes = wordBoxes(pdf);
    QVERIFY(boxes.size() > 100);
    for (const WordBox& b : boxes) {
        QVERIFY2(b.xMin >= margin && b.xMax <= b.pageWidth - margin && b.yMin >= margin &&
                     b.yMax <= b.pageHeight - margin,
                 qPrintable(b.text));
    }
}

// A run whose ledger was changed after it was written says so on its first page.
void TstReport::brokenLedgerIsShown()
{
    if (QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty())
        QSKIP("sqlite3 is not installed (packaging/install-deps.sh)");
    const QString path = m_dir.filePath(QStringLiteral("tampered.golive"));
    QVERIFY(QFile::copy(m_seedRun, path));
    if (QFileInfo::exists(m_seedRun + QStringLiteral("-wal")))
        QVERIFY(QFile::copy(m_seedRun + QStringLiteral("-wal"), path + QStringLiteral("-wal")));
    const Tool sql =
        runTool(QStringLiteral("sqlite3"),
                {path, QStringLiteral("DROP TRIGGER IF EXISTS events_append_only_update;"
                                      "UPDATE events SET text = 'forged' WHERE seq = 3;")});
    QVERIFY2(sql.exitCode == 0, sql.err.constData());
    QString error;
    auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
    QVERIFY2(run, qPrintable(error));
    const ReportInput in = ReportInput::fromRunFile(*run);
    QVERIFY(!in.verification.intact());
    const QString pdf = m_dir.filePath(QStringLiteral("tampered.pdf"));
    QVERIFY2(writePdf(in, pdf, QPageSize::A4, &error), qPrintable(error));
    keep(pdf);
    const QString first = squeezed(pdfText(pdf, 1));
    QVERIFY(first.contains(QStringLiteral("THELEDGERDOESNOTVERIFY")));
    QVERIFY(first.contains(QStringLiteral("BROKEN")));
    QVERIFY(squeezed(pdfText(pdf)).contains(QStringLiteral("event#3:")));
    QVERIFY(QString::fromUtf8(toMarkdown(in)).contains(QStringLiteral("**BROKEN**")));
    const QJsonObject json = QJsonDocument::fromJson(toJson(in)).object();
    const QJsonObject v = json.value(QStringLiteral("verification")).toObject();
    QVERIFY(!v.value(QStringLiteral("intact")).toBool());
    QCOMPARE(v.value(QStringLiteral("breaks"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("seq"))
                 .toInteger(),
             3);
}

void TstReport::markdownHasEveryTitleAndSigner()
{
    ReportInput in = ReportInput::fromRunFile(*m_run);
    const QString md = QString::fromUtf8(toMarkdown(in));
    keepBytes(QStringLiteral("seed.md"), md.toUtf8());
    // Markdown escapes punctuation with a backslash; read it back without them.
    QString text = md;
    text.remove(QRegularExpression(QStringLiteral("\\\\(?=[[:punct:]])")));
    const RunState& state = m_run->state();
    const auto valueOf = [&state](const QString& key) { return state.fieldValue(key); };
    for (const RunbookItem* item : m_run->runbook().allItems()) {
        const QString title = renderPlain(item->title, m_run->runbook(), valueOf);
        QVERIFY2(text.contains(title), qPrintable(title));
        QVERIFY(text.contains(QStringLiteral("**%1**").arg(item->id)));
    }
    for (const QString& name : m_usedSigners)
        QVERIFY2(text.contains(name), qPrintable(name));
    QVERIFY(text.contains(QString::fromLatin1(m_run->headHash())));
    QVERIFY(text.contains(QStringLiteral("**OPEN**")));
    QVERIFY(text.contains(QStringLiteral("**BLOCKED**")));
    QVERIFY(text.contains(QStringLiteral("- [x] ")));
    QVERIFY(text.contains(QStringLiteral("- [ ] ")));
    QVERIFY(text.contains(QStringLiteral("## Appendix: the event history")));
    for (const SignOffEvent& e : m_run->events())
        QVERIFY(text.contains(QString::fromLatin1(e.hash.left(12))));
    // A note with Markdown in it is shown, not interpreted.
    ReportInput tricky = in;
    SignOffEvent e = tricky.events.constLast();
    e.seq += 1;
    e.kind = EventKind::NoteAdded;
    e.itemId = m_run->runbook().allItems().constFirst()->id;
    e.text = QStringLiteral("| pipe | *star* [link](x) <b>tag</b>\n# heading");
    tricky.events.append(e);
    const QString trickyMd = QString::fromUtf8(toMarkdown(tricky));
    QVERIFY(trickyMd.contains(
        QStringLiteral("\\| pipe \\| \\*star\\* \\[link\\](x) \\<b\\>tag\\</b\\> \\# heading")));
}

void TstReport::jsonHoldsTheWholeLedger()
{
    const ReportInput in = ReportInput::fromRunFile(*m_run);
    QJsonParseError parseError;
    const QByteArray bytes = toJson(in);
    keepBytes(QStringLiteral("seed.json"), bytes);
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    const QJsonObject o = doc.object();
    QCOMPARE(o.value(QStringLiteral("format")).toString(), QStringLiteral("golive-export/1"));
    QCOMPARE(o.value(QStringLiteral("runId")).toString(), m_run->runId());
    QCOMPARE(o.value(QStringLiteral("head")).toString(), QString::fromLatin1(m_run->headHash()));
    QCOMPARE(o.value(QStringLiteral("genesis")).toString(),
             QString::fromLatin1(m_run->genesisHash()));
    QCOMPARE(
        o.value(QStringLiteral("runbook")).toObject().value(QStringLiteral("sha256")).toString(),
        m_run->runbookSha256());
    const QJsonObject v = o.value(QStringLiteral("verification")).toObject();
    QVERIFY(v.value(QStringLiteral("intact")).toBool());
    QCOMPARE(v.value(QStringLiteral("head")).toString(), QString::fromLatin1(m_run->headHash()));

    const QJsonArray events = o.value(QStringLiteral("events")).toArray();
    QCOMPARE(events.size(), m_run->events().size());
    QString prev = QString::fromLatin1(m_run->genesisHash());
    for (int i = 0; i < events.size(); ++i) {
        const QJsonObject je = events.at(i).toObject();
        const SignOffEvent& e = m_run->events().at(i);
        QCOMPARE(je.value(QStringLiteral("seq")).toInteger(), e.seq);
        QCOMPARE(je.value(QStringLiteral("hash")).toString(), QString::fromLatin1(e.hash));
        QCOMPARE(je.value(QStringLiteral("prev")).toString(), prev);
        QCOMPARE(je.value(QStringLiteral("kind")).toString(), eventKindName(e.kind));
        QCOMPARE(je.value(QStringLiteral("actor")).toString(), e.actor.name);
        QCOMPARE(je.value(QStringLiteral("role")).toString(), roleName(e.actor.role));
        QCOMPARE(je.value(QStringLiteral("osUser")).toString(), e.actor.osUser);
        QCOMPARE(je.value(QStringLiteral("host")).toString(), e.actor.host);
        QCOMPARE(je.value(QStringLiteral("time")).toString(),
                 e.timeUtc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")));
        // The event as exported recomputes to its hash: the chain can be checked from the file.
        SignOffEvent back;
        back.seq = je.value(QStringLiteral("seq")).toInteger();
        back.timeUtc =
            QDateTime::fromString(je.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
        back.kind = *eventKindFromName(je.value(QStringLiteral("kind")).toString());
        back.itemId = je.value(QStringLiteral("item")).toString();
        back.fieldKey = je.value(QStringLiteral("field")).toString();
        back.text = je.value(QStringLiteral("text")).toString();
        back.actor.name = je.value(QStringLiteral("actor")).toString();
        back.actor.role = *roleFromName(je.value(QStringLiteral("role")).toString());
        back.actor.osUser = je.value(QStringLiteral("osUser")).toString();
        back.actor.host = je.value(QStringLiteral("host")).toString();
        back.prevHash = je.value(QStringLiteral("prev")).toString().toLatin1();
        QCOMPARE(back.computeHash(), e.hash);
        prev = je.value(QStringLiteral("hash")).toString();
    }
    QCOMPARE(prev, QString::fromLatin1(m_run->headHash()));

    const QJsonArray items = o.value(QStringLiteral("items")).toArray();
    QCOMPARE(items.size(), m_run->runbook().checkableCount());
    int open = 0;
    for (const QJsonValue& item : items) {
        const QJsonObject io = item.toObject();
        const ItemState s = m_run->state().item(io.value(QStringLiteral("id")).toString());
        QCOMPARE(io.value(QStringLiteral("status")).toString(), itemStatusName(s.status));
        open += s.status == ItemStatus::Open ? 1 : 0;
    }
    QCOMPARE(o.value(QStringLiteral("summary")).toObject().value(QStringLiteral("open")).toInt(),
             open);
    QCOMPARE(o.value(QStringLiteral("incidentCommander"))
                 .toObject()
                 .value(QStringLiteral("name"))
                 .toString(),
             signers().at(1).name);
    QCOMPARE(o.value(QStringLiteral("releaseCaptain"))
                 .toObject()
                 .value(QStringLiteral("name"))
                 .toString(),
             signers().at(0).name);
    QCOMPARE(o.value(QStringLiteral("qr")).toString(), reportQrPayload(in));
}

void TstReport::unwritablePathFailsAndSaysWhy()
{
    const QString path = m_dir.filePath(QStringLiteral("no-such-dir/report.pdf"));
    QString error;
    QVERIFY(!writePdf(ReportInput::fromRunFile(*m_run), path, QPageSize::A4, &error));
    QVERIFY2(error.contains(path) && error.contains(QStringLiteral("nothing was written")),
             qPrintable(error));
    QVERIFY(!QFileInfo::exists(path));

    // Over an existing file: replaced whole, never left half-written.
    const QString existing = m_dir.filePath(QStringLiteral("existing.pdf"));
    {
        QFile f(existing);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("old");
    }
    QVERIFY2(writePdf(ReportInput::fromRunFile(*m_run), existing, QPageSize::A4, &error),
             qPrintable(error));
    QVERIFY(test::readAll(existing).startsWith("%PDF-"));
    QVERIFY(test::readAll(existing).trimmed().endsWith("%%EOF"));
}

// Signed items: the signer's name stands in the "Signed by" cell of the item's own row, not
// only somewhere in the document (the appendix names every signer too).
void TstReport::signerStandsOnTheItemsOwnRow()
{
    const QString pdf = writeSeedPdf(QPageSize::A4);
    QVERIFY(!pdf.isEmpty());
    const QList<WordBox> words = wordBoxes(pdf);
    QVERIFY(!words.isEmpty());
    // The item tables' columns: 13 %, 11 %, 51 % and 25 % of the body between the margins.
    const double pageWidth = words.constFirst().pageWidth;
    const double bodyLeft = kMarginPt;
    const double bodyWidth = pageWidth - 2 * kMarginPt;
    const double idLeft = bodyLeft + 0.13 * bodyWidth - 2;
    const double idRight = bodyLeft + 0.24 * bodyWidth;
    const double signerLeft = bodyLeft + 0.75 * bodyWidth - 2;
    const auto inIdColumn = [&](const WordBox& w) { return w.xMin >= idLeft && w.xMax <= idRight; };

    int checked = 0;
    for (const RunbookItem* item : m_run->runbook().allItems()) {
        const ItemState s = m_run->state().item(item->id);
        if (s.by.isEmpty())
            continue;
        // The item's row: its number in the No. column, the first time it is there (the
        // tables come before the appendix), down to the next row's number.
        qsizetype at = -1;
        for (qsizetype i = 0; i < words.size() && at < 0; ++i) {
            if (words.at(i).text == item->id && inIdColumn(words.at(i)))
                at = i;
        }
        QVERIFY2(at >= 0, qPrintable(QStringLiteral("item %1 has no row").arg(item->id)));
        const WordBox& id = words.at(at);
        double bottom = id.pageHeight - kMarginPt;
        for (const WordBox& w : words) {
            if (w.page == id.page && inIdColumn(w) && w.yMin > id.yMax + 1 && w.yMin < bottom &&
                w.text.contains(QRegularExpression(QStringLiteral("^\\d+(\\.\\d+)*$"))))
                bottom = w.yMin;
        }
        QString cell;
        for (const WordBox& w : words) {
            if (w.page == id.page && w.xMin >= signerLeft && w.yMin >= id.yMin - 2 &&
                w.yMax <= bottom)
                cell += w.text;
        }
        QVERIFY2(cell.contains(squeezed(s.by)),
                 qPrintable(QStringLiteral("item %1, signed by %2: its row's \"Signed by\" cell "
                                           "(page %3) reads \"%4\"")
                                .arg(item->id, s.by)
                                .arg(id.page)
                                .arg(cell)));
        QVERIFY2(cell.contains(squeezed(roleDisplayName(s.role))), qPrintable(item->id));
        ++checked;
    }
    QVERIFY2(checked >= 20, qPrintable(QString::number(checked)));

    // The Markdown: the item's own line names who signed it.
    QString md = QString::fromUtf8(toMarkdown(ReportInput::fromRunFile(*m_run)));
    md.remove(QRegularExpression(QStringLiteral("\\\\(?=[[:punct:]])")));
    const QStringList lines = md.split(QLatin1Char('\n'));
    checked = 0;
    for (const RunbookItem* item : m_run->runbook().allItems()) {
        const ItemState s = m_run->state().item(item->id);
        if (s.by.isEmpty())
            continue;
        // "- [x] **1.2** ..." when done, "- [ ] **1.2** ..." when blocked.
        const auto line = std::find_if(lines.cbegin(), lines.cend(), [&](const QString& l) {
            const QString t = l.trimmed();
            return (t.startsWith(QStringLiteral("- [x] ")) ||
                    t.startsWith(QStringLiteral("- [ ] "))) &&
                   t.mid(6).startsWith(QStringLiteral("**%1** ").arg(item->id));
        });
        QVERIFY2(line != lines.cend(), qPrintable(item->id));
        QVERIFY2(
            line->contains(QStringLiteral(" by %1 (%2)").arg(s.by, roleDisplayName(s.role))),
            qPrintable(QStringLiteral("item %1, signed by %2: %3").arg(item->id, s.by, *line)));
        ++checked;
    }
    QVERIFY(checked >= 20);
}

// The signature blocks on the last page print the incident commander's and the release
// captain's names under "Printed name", each in its own block (the names are elsewhere in the
// document too: only their place here says who signs where).
void TstReport::signatureBlocksCarryThePrintedNames()
{
    const QString pdf = writeSeedPdf(QPageSize::A4);
    QVERIFY(!pdf.isEmpty());
    const int last = pdfInfo(pdf).pages;
    QList<WordBox> words;
    for (const WordBox& w : wordBoxes(pdf)) {
        if (w.page == last)
            words.append(w);
    }
    QList<WordBox> labels; // "Printed" of "Printed name", left block first
    for (qsizetype i = 0; i + 1 < words.size(); ++i) {
        if (words.at(i).text == QLatin1String("Printed") &&
            words.at(i + 1).text == QLatin1String("name"))
            labels.append(words.at(i));
    }
    QCOMPARE(labels.size(), 2);
    std::sort(labels.begin(), labels.end(),
              [](const WordBox& a, const WordBox& b) { return a.xMin < b.xMin; });
    const double blockWidth = labels.at(1).xMin - labels.at(0).xMin - 4;
    const auto nameUnder = [&](const WordBox& label) {
        // The name stands between the label and the rule 9 mm below it.
        QString text;
        for (const WordBox& w : words) {
            if (w.yMin >= label.yMax - 0.5 && w.yMax <= label.yMax + 30 &&
                w.xMin >= label.xMin - 2 && w.xMax <= label.xMin + blockWidth)
                text += w.text;
        }
        return text;
    };
    const QString ic = signers().at(1).name; // the incident commander field
    const QString rc = signers().at(0).name; // the owner (release captain) field
    const QString left = nameUnder(labels.at(0));
    const QString right = nameUnder(labels.at(1));
    QVERIFY2(left == squeezed(ic), qPrintable(QStringLiteral("left block: \"%1\"").arg(left)));
    QVERIFY2(right == squeezed(rc), qPrintable(QStringLiteral("right block: \"%1\"").arg(right)));
    // Each block's title says whose it is.
    const auto titleAbove = [&](const WordBox& label) {
        QString text;
        for (const WordBox& w : words) {
            if (w.yMax <= label.yMin + 0.5 && w.yMin >= label.yMin - 22 &&
                w.xMin >= label.xMin - 2 && w.xMax <= label.xMin + blockWidth)
                text += w.text;
        }
        return text;
    };
    QCOMPARE(titleAbove(labels.at(0)), squeezed(roleDisplayName(Role::IncidentCommander)));
    QCOMPARE(titleAbove(labels.at(1)), squeezed(roleDisplayName(Role::ReleaseCaptain)));
}

// writePdf never writes over the run it reports, by any name, nor over another run; the run
// stays byte for byte what it was.
void TstReport::writePdfRefusesTheRunAndOtherRuns()
{
    const ReportInput in = ReportInput::fromRunFile(*m_run);
    const QByteArray before = test::readAll(m_seedRun);
    QVERIFY(!before.isEmpty());
    QVERIFY(isGoliveRun(m_seedRun));
    const QString link = m_dir.filePath(QStringLiteral("seed-link.pdf"));
    QVERIFY(QFile::link(m_seedRun, link));
    const QString other = m_dir.filePath(QStringLiteral("other-run.pdf"));
    QVERIFY(QFile::copy(m_seedRun, other));
    ReportInput noPath = in;
    noPath.runPath.clear();
    const QStringList targets{m_seedRun, m_dir.filePath(QStringLiteral("./seed.golive")), link,
                              m_seedRun + QStringLiteral("-wal"),
                              m_seedRun + QStringLiteral(".lock")};
    for (const QString& target : targets) {
        QString error;
        QVERIFY2(!writePdf(in, target, QPageSize::A4, &error), qPrintable(target));
        QVERIFY2(error.contains(QStringLiteral("it is the")) &&
                     error.contains(QStringLiteral("run being exported")) &&
                     error.contains(QStringLiteral("nothing was written; the run is unchanged")),
                 qPrintable(error));
    }
    // Another run is known by its contents, whatever its name, with or without the run's path.
    for (const ReportInput& input : {in, noPath}) {
        QString error;
        QVERIFY(!writePdf(input, other, QPageSize::A4, &error));
        QVERIFY2(error.contains(QStringLiteral("is a golive run")), qPrintable(error));
        QVERIFY(!writePdf(input, link, QPageSize::A4, &error));
        QVERIFY2(error.contains(QStringLiteral("is a golive run")) ||
                     error.contains(QStringLiteral("run being exported")),
                 qPrintable(error));
    }
    QCOMPARE(test::readAll(m_seedRun), before);
    QCOMPARE(test::readAll(other), before);
    QVERIFY(QFileInfo(link).isSymLink());
    QVERIFY(!QFileInfo::exists(m_seedRun + QStringLiteral(".lock")));
    // A file that only looks like SQLite but is another program's database is not a run.
    QFile notRun(m_dir.filePath(QStringLiteral("not-a-run.pdf")));
    QVERIFY(notRun.open(QIODevice::WriteOnly));
    QByteArray header(100, '\0');
    header.replace(0, 16, QByteArray("SQLite format 3", 16));
    notRun.write(header);
    notRun.close();
    QVERIFY(!isGoliveRun(notRun.fileName()));
    QString error;
    QVERIFY2(writePdf(in, notRun.fileName(), QPageSize::A4, &error), qPrintable(error));
    QVERIFY(test::readAll(notRun.fileName()).startsWith("%PDF-"));
}

QTEST_MAIN(TstReport)
#include "tst_report.moc"
