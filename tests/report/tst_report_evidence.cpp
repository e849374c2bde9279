// Evidence in the signed checklist: a real run file with a text file, a PNG and a command run
// attached to an item, signed with the evidence referenced. The PDF (read back with pdftotext
// and pdfimages, as an auditor would) has the evidence appendix with each name, full SHA-256,
// the command, its exit code and the first and last lines of its output, and the image as a
// thumbnail no wider than 60 mm; the item and the sign-off name the evidence. Names, commands
// and output with terminal escapes, a right-to-left override and Markdown/HTML stay data in the
// PDF, the Markdown and the JSON. A blob changed in the run is printed as not matching, never
// its content. Set GOLIVE_REPORT_KEEP=DIR to keep the PDFs.
#include "ChecklistReport.h"
#include "ReportEvidence.h"
#include "ReportTestUtil.h"
#include "evidence/Evidence.h"

#include <QBuffer>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace golive;
using namespace golive::test;

namespace {

const QString kHostileName = QStringLiteral("\x1b[31m<b>bold<i> *star* |pipe| #h.txt");
const QString kHostileCommand = QStringLiteral("printf '<i>x</i>' | tee **out** \x1b[2J");

// SQL on the run file itself, as someone with the sqlite3 shell would do it.
bool rawSql(const QString& path, const QStringList& statements)
{
    bool ok = true;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        ok = db.open();
        for (const QString& sql : statements) {
            QSqlQuery q(db);
            if (ok && !q.exec(sql)) {
                qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
                ok = false;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    return ok;
}

QString sha256Of(const QByteArray& bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

// 50 lines, each naming its number, so the first and last ten can be told from the rest.
QByteArray smokeOutput()
{
    QByteArray out;
    for (int i = 1; i <= 50; ++i)
        out += QByteArray("smoke-row-") + QByteArray::number(i).rightJustified(2, '0') +
               " \x1b[32mok\x1b[0m\n";
    return out;
}

QByteArray pngBytes()
{
    QImage image(400, 240, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.fillRect(QRect(20, 20, 360, 60), Qt::black);
    p.fillRect(QRect(20, 120, 160, 100), Qt::darkGray);
    p.end();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

SignOffEvent attachment(const QString& itemId, const QString& name, const QString& type)
{
    SignOffEvent e = makeEvent(EventKind::EvidenceAttached, itemId, QStringLiteral("Ada Lovelace"),
                               Role::Engineer);
    e.text = attachmentEventText({name, 0, type, {}});
    return e;
}

SignOffEvent commandRun(const QString& itemId, const QString& command, int exitCode,
                        qint64 outputBytes, int redactions)
{
    CommandRecord r;
    r.command = command;
    r.workingDir = QStringLiteral("/srv/payments");
    r.shell = QStringLiteral("/bin/bash");
    r.block = 1;
    r.outcome = CommandOutcome::Exited;
    r.exitCode = exitCode;
    r.startUtc = QDateTime(QDate(2026, 5, 1), QTime(10, 0, 0), QTimeZone::utc());
    r.endUtc = QDateTime(QDate(2026, 5, 1), QTime(10, 1, 2), QTimeZone::utc());
    r.durationMs = 62000;
    r.outputBytes = outputBytes;
    r.redactions = redactions;
    SignOffEvent e =
        makeEvent(EventKind::CommandRun, itemId, QStringLiteral("Ada Lovelace"), Role::Engineer);
    e.text = commandEventText(r);
    return e;
}

} // namespace

class TstReportEvidence : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void pdfHasTheEvidenceAppendix();
    void pdfShowsTheImageAsAThumbnail();
    void hostileNamesCommandsAndOutputStayData();
    void aChangedBlobIsSaidNeverShown();
    void markdownAndJsonCarryTheEvidence();
    void outputWithoutEscapesIsPlainText();

private:
    // A run with item `m_item` holding: #1 smoke.log, #2 screen.png, #3 `make smoke` (50 lines
    // of output, exit 0, 2 redactions), #4 the sign-off naming #1 and #3.
    std::unique_ptr<RunFile> makeRun(const QString& name);
    bool attach(RunFile& run, SignOffEvent e, const QByteArray& bytes, const QString& what);
    QString pdfOf(const ReportInput& in, const QString& name);

    QTemporaryDir m_dir;
    QString m_item;
    QByteArray m_text = QByteArrayLiteral("smoke test passed\nall 212 checks green\n");
    QByteArray m_png;
    QByteArray m_output;
};

void TstReportEvidence::initTestCase()
{
    QVERIFY(m_dir.isValid());
    for (const char* tool : {"pdftotext", "pdfimages"}) {
        const Tool t = runTool(QString::fromLatin1(tool), {QStringLiteral("-v")});
        QVERIFY2(t.exitCode == 0, tool);
    }
    m_png = pngBytes();
    m_output = smokeOutput();
}

bool TstReportEvidence::attach(RunFile& run, SignOffEvent e, const QByteArray& bytes,
                               const QString& what)
{
    // Through a spool file, as the runner hands a command's output over.
    const QString spool = m_dir.filePath(QStringLiteral("spool-%1").arg(run.events().size()));
    QFile out(spool);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size())
        return false;
    out.close();
    QFile in(spool);
    if (!in.open(QIODevice::ReadOnly))
        return false;
    QString error;
    if (!run.appendWithBlob(e, &in, what, DefaultMaxAttachmentBytes, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return true;
}

std::unique_ptr<RunFile> TstReportEvidence::makeRun(const QString& name)
{
    QString error;
    auto run = RunFile::create(m_dir.filePath(name), seedText(),
                               QStringLiteral("summit-go-live-runbook.md"), &error);
    if (!run) {
        qWarning("%s", qPrintable(error));
        return run;
    }
    // An item anyone may sign, with nothing under it.
    for (const RunbookItem* item : run->runbook().allItems()) {
        if (item->children.isEmpty() && item->requiredRole.isEmpty()) {
            m_item = item->id;
            break;
        }
    }
    if (!attach(*run, attachment(m_item, QStringLiteral("smoke.log"), QStringLiteral("text/plain")),
                m_text, QStringLiteral("smoke.log")) ||
        !attach(*run, attachment(m_item, QStringLiteral("screen.png"), QStringLiteral("image/png")),
                m_png, QStringLiteral("screen.png")) ||
        !attach(*run,
                commandRun(m_item, QStringLiteral("make smoke ENV=prod"), 0, m_output.size(), 2),
                m_output, QStringLiteral("the output of make smoke")))
        return nullptr;
    SignOffEvent sign =
        makeEvent(EventKind::Signed, m_item, QStringLiteral("Ada Lovelace"), Role::Engineer);
    sign.fieldKey = evidenceReferenceKey({1, 3});
    if (!run->append(sign, &error)) {
        qWarning("%s", qPrintable(error));
        return nullptr;
    }
    return run;
}

QString TstReportEvidence::pdfOf(const ReportInput& in, const QString& name)
{
    const QString pdf = m_dir.filePath(name);
    QString error;
    if (!writePdf(in, pdf, QPageSize::A4, &error)) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    const QString keepDir = qEnvironmentVariable("GOLIVE_REPORT_KEEP");
    if (!keepDir.isEmpty()) {
        QDir().mkpath(keepDir);
        QFile::remove(QDir(keepDir).filePath(name));
        QFile::copy(pdf, QDir(keepDir).filePath(name));
    }
    return pdf;
}

void TstReportEvidence::pdfHasTheEvidenceAppendix()
{
    auto run = makeRun(QStringLiteral("appendix.golive"));
    QVERIFY(run);
    const QString pdf = pdfOf(ReportInput::fromRunFile(*run), QStringLiteral("appendix.pdf"));
    QVERIFY(!pdf.isEmpty());
    const QString text = pdfText(pdf);
    const QString flat = squeezed(text);
    QVERIFY2(text.contains(QStringLiteral("Appendix: evidence")), qPrintable(text));
    // Each piece: its name or command, its whole SHA-256, who recorded it.
    QVERIFY(text.contains(QStringLiteral("smoke.log")));
    QVERIFY(text.contains(QStringLiteral("screen.png")));
    for (const QByteArray& bytes : {m_text, m_png, m_output})
        QVERIFY2(flat.contains(sha256Of(bytes)), qPrintable(sha256Of(bytes)));
    QVERIFY(text.contains(QStringLiteral("text/plain")));
    QVERIFY(text.contains(QStringLiteral("make smoke ENV=prod")));
    QVERIFY(text.contains(QStringLiteral("/srv/payments")));
    QVERIFY(text.contains(QStringLiteral("exit code 0")));
    QVERIFY(text.contains(QStringLiteral("1 min 02 s")));
    QVERIFY(flat.contains(QStringLiteral("2secretsredacted")));
    QVERIFY(text.contains(QStringLiteral("Ada Lovelace")));
    QVERIFY(flat.contains(QStringLiteral("thebyteskeptintherunmatchtheirSHA-256")));
    // The first and the last ten lines of the output, nothing between, the colours gone.
    for (int i : {1, 10, 41, 50})
        QVERIFY2(text.contains(QStringLiteral("smoke-row-%1 ok").arg(i, 2, 10, QLatin1Char('0'))),
                 qPrintable(QString::number(i)));
    for (int i : {11, 25, 40})
        QVERIFY2(!text.contains(QStringLiteral("smoke-row-%1").arg(i, 2, 10, QLatin1Char('0'))),
                 qPrintable(QString::number(i)));
    QVERIFY(flat.contains(QStringLiteral("30linesnotshown")));
    QVERIFY(!text.contains(QStringLiteral("[32m")));
    // The item names its evidence, the sign-off the evidence it references.
    QVERIFY2(flat.contains(QStringLiteral("Evidence(3):#1,#2,#3")), qPrintable(text));
    QVERIFY(flat.contains(QStringLiteral("evidence#1,#3")));
    QVERIFY(flat.contains(QStringLiteral("namedbythesign-off#4")));
    QVERIFY(!flat.contains(QStringLiteral("DOESNOTMATCH")));
}

void TstReportEvidence::pdfShowsTheImageAsAThumbnail()
{
    auto run = makeRun(QStringLiteral("image.golive"));
    QVERIFY(run);
    const QString pdf = pdfOf(ReportInput::fromRunFile(*run), QStringLiteral("image.pdf"));
    QVERIFY(!pdf.isEmpty());
    // pdfimages -list: page num type width height color comp bpc enc interp object ID x-ppi y-ppi
    const Tool t = runTool(QStringLiteral("pdfimages"), {QStringLiteral("-list"), pdf});
    QCOMPARE(t.exitCode, 0);
    const QStringList lines = QString::fromUtf8(t.out).split(QLatin1Char('\n'));
    int images = 0;
    for (const QString& line : lines.mid(2)) {
        const QStringList cols = line.simplified().split(QLatin1Char(' '));
        if (cols.size() < 14 || cols.at(2) != QLatin1String("image"))
            continue;
        ++images;
        const double width = cols.at(3).toDouble();
        const double ppi = cols.at(12).toDouble();
        QVERIFY(ppi > 0);
        const double mm = width / ppi * 25.4;
        QVERIFY2(mm <= 60.5 && mm >= 20, qPrintable(line));
        QCOMPARE(cols.at(4).toDouble() / width, 240.0 / 400.0);
    }
    QCOMPARE(images, 1);
}

void TstReportEvidence::hostileNamesCommandsAndOutputStayData()
{
    auto run = makeRun(QStringLiteral("hostile.golive"));
    QVERIFY(run);
    const QByteArray output = QByteArrayLiteral("\x1b[31mRED-ALERT\x1b[0m plain\n"
                                                "\xe2\x80\xae"
                                                "evil-rtl\n"
                                                "<script>alert(1)</script> **bold** | a | b |\n"
                                                "\x1b]0;window-title\x07"
                                                "after-osc\n"
                                                "bell\x07"
                                                "here\n");
    QVERIFY(attach(*run, attachment(m_item, kHostileName, QStringLiteral("text/html")),
                   QByteArrayLiteral("<html>x</html>"), QStringLiteral("hostile name")));
    QVERIFY(attach(*run, commandRun(m_item, kHostileCommand, 3, output.size(), 0), output,
                   QStringLiteral("hostile output")));
    const ReportInput in = ReportInput::fromRunFile(*run);

    const QString pdf = pdfOf(in, QStringLiteral("hostile.pdf"));
    QVERIFY(!pdf.isEmpty());
    const QString text = pdfText(pdf);
    // Escapes are shown, never obeyed; markup is text; the override is shown as an escape.
    QVERIFY2(text.contains(QStringLiteral("\\x1b[31m<b>bold<i> *star* |pipe| #h.txt")),
             qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("printf '<i>x</i>' | tee **out** \\x1b[2J")));
    QVERIFY(text.contains(QStringLiteral("RED-ALERT plain")));
    QVERIFY(!text.contains(QStringLiteral("[31mRED")));
    QVERIFY(text.contains(QStringLiteral("\\u202eevil-rtl")));
    QVERIFY(!text.contains(QChar(0x202e)));
    QVERIFY(text.contains(QStringLiteral("<script>alert(1)</script> **bold** | a | b |")));
    QVERIFY(text.contains(QStringLiteral("after-osc")));
    QVERIFY(!text.contains(QStringLiteral("window-title")));
    QVERIFY(text.contains(QStringLiteral("bell\\x07here")));
    QVERIFY(text.contains(QStringLiteral("exit code 3")));

    const QString md = QString::fromUtf8(toMarkdown(in));
    QVERIFY(!md.contains(QChar(0x1b)));
    QVERIFY(!md.contains(QStringLiteral("<b>bold")));
    QVERIFY2(md.contains(QStringLiteral("\\<b\\>bold\\<i\\> \\*star\\* \\|pipe\\| \\#h.txt")),
             qPrintable(md));
    QVERIFY(md.contains(QStringLiteral("tee \\*\\*out\\*\\*")));

    const QJsonArray evidence =
        QJsonDocument::fromJson(toJson(in)).object().value(QStringLiteral("evidence")).toArray();
    QCOMPARE(evidence.size(), 5);
    QCOMPARE(evidence.at(3).toObject().value(QStringLiteral("name")).toString(), kHostileName);
    QCOMPARE(evidence.at(4).toObject().value(QStringLiteral("command")).toString(),
             kHostileCommand);
    QCOMPARE(evidence.at(4).toObject().value(QStringLiteral("exit")).toInt(), 3);
}

void TstReportEvidence::aChangedBlobIsSaidNeverShown()
{
    const QString path = m_dir.filePath(QStringLiteral("tampered.golive"));
    {
        auto run = makeRun(QStringLiteral("tampered.golive"));
        QVERIFY(run);
    }
    {
        // The command's output changed in the file, by someone with the sqlite3 shell.
        QVERIFY(rawSql(path, {QStringLiteral("DROP TRIGGER blob_chunks_never_changed"),
                              QStringLiteral("UPDATE blob_chunks SET data = CAST('TAMPERED-OUTPUT' "
                                             "AS BLOB) WHERE blob_id = (SELECT id FROM blobs "
                                             "WHERE sha256 = '%1')")
                                  .arg(sha256Of(m_output))}));
    }
    QString error;
    auto run = RunFile::open(path, RunLedger::Access::ReadOnly, &error);
    QVERIFY2(run, qPrintable(error));
    const ReportInput in = ReportInput::fromRunFile(*run);
    const QString pdf = pdfOf(in, QStringLiteral("tampered.pdf"));
    QVERIFY(!pdf.isEmpty());
    const QString text = pdfText(pdf);
    QVERIFY2(text.contains(QStringLiteral("EVIDENCE DOES NOT MATCH ITS SHA-256")),
             qPrintable(text));
    QVERIFY(!text.contains(QStringLiteral("TAMPERED")));
    QVERIFY(!text.contains(QStringLiteral("smoke-row")));
    // The item says so too, and the other pieces still show.
    QVERIFY(squeezed(text).contains(QStringLiteral("#3:EVIDENCEDOESNOTMATCHITSSHA-256")));
    QVERIFY(text.contains(QStringLiteral("smoke.log")));

    const QString md = QString::fromUtf8(toMarkdown(in));
    QVERIFY(md.contains(QStringLiteral("**EVIDENCE DOES NOT MATCH ITS SHA-256**")));
    QVERIFY(!md.contains(QStringLiteral("TAMPERED")));
    const QJsonArray evidence =
        QJsonDocument::fromJson(toJson(in)).object().value(QStringLiteral("evidence")).toArray();
    QCOMPARE(evidence.at(0).toObject().value(QStringLiteral("bytes")).toString(),
             QStringLiteral("verified"));
    QCOMPARE(evidence.at(2).toObject().value(QStringLiteral("bytes")).toString(),
             QStringLiteral("does-not-match"));
}

void TstReportEvidence::markdownAndJsonCarryTheEvidence()
{
    auto run = makeRun(QStringLiteral("exports.golive"));
    QVERIFY(run);
    const ReportInput in = ReportInput::fromRunFile(*run);
    const QString md = QString::fromUtf8(toMarkdown(in));
    QVERIFY(md.contains(QStringLiteral("## Appendix: evidence")));
    QVERIFY(md.contains(QStringLiteral("**File:** smoke.log (text/plain")));
    QVERIFY(md.contains(QStringLiteral("**Command:** make smoke ENV=prod")));
    QVERIFY(md.contains(QStringLiteral("(exit code 0)")));
    QVERIFY(md.contains(QStringLiteral("`%1`").arg(sha256Of(m_output))));
    QVERIFY(md.contains(QStringLiteral("**Named by the sign-off:** #4")));
    QVERIFY(md.contains(QStringLiteral("*Evidence (3):* #1, #2, #3")));
    QVERIFY(md.contains(QStringLiteral(", evidence #1, #3")));

    const QJsonObject root = QJsonDocument::fromJson(toJson(in)).object();
    const QJsonArray evidence = root.value(QStringLiteral("evidence")).toArray();
    QCOMPARE(evidence.size(), 3);
    const QJsonObject file = evidence.at(0).toObject();
    QCOMPARE(file.value(QStringLiteral("seq")).toInt(), 1);
    QCOMPARE(file.value(QStringLiteral("item")).toString(), m_item);
    QCOMPARE(file.value(QStringLiteral("kind")).toString(), QStringLiteral("file"));
    QCOMPARE(file.value(QStringLiteral("name")).toString(), QStringLiteral("smoke.log"));
    QCOMPARE(file.value(QStringLiteral("size")).toInteger(), qint64(m_text.size()));
    QCOMPARE(file.value(QStringLiteral("type")).toString(), QStringLiteral("text/plain"));
    QCOMPARE(file.value(QStringLiteral("sha256")).toString(), sha256Of(m_text));
    QCOMPARE(file.value(QStringLiteral("by")).toString(), QStringLiteral("Ada Lovelace"));
    QCOMPARE(file.value(QStringLiteral("role")).toString(), QStringLiteral("engineer"));
    QCOMPARE(file.value(QStringLiteral("bytes")).toString(), QStringLiteral("verified"));
    QCOMPARE(file.value(QStringLiteral("references")).toArray(), QJsonArray({4}));
    QCOMPARE(evidence.at(1).toObject().value(QStringLiteral("references")).toArray(), QJsonArray());
    const QJsonObject command = evidence.at(2).toObject();
    QCOMPARE(command.value(QStringLiteral("kind")).toString(), QStringLiteral("command"));
    QCOMPARE(command.value(QStringLiteral("command")).toString(),
             QStringLiteral("make smoke ENV=prod"));
    QCOMPARE(command.value(QStringLiteral("outcome")).toString(), QStringLiteral("exited"));
    QCOMPARE(command.value(QStringLiteral("exit")).toInt(), 0);
    QCOMPARE(command.value(QStringLiteral("start")).toString(),
             QStringLiteral("2026-05-01T10:00:00.000Z"));
    QCOMPARE(command.value(QStringLiteral("end")).toString(),
             QStringLiteral("2026-05-01T10:01:02.000Z"));
    QCOMPARE(command.value(QStringLiteral("duration_ms")).toInteger(), qint64(62000));
    QCOMPARE(command.value(QStringLiteral("redactions")).toInt(), 2);
    QCOMPARE(command.value(QStringLiteral("truncated")).toBool(), false);
    QCOMPARE(command.value(QStringLiteral("size")).toInteger(), qint64(m_output.size()));
    QCOMPARE(command.value(QStringLiteral("sha256")).toString(), sha256Of(m_output));
    QCOMPARE(command.value(QStringLiteral("references")).toArray(), QJsonArray({4}));
    // Every item lists its evidence.
    for (const QJsonValue& v : root.value(QStringLiteral("items")).toArray()) {
        const QJsonObject item = v.toObject();
        if (item.value(QStringLiteral("id")).toString() == m_item)
            QCOMPARE(item.value(QStringLiteral("evidence")).toArray(), QJsonArray({1, 2, 3}));
    }
}

void TstReportEvidence::outputWithoutEscapesIsPlainText()
{
    QCOMPARE(report::outputPlainText("a\x1b[1;31mb\x1b[0mc\r\nd"), QStringLiteral("abc\nd"));
    // An unterminated title string ends at its line: the next line is kept.
    QCOMPARE(report::outputPlainText("x\x1b]0;title\nnext"), QStringLiteral("x\nnext"));
    QCOMPARE(report::outputPlainText("\x1b(Bk\x1b=v"), QStringLiteral("kv"));
    QCOMPARE(report::outputPlainText("cr\rlone \x7f\xff"),
             QStringLiteral("cr\\rlone \\u007f\uFFFD"));
}

QTEST_MAIN(TstReportEvidence)
#include "tst_report_evidence.moc"
