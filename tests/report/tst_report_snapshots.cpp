// What golive could see at each decision, on the record: a run on the bundled runbook (its events
// folded in memory through the rules, chained as the ledger chains them) whose GO was taken over
// a breach. The PDF (read back with pdftotext) prints the snapshot's table beside the GO in "The
// cutover" and again in the appendix of decision snapshots, the GO's pre-check names it; the
// Markdown report and the timeline export carry the same, a panel title that is markup escaped.
// GOLIVE_REPORT_KEEP=DIR keeps the PDF; GOLIVE_SCREENSHOT_DIR=DIR writes the page of the GO as
// screenshot-decision-pdf.png (pdftoppm).
#include "ChecklistReport.h"
#include "Cutover.h"
#include "ItemCheckSupport.h"
#include "ReportTestUtil.h"
#include "RunState.h"
#include "RunbookParser.h"
#include "Timeline.h"

#include "../SnapshotSamples.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>

using namespace golive;
using golive::test::breachSnapshot;
using golive::test::calmSnapshot;
using golive::test::kHostilePanelTitle;

namespace {

Actor person(const char* name, Role role)
{
    Actor a;
    a.name = QString::fromUtf8(name);
    a.role = role;
    a.osUser = QStringLiteral("ops");
    a.host = QStringLiteral("warroom-1");
    return a;
}

QDateTime at(int hour, int minute)
{
    return QDateTime(QDate(2026, 5, 1), QTime(hour, minute), Qt::UTC);
}

// A run in memory: each event validated by the rules, numbered and chained from the run's
// genesis as the ledger does, then folded.
class MemoryRun
{
public:
    explicit MemoryRun(const QString& runbookPath)
    {
        QFile file(runbookPath);
        if (!file.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(runbookPath));
        const QByteArray text = file.readAll();
        m_parsed = RunbookParser::parse(text, QStringLiteral("summit.md"));
        input.runId = QStringLiteral("11111111-2222-3333-4444-555555555555");
        input.runbookName = QStringLiteral("summit.md");
        input.runbookSha256 =
            QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex());
        input.runbook = m_parsed.runbook;
        input.generatedAtUtc = at(8, 0);
        state.reset(&m_parsed.runbook);
        m_prev = SignOffEvent::genesisFor(input.runId, input.runbookSha256);
    }

    // "" when recorded, else the rules' refusal.
    QString record(SignOffEvent e, const QDateTime& time)
    {
        e.timeUtc = time;
        QString error;
        if (!state.validate(e, &error))
            return error;
        e.seq = input.events.size() + 1;
        e.prevHash = m_prev;
        e.hash = e.computeHash();
        m_prev = e.hash;
        state.apply(e);
        input.events.append(e);
        return {};
    }

    bool ok() const { return m_parsed.ok(); }

    ReportInput input;
    RunState state;

private:
    RunbookParseResult m_parsed;
    QByteArray m_prev;
};

SignOffEvent signOff(const char* id, const Actor& who)
{
    SignOffEvent e;
    e.kind = EventKind::Signed;
    e.itemId = QLatin1String(id);
    e.actor = who;
    return e;
}

// The text between the first `from` at or after `start` and the next "#<digits> " heading
// after it (squeezed: no white space), or "" when there is no `from`.
QString partFrom(const QString& squeezedText, const QString& from, qsizetype start = 0)
{
    const qsizetype begin = squeezedText.indexOf(from, start);
    if (begin < 0)
        return {};
    static const QRegularExpression heading(QStringLiteral("#\\d+(GO|Go/No-Go|Step|Live|Roll)"));
    const QRegularExpressionMatch next = heading.match(squeezedText, begin + from.size());
    return squeezedText.mid(begin, next.hasMatch() ? next.capturedStart() - begin : -1);
}

} // namespace

class TstReportSnapshots : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void pdfPrintsTheSnapshotBesideTheGoAndInTheAppendix();
    void markdownReportAndTimelineCarryIt();

private:
    std::unique_ptr<MemoryRun> m_run;
    qint64 m_goSeq = 0;
    qint64 m_gateSeq = 0;
    QTemporaryDir m_dir;
};

