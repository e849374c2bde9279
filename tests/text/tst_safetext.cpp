// The one rule for what text may be recorded, and the escapers for each place it is shown.
#include "LedgerTestUtil.h"
#include "RunState.h"
#include "Runbook.h"
#include "RunbookParser.h"
#include "SafeText.h"
#include "Timeline.h"

#include <QTest>

using namespace golive;

class TestSafeText : public QObject
{
    Q_OBJECT

private slots:
    void controlAndBidiCharactersAreFound();
    void refusalNamesTheCharacter();
    void multiLineTextKeepsLineBreaksOnly();
    void terminalEscapesAreVisible();
    void terminalLinesAreIndented();
    void markdownCellsCannotBreakOut();
    void rightToLeftTextIsIsolated();
    void htmlIsEscaped();
    void prometheusMessagesAreCapped();
    void onlyWebLinksAreFollowable();
    void unsafeLinksBecomeText();
    void ledgerRefusesControlCharacters_data();
    void ledgerRefusesControlCharacters();
    void ledgerAcceptsPlainText();
    void timelineMarkdownShowsForgedTextEscaped();
};

void TestSafeText::controlAndBidiCharactersAreFound()
{
    QVERIFY(hasControlCharacters(QStringLiteral("Eve\x1b[8m")));
    QVERIFY(hasControlCharacters(QStringLiteral("Eve\r")));
    QVERIFY(hasControlCharacters(QStringLiteral("Eve\n")));
    QVERIFY(hasControlCharacters(QStringLiteral("a\u0085b")));
    QVERIFY(hasControlCharacters(QStringLiteral("a\u2028b")));
    QVERIFY(hasControlCharacters(QStringLiteral("a\x7f")));
    QVERIFY(!hasControlCharacters(QStringLiteral("line one\n\tline two"), true));
    QVERIFY(hasControlCharacters(QStringLiteral("line one\r\nline two"), true));
    QVERIFY(!hasControlCharacters(QStringLiteral("Ana Lima ✔ <b>")));
    for (const char16_t c : {u'\u202a', u'\u202b', u'\u202c', u'\u202d', u'\u202e', u'\u2066',
                             u'\u2067', u'\u2068', u'\u2069', u'\u200e', u'\u200f', u'\u061c'})
        QVERIFY2(hasBidiControls(QStringLiteral("Bob") + QChar(c)), qPrintable(QString::number(c)));
    QVERIFY(!hasBidiControls(QStringLiteral("שלום Bob")));
    QVERIFY(!hasBidiControls(QStringLiteral("👩‍💻 zero\u200dwidth joiner")));
}

void TestSafeText::refusalNamesTheCharacter()
{
    const QString esc =
        textRefusal(QStringLiteral("the name"), QStringLiteral("Eve\x1b[8m"), TextShape::OneLine);
    QVERIFY2(esc.contains(QStringLiteral("the name contains an escape character (ESC) at "
                                         "character 4")),
             qPrintable(esc));
    QVERIFY(esc.contains(QStringLiteral("nothing was recorded")));
    const QString nl = textRefusal(QStringLiteral("the name"),
                                   QStringLiteral("Eve\n✔ ledger intact"), TextShape::OneLine);
    QVERIFY2(nl.contains(QStringLiteral("a line break")), qPrintable(nl));
    const QString rlo = textRefusal(QStringLiteral("the field value"),
                                    QStringLiteral("Bob\u202eevil"), TextShape::OneLine);
    QVERIFY2(rlo.contains(QStringLiteral("text-direction control (U+202E)")), qPrintable(rlo));
    QVERIFY(textRefusal(QStringLiteral("the name"), QStringLiteral("Ana <b>Lima</b> & co"),
                        TextShape::OneLine)
                .isEmpty());
    // Invisible characters would let one signer pass as another ("A\u200bna" reads "Ana").
    for (const char16_t c : {u'\u200b', u'\u00ad', u'\ufeff', u'\u2060', u'\u180e'}) {
        const QString why =
            textRefusal(QStringLiteral("the name"),
                        QStringLiteral("A") + QChar(c) + QStringLiteral("na"), TextShape::OneLine);
        QVERIFY2(why.contains(QStringLiteral("invisible character")) &&
                     why.contains(QStringLiteral("at character 2")),
                 qPrintable(QString::number(c, 16) + QStringLiteral(": ") + why));
    }
    // The joiners stay: Persian names and emoji need them.
    QVERIFY(textRefusal(QStringLiteral("the name"), QStringLiteral("\u0645\u06cc\u200c\u0631"),
                        TextShape::OneLine)
                .isEmpty());
    QVERIFY(
        textRefusal(QStringLiteral("the name"), QStringLiteral("👩\u200d💻 Ana"), TextShape::OneLine)
            .isEmpty());
}

