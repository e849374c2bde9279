// The report over a team's runbook shapes: nested groups indented by depth, a continuation under
// the resumed group's heading marked continued, a group with nothing to sign as a block of notes,
// titles kept as text.
#include "ChecklistReport.h"
#include "ReportTestUtil.h"
#include "RunbookBuilders.h"

#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace golive;
using golive::test::makeGroup;
using golive::test::makeItem;

namespace {

ReportInput nestedInput()
{
    ReportInput in;
    in.runId = QStringLiteral("00000000-0000-0000-0000-000000000001");
    in.runbookName = QStringLiteral("payments.md");
    in.runbookSha256 = QStringLiteral("0").repeated(64);
    in.generatedAtUtc = QDateTime(QDate(2026, 5, 1), QTime(10, 0), QTimeZone::utc());
    Runbook& rb = in.runbook;
    rb.title = QStringLiteral("Payments cutover");
    RunbookSection s;
    s.number = QStringLiteral("1");
    s.title = QStringLiteral("Cutover");
    RunbookGroup contacts = makeGroup(QStringLiteral("Contacts <b>bold</b> *not*"), 0, {});
    contacts.notes << RunbookText{
        QStringLiteral("Bridge 555"), QStringLiteral("Bridge 555"), {}, 0};
    s.groups = {makeGroup(QStringLiteral("Phase A"), 0,
                          {makeItem(QStringLiteral("1.1"), QStringLiteral("Announce"))}),
                makeGroup(QStringLiteral("Stage one"), 1,
                          {makeItem(QStringLiteral("1.2"), QStringLiteral("Drain"))}),
                makeGroup({}, 0, {makeItem(QStringLiteral("1.3"), QStringLiteral("Verify"))}, true),
                contacts};
    rb.sections << s;
    return in;
}

} // namespace

class TstReportShapes : public QObject
{
    Q_OBJECT

private slots:
    void markdownNestsGroupsAndQuotesNotes();
    void jsonNamesEachItemsGroupPath();
    void pdfShowsNestedGroupsAndNotes();
    void continuationOfTheUntitledGroupNamesTheTab();
};

void TstReportShapes::markdownNestsGroupsAndQuotesNotes()
{
    const QString md = QString::fromUtf8(toMarkdown(nestedInput()));
    QVERIFY2(md.contains(QStringLiteral("\n### Phase A\n")), qPrintable(md));
    QVERIFY2(md.contains(QStringLiteral("\n#### Stage one\n")), qPrintable(md));
    // The continuation's item is under the group it resumes: its heading comes back, marked as
    // continued, so the item is not read as the nested group's.
    const qsizetype stage = md.indexOf(QStringLiteral("#### Stage one"));
    const qsizetype resumed = md.indexOf(QStringLiteral("\n### Phase A (continued)\n"));
    const qsizetype verify = md.indexOf(QStringLiteral("1.3"));
    QVERIFY2(stage > 0 && resumed > stage && verify > resumed, qPrintable(md));
    // Nothing to sign: the notes are a quoted block; the title stays text, not markup.
    QVERIFY2(md.contains(QStringLiteral("> - Bridge 555")), qPrintable(md));
    QVERIFY2(!md.contains(QStringLiteral("<b>bold</b>")), qPrintable(md));
    QVERIFY2(!md.contains(QStringLiteral(" *not*")), qPrintable(md));
}

void TstReportShapes::jsonNamesEachItemsGroupPath()
{
    const QJsonObject root = QJsonDocument::fromJson(toJson(nestedInput())).object();
    QHash<QString, QJsonObject> byId;
    for (const QJsonValue v : root.value(QStringLiteral("items")).toArray())
        byId.insert(v.toObject().value(QStringLiteral("id")).toString(), v.toObject());
    QCOMPARE(byId.size(), 3);
    QCOMPARE(byId[QStringLiteral("1.2")].value(QStringLiteral("group")).toString(),
             QStringLiteral("Stage one"));
    QCOMPARE(byId[QStringLiteral("1.2")].value(QStringLiteral("groupPath")).toArray(),
             (QJsonArray{QStringLiteral("Phase A"), QStringLiteral("Stage one")}));
    // A continuation's item is in the group it resumes.
    QCOMPARE(byId[QStringLiteral("1.3")].value(QStringLiteral("group")).toString(),
             QStringLiteral("Phase A"));
    QCOMPARE(byId[QStringLiteral("1.3")].value(QStringLiteral("groupPath")).toArray(),
             QJsonArray{QStringLiteral("Phase A")});
}

