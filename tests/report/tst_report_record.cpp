// What the signed checklist report records and where it may be written: the head `golive
// verify` accepts, an empty run's genesis head, a broken ledger, the Markdown and the JSON (the
// whole ledger), failed writes, and never over the run or another run.
#include "ChecklistReport.h"
#include "ReportTestBase.h"
#include "ReportTestUtil.h"

#include "Cutover.h"
#include "ExportTarget.h"
#include "ItemCheckSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace golive;
using namespace golive::test;

class TstReportRecord : public ReportTestBase
{
    Q_OBJECT

private slots:
    void initTestCase() { makeSeedRun(); }
    void headIsWhatGoliveVerifyAccepts();
    void emptyRunRendersWithGenesisHead();
    void brokenLedgerIsShown();
    void uncheckedLedgerIsNeverCalledIntact();
    void markdownHasEveryTitleAndSigner();
    void jsonHoldsTheWholeLedger();
    void failedStepsAreOnTheRecord();
    void unwritablePathFailsAndSaysWhy();
    void writePdfRefusesTheRunAndOtherRuns();
    void cleanupTestCase() { closeSeedRun(); }
};

void TstReportRecord::headIsWhatGoliveVerifyAccepts()
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
void TstReportRecord::emptyRunRendersWithGenesisHead()
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
// A run whose ledger was changed after it was written says so on its first page.
void TstReportRecord::brokenLedgerIsShown()
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

// A report of a run opened with its check deferred, made before the check: the window refuses
// to make one, and the writers still never call such a ledger intact, nor broken.
void TstReportRecord::uncheckedLedgerIsNeverCalledIntact()
{
    QString error;
    auto run = RunFile::open(m_seedRun, RunFile::Access::ReadOnly, &error, nullptr, 0,
                             RunLedger::VerifyAt::Later);
    QVERIFY2(run, qPrintable(error));
    const ReportInput in = ReportInput::fromRunFile(*run);
    // fromRunFile verifies the run itself; the window's snapshot is the pending one.
    QVERIFY(in.verification.intact());
    ReportInput pending = in;
    pending.verification = run->verification();
    QVERIFY(pending.verification.pending);
    const QString pdf = m_dir.filePath(QStringLiteral("unchecked.pdf"));
    QVERIFY2(writePdf(pending, pdf, QPageSize::A4, &error), qPrintable(error));
    keep(pdf);
    const QString first = squeezed(pdfText(pdf, 1));
    QVERIFY2(first.contains(QStringLiteral("THELEDGERWASNOTVERIFIED")), qPrintable(first));
    QVERIFY(!first.contains(QStringLiteral("BROKEN")));
    QVERIFY(!squeezed(pdfText(pdf)).contains(QStringLiteral("everyhashverified")));
    const QString md = QString::fromUtf8(toMarkdown(pending));
    QVERIFY(md.contains(QStringLiteral("**NOT VERIFIED**: ledger not verified yet")));
    QVERIFY(!md.contains(QStringLiteral("intact,")));
    const QJsonObject v = QJsonDocument::fromJson(toJson(pending))
                              .object()
                              .value(QStringLiteral("verification"))
                              .toObject();
    QVERIFY(!v.value(QStringLiteral("intact")).toBool());
    QVERIFY(v.value(QStringLiteral("summary"))
                .toString()
                .startsWith(QStringLiteral("ledger not verified yet")));
}

void TstReportRecord::markdownHasEveryTitleAndSigner()
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

void TstReportRecord::jsonHoldsTheWholeLedger()
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