void TestSafeText::multiLineTextKeepsLineBreaksOnly()
{
    QVERIFY(textRefusal(QStringLiteral("the note"), QStringLiteral("first\n\tsecond"),
                        TextShape::MultiLine)
                .isEmpty());
    QVERIFY(!textRefusal(QStringLiteral("the note"), QStringLiteral("first\rsecond"),
                         TextShape::MultiLine)
                 .isEmpty());
    QVERIFY(
        !textRefusal(QStringLiteral("the note"), QStringLiteral("a\x1b[2Kb"), TextShape::MultiLine)
             .isEmpty());
    QVERIFY(
        !textRefusal(QStringLiteral("the note"), QStringLiteral("a\u2066b"), TextShape::MultiLine)
             .isEmpty());
}

void TestSafeText::terminalEscapesAreVisible()
{
    QCOMPARE(terminalSafe(QStringLiteral("Eve\n✔ ledger intact")),
             QStringLiteral("Eve\\n✔ ledger intact"));
    QCOMPARE(terminalSafe(QStringLiteral("a\x1b[8mb\rc\td\x7f")),
             QStringLiteral("a\\x1b[8mb\\rc\\td\\u007f"));
    QCOMPARE(terminalSafe(QStringLiteral("Bob\u202eevil\u0085")),
             QStringLiteral("Bob\\u202eevil\\u0085"));
    QCOMPARE(terminalSafe(QStringLiteral("Ana Lima")), QStringLiteral("Ana Lima"));
}

void TestSafeText::terminalLinesAreIndented()
{
    QCOMPARE(
        terminalSafeLines(QStringLiteral("one\nLedger: intact\x1b[8m"), QStringLiteral("    ")),
        QStringLiteral("one\n    Ledger: intact\\x1b[8m"));
}

void TestSafeText::markdownCellsCannotBreakOut()
{
    QCOMPARE(markdownEscaped(QStringLiteral("a|b\nc `x` <img src=y> [l](u) *e* &#x202E;")),
             QStringLiteral("a\\|b<br>c \\`x\\` \\<img src=y\\> \\[l\\](u) \\*e\\* \\&\\#x202E;"));
    QCOMPARE(markdownEscaped(QStringLiteral("esc\x1b[8m\u202e")),
             QStringLiteral("esc\\\\x1b\\[8m\\\\u202e"));
    QVERIFY(!markdownEscaped(QStringLiteral("a\rb")).contains(QLatin1Char('\r')));
}

void TestSafeText::rightToLeftTextIsIsolated()
{
    QCOMPARE(isolated(QStringLiteral("Ana")), QStringLiteral("Ana"));
    QCOMPARE(isolated(QStringLiteral("שלום")), QStringLiteral("\u2068שלום\u2069"));
    QCOMPARE(displaySafe(QStringLiteral("Bob\u202eevil")), QStringLiteral("Bob\\u202eevil"));
}

void TestSafeText::htmlIsEscaped()
{
    QCOMPARE(htmlSafe(QStringLiteral("<font size=7>GO</font>\nx\x1b")),
             QStringLiteral("&lt;font size=7&gt;GO&lt;/font&gt;<br>x\\x1b"));
}

void TestSafeText::prometheusMessagesAreCapped()
{
    const QString huge = QStringLiteral("\x1b[2J") + QString(1000, QLatin1Char('x'));
    const QString shown = cappedMessage(huge);
    QCOMPARE(shown.size(), 300);
    QVERIFY(shown.startsWith(QStringLiteral("\\x1b[2J")));
    QVERIFY(shown.endsWith(QStringLiteral("…")));
    QCOMPARE(cappedMessage(QStringLiteral("short")), QStringLiteral("short"));
}

void TestSafeText::onlyWebLinksAreFollowable()
{
    QVERIFY(isFollowableLink(QUrl(QStringLiteral("https://example.org/x"))));
    QVERIFY(isFollowableLink(QUrl(QStringLiteral("HTTP://example.org"))));
    QVERIFY(isFollowableLink(QUrl(QStringLiteral("mailto:ops@example.org"))));
    QVERIFY(!isFollowableLink(QUrl(QStringLiteral("file:///etc/passwd"))));
    QVERIFY(!isFollowableLink(QUrl(QStringLiteral("javascript:alert(1)"))));
    QVERIFY(!isFollowableLink(QUrl(QStringLiteral("JaVaScRiPt:alert(1)"))));
    QVERIFY(!isFollowableLink(QUrl(QStringLiteral("data:text/html,<b>x</b>"))));
    QVERIFY(!isFollowableLink(QUrl(QStringLiteral("docs/release/x.md"))));
    QVERIFY(!isFollowableLink(QUrl(QStringLiteral("smb://host/share"))));
}