void TstReportShapes::pdfShowsNestedGroupsAndNotes()
{
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("shapes.pdf"));
    QString error;
    QVERIFY2(writePdf(nestedInput(), pdf, QPageSize::A4, &error), qPrintable(error));
    const test::Tool t = test::runTool(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
    QCOMPARE(t.exitCode, 0);
    const QString text = QString::fromUtf8(t.out);
    // Where each word starts on the page (points from the left edge).
    const test::Tool boxes = test::runTool(QStringLiteral("pdftotext"),
                                           {QStringLiteral("-bbox"), pdf, QStringLiteral("-")});
    QCOMPARE(boxes.exitCode, 0);
    const auto leftOf = [&boxes](const QString& word) {
        const QRegularExpression re(QStringLiteral("xMin=\"([0-9.]+)\"[^>]*>%1<").arg(word));
        const QRegularExpressionMatch m = re.match(QString::fromUtf8(boxes.out));
        return m.hasMatch() ? m.captured(1).toDouble() : -1.0;
    };
    const double phase = leftOf(QStringLiteral("Phase"));
    const double stage = leftOf(QStringLiteral("Stage"));
    QVERIFY2(phase > 0 && stage > phase + 8,
             qPrintable(QStringLiteral("%1 %2").arg(phase).arg(stage)));
    QCOMPARE(leftOf(QStringLiteral("Contacts")), phase);
    // The resumed group's heading comes back before the continuation's item.
    QVERIFY2(text.indexOf(QStringLiteral("Phase A (continued)")) >
                     text.indexOf(QStringLiteral("Drain")) &&
                 text.indexOf(QStringLiteral("Verify")) >
                     text.indexOf(QStringLiteral("Phase A (continued)")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Notes to read, nothing to sign.")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Contacts <b>bold</b> *not*")), qPrintable(text));
}

void TstReportShapes::continuationOfTheUntitledGroupNamesTheTab()
{
    // "- [ ] g1 / - P *x* / - [ ] p1 / - [ ] g2" with no subheading: g2 resumes what stands
    // before any subheading, which has no title: the tab's name stands in for it.
    ReportInput in = nestedInput();
    RunbookSection& s = in.runbook.sections.first();
    s.title = QStringLiteral("Go <live>");
    s.groups = {
        makeGroup({}, 0, {makeItem(QStringLiteral("1.1"), QStringLiteral("g1"))}),
        makeGroup(QStringLiteral("P *x*"), 1,
                  {makeItem(QStringLiteral("1.2"), QStringLiteral("p1"))}),
        makeGroup({}, 0, {makeItem(QStringLiteral("1.3"), QStringLiteral("g2"))}, true),
        makeGroup(QStringLiteral("Q"), 1, {makeItem(QStringLiteral("1.4"), QStringLiteral("q1"))}),
        makeGroup({}, 1, {}, true)};
    const QString md = QString::fromUtf8(toMarkdown(in));
    const qsizetype p = md.indexOf(QStringLiteral("\n#### P \\*x\\*\n"));
    const qsizetype resumed = md.indexOf(QStringLiteral("\n### Go \\<live\\> (continued)\n"));
    const qsizetype g2 = md.indexOf(QStringLiteral("g2"));
    QVERIFY2(p > 0 && resumed > p && g2 > resumed, qPrintable(md));
    // A continuation with nothing in it gets no heading.
    QCOMPARE(md.count(QStringLiteral("(continued)")), 1);

    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("untitled.pdf"));
    QString error;
    QVERIFY2(writePdf(in, pdf, QPageSize::A4, &error), qPrintable(error));
    const test::Tool t = test::runTool(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
    QCOMPARE(t.exitCode, 0);
    const QString text = QString::fromUtf8(t.out);
    const qsizetype pdfResumed = text.indexOf(QStringLiteral("Go <live> (continued)"));
    QVERIFY2(pdfResumed > text.indexOf(QStringLiteral("p1")) &&
                 text.indexOf(QStringLiteral("g2")) > pdfResumed,
             qPrintable(text));
}

QTEST_MAIN(TstReportShapes)
#include "tst_report_shapes.moc"
