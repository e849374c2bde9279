// The signed checklist report as PDF, read back as an auditor's tools would: every title and
// signer, page numbers and the head on every page, the QR code, page sizes, margins, long texts,
// printers, each signer on the item's own row, the signature blocks.
#include "ChecklistReport.h"
#include "ReportTestBase.h"
#include "ReportTestUtil.h"

#include <QPrinter>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>

using namespace golive;
using namespace golive::test;

class TstReportPdf : public ReportTestBase
{
    Q_OBJECT

private slots:
    void initTestCase() { makeSeedRun(); }
    void seedRunPdfHasEveryTitleAndSigner_data();
    void seedRunPdfHasEveryTitleAndSigner();
    void everyPageIsNumberedAndCarriesTheHead_data();
    void everyPageIsNumberedAndCarriesTheHead();
    void qrOnTheLastPageDecodesToRunAndHead_data();
    void qrOnTheLastPageDecodesToRunAndHead();
    void metadataAndPageSize();
    void longTextsStayInsideTheMargins_data();
    void longTextsStayInsideTheMargins();
    void printerDeviceWorks();
    void fullPagePrinterKeepsTheMargins();
    void signerStandsOnTheItemsOwnRow();
    void signatureBlocksCarryThePrintedNames();
    void cleanupTestCase() { closeSeedRun(); }
};

void TstReportPdf::seedRunPdfHasEveryTitleAndSigner_data()
{
    QTest::addColumn<int>("size");
    QTest::newRow("A4") << int(QPageSize::A4);
    QTest::newRow("Letter") << int(QPageSize::Letter);
}

void TstReportPdf::seedRunPdfHasEveryTitleAndSigner()
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

void TstReportPdf::everyPageIsNumberedAndCarriesTheHead_data()
{
    seedRunPdfHasEveryTitleAndSigner_data();
}

void TstReportPdf::everyPageIsNumberedAndCarriesTheHead()
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

void TstReportPdf::qrOnTheLastPageDecodesToRunAndHead_data()
{
    seedRunPdfHasEveryTitleAndSigner_data();
}

void TstReportPdf::qrOnTheLastPageDecodesToRunAndHead()
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

void TstReportPdf::metadataAndPageSize()
{
    const PdfInfo a4 = pdfInfo(writeSeedPdf(QPageSize::A4));
    QVERIFY(qAbs(a4.width - 595.28) < 1 && qAbs(a4.height - 841.89) < 1);
    QVERIFY2(a4.title.contains(m_run->runbook().title), qPrintable(a4.title));
    QVERIFY2(a4.creator.startsWith(QStringLiteral("golive")), qPrintable(a4.creator));
    const PdfInfo letter = pdfInfo(writeSeedPdf(QPageSize::Letter));
    QVERIFY(qAbs(letter.width - 612) < 1 && qAbs(letter.height - 792) < 1);
}

void TstReportPdf::longTextsStayInsideTheMargins_data()
{
    seedRunPdfHasEveryTitleAndSigner_data();
}

void TstReportPdf::longTextsStayInsideTheMargins()
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

// What the window's Ctrl+P does: the same renderer on a QPrinter (here printing to PDF, on
// US Letter with the printer's own margins).
void TstReportPdf::printerDeviceWorks()
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
void TstReportPdf::fullPagePrinterKeepsTheMargins()
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

// Signed items: the signer's name stands in the "Signed by" cell of the item's own row, not
// only somewhere in the document (the appendix names every signer too).
void TstReportPdf::signerStandsOnTheItemsOwnRow()
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
void TstReportPdf::signatureBlocksCarryThePrintedNames()
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

QTEST_MAIN(TstReportPdf)
#include "tst_report_pdf.moc"