// A failed step prints as FAILED with what failed, who and when; once marked N/A (or signed),
// with who resolved it and when. The reason is data: escaped in Markdown, plain in the PDF.
void TstReportRecord::failedStepsAreOnTheRecord()
{
    const QString path = m_dir.filePath(QStringLiteral("failed.golive"));
    QString error;
    auto run = RunFile::create(path, seedText(), QStringLiteral("seed.md"), &error);
    QVERIFY2(run, qPrintable(error));
    const auto actor = [](const QString& name, Role role) { return Actor::local(name, role); };
    const Actor ic = actor(QStringLiteral("Inès Duarte"), Role::IncidentCommander);
    const Actor eng = actor(QStringLiteral("Eli Novak"), Role::Engineer);
    const auto add = [&](SignOffEvent e) {
        if (!run->append(e, &error))
            QFAIL(qPrintable(error));
    };
    const auto item = [&](EventKind kind, const char* id, const QString& text = {}) {
        SignOffEvent e;
        e.kind = kind;
        e.itemId = QLatin1String(id);
        e.text = text;
        e.actor = eng;
        return e;
    };
    // The pre-checks; 4.3 (requires=health-green) and 4.4 (requires=previous-complete) by the
    // incident commander over their open checks, as the command line signs them.
    add(item(EventKind::Signed, "4.1"));
    for (const char* id : {"4.3", "4.4"})
        add(signedOverOpenChecks(run->state(), QLatin1String(id), ic));
    add(makeGateEvent(ic));
    add(makeDecisionEvent(run->state().plan(), true, {}, {}, ic));
    add(item(EventKind::Signed, "4.5"));
    add(makeStepFailedEvent(QStringLiteral("4.6"), QStringLiteral("lock *timeout* <b>x</b>"), eng));
    add(item(EventKind::NotApplicable, "4.6", QStringLiteral("migrations ran by hand")));
    add(makeStepFailedEvent(QStringLiteral("4.7"), QStringLiteral("gateway 502s"), eng));
    QCOMPARE(run->state().cutover().failureHistory().size(), 2);

    const ReportInput in = ReportInput::fromRunFile(*run);
    const QString md = QString::fromUtf8(toMarkdown(in));
    const QRegularExpression failed(
        QStringLiteral(R"(- \*\*FAILED at \d\d:\d\d UTC by Eli Novak \(Engineer\): lock )"
                       R"(\\\*timeout\\\* \\<b\\>x\\</b\\>\*\*; \*resolved at \d\d:\d\d UTC by )"
                       R"(Eli Novak \(Engineer\), marked N/A\*)"));
    QVERIFY2(failed.match(md).hasMatch(),
             qPrintable(md.mid(md.indexOf(QStringLiteral("4.6")), 600)));
    QVERIFY2(md.contains(QStringLiteral(
                 "**4.7** Deploy Backend \\& Gateway Services \u2014 **FAILED**, **OPEN**")),
             qPrintable(md.mid(md.indexOf(QStringLiteral("**4.7**")), 300)));
    QVERIFY(md.contains(QStringLiteral("(Engineer): gateway 502s**\n")));

    const QString pdf = m_dir.filePath(QStringLiteral("failed.pdf"));
    QVERIFY2(writePdf(in, pdf, QPageSize::A4, &error), qPrintable(error));
    keep(pdf);
    const QString text = squeezed(pdfText(pdf));
    QVERIFY2(QRegularExpression(QStringLiteral(R"(FAILEDat\d\d:\d\dUTCbyEliNovak\(Engineer\):)"
                                               R"(lock\*timeout\*<b>x</b>resolvedat\d\d:\d\dUTC)"
                                               R"(byEliNovak\(Engineer\),markedN/A)"))
                 .match(text)
                 .hasMatch(),
             qPrintable(text.mid(text.indexOf(QStringLiteral("FAILED")) - 200, 600)));
    QVERIFY(text.contains(QStringLiteral("\u2717FAILED4.7")));
    QVERIFY(text.contains(QStringLiteral("(Engineer):gateway502s")));
}

void TstReportRecord::unwritablePathFailsAndSaysWhy()
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

// writePdf never writes over the run it reports, by any name, nor over another run; the run
// stays byte for byte what it was.
void TstReportRecord::writePdfRefusesTheRunAndOtherRuns()
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

QTEST_MAIN(TstReportRecord)
#include "tst_report_record.moc"