void TestSafeText::unsafeLinksBecomeText()
{
    const RunbookParseResult parsed = RunbookParser::parse(
        QByteArrayLiteral("# T\n\n## 1. S\n\n- [ ] See [the passwords](file:///etc/passwd)"
                          " and [the wiki](https://wiki.example.org/a?b=1&c=2) and "
                          "<javascript:alert(1)>\n"),
        QStringLiteral("t.md"));
    const RunbookItem* item = parsed.runbook.findItem(QStringLiteral("1.1"));
    QVERIFY(item);
    const QString html = renderHtml(item->titleHtml, parsed.runbook, {});
    QVERIFY2(!html.contains(QStringLiteral("href=\"file:")), qPrintable(html));
    QVERIFY2(!html.contains(QStringLiteral("href=\"javascript:")), qPrintable(html));
    QVERIFY2(html.contains(QStringLiteral("the passwords (file:///etc/passwd)")), qPrintable(html));
    QVERIFY2(html.contains(QStringLiteral("<a href=\"https://wiki.example.org/a?b=1&amp;c=2\">the "
                                          "wiki</a>")),
             qPrintable(html));
}

void TestSafeText::ledgerRefusesControlCharacters_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    const int sign = int(EventKind::Signed);
    const int fill = int(EventKind::FieldFilled);
    QTest::newRow("newline in name") << sign << QStringLiteral("Eve\n✔ ledger intact") << QString()
                                     << QStringLiteral("the name contains a line break");
    QTest::newRow("ESC in name") << sign << QStringLiteral("Eve\x1b[8m") << QString()
                                 << QStringLiteral("the name contains an escape character");
    QTest::newRow("override in name") << sign << QStringLiteral("Bob\u202eevil") << QString()
                                      << QStringLiteral("text-direction control (U+202E)");
    QTest::newRow("CR in note") << sign << QStringLiteral("Ana") << QStringLiteral("ok\rforged")
                                << QStringLiteral("the note or reason contains a carriage return");
    QTest::newRow("newline in value")
        << fill << QStringLiteral("Ana") << QStringLiteral("Ana\nforged")
        << QStringLiteral("the field value contains a line break");
    QTest::newRow("isolate in value")
        << fill << QStringLiteral("Ana") << QStringLiteral("Ana\u2067x")
        << QStringLiteral("the field value contains a text-direction");
}

void TestSafeText::ledgerRefusesControlCharacters()
{
    QFETCH(int, kind);
    QFETCH(QString, name);
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const Runbook rb = test::makeRunbook();
    RunState state(&rb);
    SignOffEvent e =
        test::makeEvent(EventKind(kind), QStringLiteral("1.1"), name, Role::ReleaseCaptain, text);
    if (e.kind == EventKind::FieldFilled) {
        e.itemId.clear();
        e.fieldKey = QStringLiteral("owner");
    }
    QString error;
    QVERIFY(!state.validate(e, &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
}

void TestSafeText::ledgerAcceptsPlainText()
{
    const Runbook rb = test::makeRunbook();
    RunState state(&rb);
    SignOffEvent e =
        test::makeEvent(EventKind::Signed, QStringLiteral("1.1"), QStringLiteral("Ana <b>Lima</b>"),
                        Role::ReleaseCaptain, QStringLiteral("line one\n\tline two"));
    QString error;
    QVERIFY2(state.validate(e, &error), qPrintable(error));
    SignOffEvent fill = test::makeEvent(EventKind::FieldFilled, QString(), QStringLiteral("Ana"),
                                        Role::ReleaseCaptain, QStringLiteral("דנה & <i>co</i>"));
    fill.fieldKey = QStringLiteral("owner");
    QVERIFY2(state.validate(fill, &error), qPrintable(error));
}

// Events already in a run (an older golive's, or forged) are folded in as they are; the
// timeline's Markdown still shows their text as escaped data, one table row per event.
void TestSafeText::timelineMarkdownShowsForgedTextEscaped()
{
    const Runbook rb = test::makeRunbook();
    RunState state(&rb);
    SignOffEvent e = test::makeEvent(
        EventKind::Signed, QStringLiteral("1.1"), QStringLiteral("Eve\x1b[8m\r| forged | row"),
        Role::ReleaseCaptain, QStringLiteral("note\x1b[2J\u202e `code` <img src=x>\r\nsecond"));
    e.seq = 1;
    e.timeUtc = QDateTime(QDate(2026, 5, 1), QTime(10, 0), Qt::UTC);
    state.apply(e);
    const QString md = QString::fromUtf8(timelineMarkdown(state, QStringLiteral("run\x1b")));
    QVERIFY2(!hasControlCharacters(md, true), qPrintable(visibleControls(md)));
    QVERIFY2(!hasBidiControls(md), qPrintable(visibleControls(md)));
    QVERIFY2(md.contains(QStringLiteral("Eve\\\\x1b\\[8m\\\\r\\| forged \\| row")), qPrintable(md));
    QVERIFY2(md.contains(QStringLiteral("\\`code\\` \\<img src=x\\><br>second")), qPrintable(md));
}

QTEST_GUILESS_MAIN(TestSafeText)
#include "tst_safetext.moc"