void TstReportSnapshots::initTestCase()
{
    m_run = std::make_unique<MemoryRun>(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    QVERIFY(m_run->ok());
    MemoryRun& run = *m_run;
    const Actor ic = person("Inès Duarte", Role::IncidentCommander);
    const Actor rc = person("Rae Okafor", Role::ReleaseCaptain);
    const Actor eng = person("Eli Novak", Role::Engineer);
    QCOMPARE(run.record(signOff("4.1", eng), at(5, 0)), QString());
    // 4.3 (requires=health-green) and 4.4 (requires=previous-complete): the incident commander
    // over their open checks, as a run that records no health checks signs them.
    for (const char* id : {"4.3", "4.4"})
        QCOMPARE(run.record(test::signedOverOpenChecks(run.state, QLatin1String(id), ic), at(5, 0)),
                 QString());
    SignOffEvent gate = makeGateEvent(rc);
    gate.snapshot = calmSnapshot(at(5, 40)).toJson();
    QCOMPARE(run.record(gate, at(5, 40)), QString());
    m_gateSeq = run.input.events.size();
    SignOffEvent go =
        makeDecisionEvent(run.state.plan(), true, QStringLiteral("bridge ready"), {}, ic);
    go.snapshot = breachSnapshot(at(5, 55)).toJson();
    QCOMPARE(run.record(go, at(5, 55)), QString());
    m_goSeq = run.input.events.size();
    QCOMPARE(run.state.cutover().phase(), Phase::Cutover);
}

void TstReportSnapshots::pdfPrintsTheSnapshotBesideTheGoAndInTheAppendix()
{
    const QString pdf = m_dir.filePath(QStringLiteral("snapshots.pdf"));
    QString error;
    QVERIFY2(writePdf(m_run->input, pdf, QPageSize::A4, &error), qPrintable(error));
    if (const QString keep = qEnvironmentVariable("GOLIVE_REPORT_KEEP"); !keep.isEmpty()) {
        QDir().mkpath(keep);
        QFile::remove(QDir(keep).filePath(QStringLiteral("snapshots.pdf")));
        QFile::copy(pdf, QDir(keep).filePath(QStringLiteral("snapshots.pdf")));
    }
    const QString text = test::squeezed(test::pdfText(pdf));
    QVERIFY(!text.isEmpty());
    const QString goHeading = QStringLiteral("#%1GO\u00b72026-05-0105:55:00UTC").arg(m_goSeq);

    // Beside the GO, in the cutover part: who, why, that it was over a breach, the table.
    const qsizetype cutover = text.indexOf(QStringLiteral("Thecutover"));
    QVERIFY2(cutover > 0, qPrintable(text.left(3000)));
    const QString beside = partFrom(text, goHeading, cutover);
    QVERIFY2(!beside.isEmpty(), qPrintable(text.mid(cutover, 3000)));
    QVERIFY2(beside.contains(QStringLiteral("InèsDuarte(IncidentCommander):GO:bridgeready")),
             qPrintable(beside));
    QVERIFY2(beside.contains(QStringLiteral("Takenoverabreach:prov-ledgerp95latency,alert"
                                            "ProvLedgerLatencyHigh")),
             qPrintable(beside));
    // The panel, its value, its objective and BREACH on one row, in that order.
    QVERIFY2(beside.contains(QStringLiteral("prov-ledgerp95latency452ms<300ms\u2717BREACH")),
             qPrintable(beside));
    // A title that is markup prints as its characters.
    QVERIFY2(beside.contains(test::squeezed(kHostilePanelTitle) + QStringLiteral("nodata")),
             qPrintable(beside));
    QVERIFY2(beside.contains(QStringLiteral("Health:gatewayup\u00b7prov-ledgerDOWN(HTTP503)")),
             qPrintable(beside));
    QVERIFY2(beside.contains(QStringLiteral("Alerts:2firing:ProvLedgerLatencyHigh(critical)")),
             qPrintable(beside));
    // The gate's moment was calm: its table says ok, and no breach.
    const QString gate =
        partFrom(text, QStringLiteral("#%1Go/No-Goopened").arg(m_gateSeq), cutover);
    QVERIFY2(gate.contains(QStringLiteral("prov-ledgerp95latency210ms<300msok")), qPrintable(gate));
    QVERIFY2(!gate.contains(QStringLiteral("BREACH")), qPrintable(gate));

    // The go-decision pre-check's row names the snapshot.
    QVERIFY2(text.contains(QStringLiteral("Whatgolivesaw:#%1GO,takenoverabreach:prov-ledgerp95"
                                          "latency")
                               .arg(m_goSeq)),
             qPrintable(text));

    // And the appendix, after the sections, holds it again.
    const qsizetype appendix = text.indexOf(QStringLiteral("Appendix:decisionsnapshots"));
    QVERIFY2(appendix > cutover, qPrintable(text.right(4000)));
    const QString again = partFrom(text, goHeading, appendix);
    QVERIFY2(again.contains(QStringLiteral("prov-ledgerp95latency452ms<300ms\u2717BREACH")),
             qPrintable(again));
    QVERIFY2(text.indexOf(QStringLiteral("Appendix:theeventhistory")) > appendix,
             qPrintable(text.right(4000)));

    // The page with the GO's table, for people to look at.
    if (const QString dir = qEnvironmentVariable("GOLIVE_SCREENSHOT_DIR"); !dir.isEmpty()) {
        const int pages = test::pdfInfo(pdf).pages;
        int page = 0;
        for (int p = 1; p <= pages && page == 0; ++p) {
            if (test::squeezed(test::pdfText(pdf, p)).contains(goHeading))
                page = p;
        }
        QVERIFY(page > 0);
        const QString base = QDir(dir).filePath(QStringLiteral("screenshot-decision-pdf"));
        const test::Tool t =
            test::runTool(QStringLiteral("pdftoppm"),
                          {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("100"),
                           QStringLiteral("-f"), QString::number(page), QStringLiteral("-l"),
                           QString::number(page), QStringLiteral("-singlefile"), pdf, base});
        QCOMPARE(t.exitCode, 0);
    }
}

void TstReportSnapshots::markdownReportAndTimelineCarryIt()
{
    const QString md = QString::fromUtf8(toMarkdown(m_run->input));
    const QString row =
        QStringLiteral("| prov-ledger p95 latency | 452 ms | \\< 300 ms | **BREACH** |\n");
    const QString hostile = QStringLiteral("| \\| \\<b\\>x\\</b\\> | no data |");
    const QString goHeading =
        QStringLiteral("\n### #%1 GO, 2026-05-01 05:55:00 UTC\n").arg(m_goSeq);

    const qsizetype cutover = md.indexOf(QStringLiteral("\n## The cutover\n"));
    QVERIFY2(cutover > 0, qPrintable(md));
    const qsizetype go = md.indexOf(goHeading, cutover);
    QVERIFY2(go > cutover, qPrintable(md.mid(cutover, 3000)));
    const qsizetype nextHeading = md.indexOf(QStringLiteral("\n##"), go + goHeading.size());
    const QString beside = md.mid(go, nextHeading - go);
    QVERIFY2(beside.contains(row), qPrintable(beside));
    QVERIFY2(beside.contains(hostile), qPrintable(beside));
    QVERIFY2(beside.contains(QStringLiteral("**Taken over a breach: prov-ledger p95 latency, "
                                            "alert ProvLedgerLatencyHigh**")),
             qPrintable(beside));
    // The sections come after the cutover; the go-decision pre-check points at the snapshot.
    QVERIFY2(md.indexOf(QStringLiteral("\n## 4. ")) > go, qPrintable(md));
    QVERIFY2(md.contains(QStringLiteral("- *What golive saw:* **\\#%1 GO, taken over a breach: "
                                        "prov-ledger p95 latency, alert "
                                        "ProvLedgerLatencyHigh**, in the decision snapshots "
                                        "appendix\n")
                             .arg(m_goSeq)),
             qPrintable(md.mid(md.indexOf(QStringLiteral("What golive saw")) - 20, 300)));
    const qsizetype appendix = md.indexOf(QStringLiteral("\n## Appendix: decision snapshots\n"));
    QVERIFY2(appendix > go, qPrintable(md));
    const qsizetype again = md.indexOf(goHeading, appendix);
    QVERIFY2(again > appendix && md.indexOf(row, again) > again, qPrintable(md.mid(appendix)));
    QVERIFY2(md.indexOf(QStringLiteral("\n## Appendix: the event history\n")) > again,
             qPrintable(md.mid(appendix)));
    // The title is never markup, anywhere.
    QVERIFY2(!md.contains(QStringLiteral("<b>x</b>")), qPrintable(md));

    // The timeline export for the postmortem: the GO's line marked, its table by number.
    const QString timeline = QString::fromUtf8(timelineMarkdown(m_run->state, m_run->input.runId));
    QVERIFY2(timeline.contains(QStringLiteral("| GO: bridge ready \u00b7 over a breach |")),
             qPrintable(timeline));
    const qsizetype snapshots = timeline.indexOf(QStringLiteral("\n## Snapshots\n"));
    const qsizetype goTable = timeline.indexOf(
        QStringLiteral("\n### #%1 GO, 2026-05-01 05:55:00 UTC (taken over a breach: "
                       "prov-ledger p95 latency, alert ProvLedgerLatencyHigh)\n")
            .arg(m_goSeq));
    QVERIFY2(snapshots > 0 && goTable > snapshots, qPrintable(timeline));
    QVERIFY2(timeline.indexOf(row, goTable) > goTable, qPrintable(timeline.mid(goTable)));
    QVERIFY2(timeline.indexOf(hostile, goTable) > goTable, qPrintable(timeline.mid(goTable)));
    QVERIFY2(!timeline.contains(QStringLiteral("<b>x</b>")), qPrintable(timeline));
}

QTEST_MAIN(TstReportSnapshots)
#include "tst_report_snapshots.moc"
