// Secrets kept out of command output (Redactor), and output shown without raw escapes
// (TerminalText): each default pattern, the counts, hostile escapes, binary input.
#include "evidence/Redaction.h"
#include "evidence/TerminalText.h"

#include <QRandomGenerator>
#include <QTest>

using namespace golive;

namespace {

Redactor defaults()
{
    QString error;
    std::optional<Redactor> r = Redactor::fromPatterns(Redactor::defaultPatterns(), &error);
    if (!r)
        qFatal("%s", qPrintable(error));
    return *r;
}

// No C0 control but '\n' and '\t', no DEL, no C1 control: nothing a terminal would act on.
bool noRawControls(const QString& text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\n' && u != u'\t') || u == 0x7f || (u >= 0x80 && u < 0xa0))
            return false;
    }
    return true;
}

} // namespace

class TestRedactionTerminal : public QObject
{
    Q_OBJECT

private slots:
    void eachDefaultPattern_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<int>("count");
        QTest::newRow("authorization") << QByteArray("Authorization: Basic dXNlcjpwYXNz")
                                       << QByteArray("Authorization: [REDACTED]") << 1;
        QTest::newRow("curl header") << QByteArray("> authorization: Bearer abc.def")
                                     << QByteArray("> authorization: [REDACTED]") << 1;
        QTest::newRow("password=") << QByteArray("password=hunter2 user=bob")
                                   << QByteArray("password=[REDACTED] user=bob") << 1;
        QTest::newRow("DB_PASSWORD") << QByteArray("export DB_PASSWORD='s3 cr3t'")
                                     << QByteArray("export DB_PASSWORD=[REDACTED]") << 1;
        QTest::newRow("passwd:") << QByteArray("passwd: x") << QByteArray("passwd: [REDACTED]")
                                 << 1;
        QTest::newRow("pwd") << QByteArray("pwd=abc") << QByteArray("pwd=[REDACTED]") << 1;
        QTest::newRow("json secret") << QByteArray(R"({"client_secret": "abc", "n": 1})")
                                     << QByteArray(R"({"client_secret": [REDACTED], "n": 1})") << 1;
        QTest::newRow("token") << QByteArray("TOKEN=abc;next")
                               << QByteArray("TOKEN=[REDACTED];next") << 1;
        QTest::newRow("api_key") << QByteArray("api_key: k1 apikey=k2 API-KEY=k3")
                                 << QByteArray("api_key: [REDACTED] apikey=[REDACTED] "
                                               "API-KEY=[REDACTED]")
                                 << 3;
        QTest::newRow("bearer") << QByteArray("using Bearer eyJhbGciOi.x_y-z== now")
                                << QByteArray("using Bearer [REDACTED] now") << 1;
        QTest::newRow("aws") << QByteArray("key AKIAIOSFODNN7EXAMPLE in use")
                             << QByteArray("key [REDACTED] in use") << 1;
        QTest::newRow("github") << QByteArray("ghp_0123456789abcdefghijABCDEFGHIJ and "
                                              "gho_0123456789abcdefghij")
                                << QByteArray("[REDACTED] and [REDACTED]") << 2;
        QTest::newRow("gitlab") << QByteArray("glpat-abcdefghij0123456789")
                                << QByteArray("[REDACTED]") << 1;
        QTest::newRow("slack") << QByteArray("hook xoxb-1234567890-abcdef")
                               << QByteArray("hook [REDACTED]") << 1;
        QTest::newRow("counted once") << QByteArray("token=ghp_0123456789abcdefghijABCDEF")
                                      << QByteArray("token=[REDACTED]") << 1;
        QTest::newRow("nothing") << QByteArray("all 12 checks passed; tokens: none")
                                 << QByteArray("all 12 checks passed; tokens: [REDACTED]") << 1;
        QTest::newRow("plain") << QByteArray("deploy finished in 3s")
                               << QByteArray("deploy finished in 3s") << 0;
        QTest::newRow("url password")
            << QByteArray("connecting to postgres://app:Hunter2pw@db/x")
            << QByteArray("connecting to postgres://app:[REDACTED]@db/x") << 1;
        QTest::newRow("git url") << QByteArray("git clone https://deploy:tok@github.com/x")
                                 << QByteArray("git clone https://deploy:[REDACTED]@github.com/x")
                                 << 1;
        QTest::newRow("url without password")
            << QByteArray("see http://host:8080/path and https://bob@host/")
            << QByteArray("see http://host:8080/path and https://bob@host/") << 0;
        QTest::newRow("json private_key")
            << QByteArray("{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQ\\\"x\\n"
                          "-----END PRIVATE KEY-----\\n\", \"n\": 1}")
            << QByteArray("{\"private_key\": [REDACTED], \"n\": 1}") << 1;
        QTest::newRow("--password") << QByteArray("mysql --password hunter2x -h db")
                                    << QByteArray("mysql --password [REDACTED] -h db") << 1;
        QTest::newRow("--token") << QByteArray("cli --token X --verbose")
                                 << QByteArray("cli --token [REDACTED] --verbose") << 1;
        QTest::newRow("-p is not taken")
            << QByteArray("mysql -p hunter2x -h db") << QByteArray("mysql -p hunter2x -h db") << 0;
        QTest::newRow("cookie") << QByteArray("> Cookie: session=abc; id=2")
                                << QByteArray("> Cookie: [REDACTED]") << 1;
        QTest::newRow("set-cookie") << QByteArray("< Set-Cookie: sid=xyz; HttpOnly")
                                    << QByteArray("< Set-Cookie: [REDACTED]") << 1;
        QTest::newRow("authorization=") << QByteArray("authorization=Basic dXNlcjpwYXNz")
                                        << QByteArray("authorization=[REDACTED]") << 1;
        QTest::newRow("split by colours")
            << QByteArray("{\x1b[34m\"password\"\x1b[0m: \x1b[32m\"x\"\x1b[0m}")
            << QByteArray("{\"password\": [REDACTED]}") << 1;
        QTest::newRow("after an unterminated osc")
            << QByteArray("\x1b]0;title password=hunter2")
            << QByteArray("0;title password=[REDACTED]") << 1;
        QTest::newRow("colours kept without a secret")
            << QByteArray("\x1b[32mok\x1b[0m: all good")
            << QByteArray("\x1b[32mok\x1b[0m: all good") << 0;
    }
    void eachDefaultPattern()
    {
        QFETCH(QByteArray, line);
        QFETCH(QByteArray, expected);
        QFETCH(int, count);
        Redactor r = defaults();
        int n = 0;
        QCOMPARE(r.redactLine(line, &n), expected);
        QCOMPARE(n, count);
        // The block pass gives the same as the line pass.
        Redactor r2 = defaults();
        int n2 = 0;
        QCOMPARE(r2.redactLines("first\n" + line + "\nlast\n", &n2),
                 "first\n" + expected + "\nlast\n");
        QCOMPARE(n2, count);
    }

    // An OSC left open on one line must not swallow the next lines' secrets from the block
    // pass (which strips escapes before it looks).
    void anOpenOscHidesNothing()
    {
        Redactor r = defaults();
        int n = 0;
        const QByteArray out = r.redactLines("\x1b]0;x\npassword=hunter2\n", &n);
        QVERIFY2(!out.contains("hunter2"), out.constData());
        QCOMPARE(n, 1);
    }

    void privateKeyBodiesAreRemoved()
    {
        Redactor r = defaults();
        int n = 0;
        const QByteArray out = r.redactLines("before\n-----BEGIN OPENSSH PRIVATE KEY-----\n"
                                             "b3BlbnNzaC1rZXktdjEAAAAA\nAAAABG5vbmUAAAAEbm9uZQ\n"
                                             "-----END OPENSSH PRIVATE KEY-----\nafter\n",
                                             &n);
        QCOMPARE(out, QByteArray("before\n-----BEGIN OPENSSH PRIVATE KEY-----\n[REDACTED]\n"
                                 "[REDACTED]\n-----END OPENSSH PRIVATE KEY-----\nafter\n"));
        QCOMPARE(n, 2);
        // A block split across calls: the state carries over.
        Redactor s = defaults();
        int m = 0;
        QCOMPARE(s.redactLine("-----BEGIN RSA PRIVATE KEY-----", &m),
                 QByteArray("-----BEGIN RSA PRIVATE KEY-----"));
        QCOMPARE(s.redactLines("MIIEpAIBAAKCAQEA\n", &m), QByteArray("[REDACTED]\n"));
        QCOMPARE(s.redactLine("-----END RSA PRIVATE KEY-----", &m),
                 QByteArray("-----END RSA PRIVATE KEY-----"));
        QCOMPARE(s.redactLine("public", &m), QByteArray("public"));
        QCOMPARE(m, 1);
    }

    // Secrets are matched line by line: a secret split across two lines is two halves that
    // match nothing, and a value ends at its line's end.
    void secretsSplitAcrossLines()
    {
        Redactor r = defaults();
        int n = 0;
        QCOMPARE(r.redactLines("password=\nhunter2\n", &n), QByteArray("password=\nhunter2\n"));
        QCOMPARE(n, 0);
        QCOMPARE(r.redactLines("password=hunter2\nnext line\n", &n),
                 QByteArray("password=[REDACTED]\nnext line\n"));
        QCOMPARE(n, 1);
    }

    void ownPatternsAndNamedGroups()
    {
        QString error;
        std::optional<Redactor> r = Redactor::fromPatterns(
            {QStringLiteral("(?<secret>\\d{4})-\\d{4}"), QStringLiteral("internal-[a-z]+")},
            &error);
        QVERIFY2(r, qPrintable(error));
        int n = 0;
        QCOMPARE(r->redactLines("card 1234-5678 host internal-db\n", &n),
                 QByteArray("card [REDACTED]-5678 host [REDACTED]\n"));
        QCOMPARE(n, 2);
        QVERIFY(!Redactor::fromPatterns({QStringLiteral("(unclosed")}, &error));
        QVERIFY2(error.contains(QStringLiteral("(unclosed")), qPrintable(error));
        QVERIFY(!Redactor::fromPatterns({QString()}, &error));
    }

    void bytesThatAreNotUtf8PassUnchanged()
    {
        Redactor r = defaults();
        int n = 0;
        const QByteArray line("\xff\xfe password=x \xc3\x28 tail");
        QCOMPARE(r.redactLine(line, &n), QByteArray("\xff\xfe password=[REDACTED] \xc3\x28 tail"));
        QCOMPARE(n, 1);
        QByteArray binary(4096, '\0');
        for (char& c : binary)
            c = char(QRandomGenerator::global()->bounded(256));
        binary.replace("PRIVATE KEY", "private key");
        Redactor r2 = defaults();
        int m = 0;
        const QByteArray out = r2.redactLines(binary, &m);
        if (m == 0)
            QCOMPARE(out, binary);
    }

    void sgrColoursRenderedOrDropped()
    {
        const QByteArray in("\x1b[1;31mFAIL\x1b[0m ok \x1b[38;5;196mx\x1b[39m "
                            "\x1b[48;2;1;2;3my\x1b[m");
        QCOMPARE(terminalPlainText(in), QStringLiteral("FAIL ok x y"));
        const QString html = terminalHtml(in);
        QVERIFY2(html.contains(
                     QStringLiteral("<span style=\"color:#cd0000;font-weight:bold\">FAIL</span>")),
                 qPrintable(html));
        QVERIFY2(html.contains(QStringLiteral("<span style=\"color:#ff0000\">x</span>")),
                 qPrintable(html));
        QVERIFY2(html.contains(QStringLiteral("<span style=\"background-color:#010203\">y</span>")),
                 qPrintable(html));
        QCOMPARE(html.count(QStringLiteral("<span")), html.count(QStringLiteral("</span>")));
        QCOMPARE(terminalHtml("<b>&amp;</b>"), QStringLiteral("&lt;b&gt;&amp;amp;&lt;/b&gt;"));
    }

    void hostileEscapesAreRemoved_data()
    {
        QTest::addColumn<QByteArray>("in");
        QTest::addColumn<QString>("plain");
        QTest::newRow("osc 52 clipboard BEL") << QByteArray("a\x1b]52;c;ZWNobyBwd25lZA==\x07"
                                                            "b")
                                              << QStringLiteral("ab");
        QTest::newRow("osc 52 clipboard ST")
            << QByteArray("a\x1b]52;c;ZWNobyBwd25lZA==\x1b\\b") << QStringLiteral("ab");
        QTest::newRow("title set")
            << QByteArray("\x1b]0;owned\x07title") << QStringLiteral("title");
        QTest::newRow("osc 8 link")
            << QByteArray("\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\")
            << QStringLiteral("click");
        QTest::newRow("cursor moves")
            << QByteArray("x\x1b[2J\x1b[H\x1b[10;20H\x1b[?25ly\x1b[K") << QStringLiteral("xy");
        QTest::newRow("dcs") << QByteArray("1\x1bPq#0;2;0;0;0#1~~\x1b\\2") << QStringLiteral("12");
        QTest::newRow("charset and keypad") << QByteArray("a\x1b(0b\x1b=c\x1b"
                                                          "7d")
                                            << QStringLiteral("abcd");
        QTest::newRow("bell backspace del") << QByteArray("a\x07"
                                                          "b\x08"
                                                          "c\x7f")
                                            << QStringLiteral("a\\x07b\\x08c\\u007f");
        QTest::newRow("crlf and cr") << QByteArray("a\r\nb\rc\n") << QStringLiteral("a\nb\nc\n");
        QTest::newRow("c1 csi as utf-8") << QByteArray("a\xc2\x9b"
                                                       "31mb")
                                         << QStringLiteral("a\\u009b31mb");
        QTest::newRow("8-bit csi byte") << QByteArray("a\x9b"
                                                      "31mb")
                                        << QStringLiteral("a\uFFFD31mb");
        QTest::newRow("bidi override") << QByteArray("a\xe2\x80\xae"
                                                     "b")
                                       << QStringLiteral("a\\u202eb");
        QTest::newRow("unterminated osc")
            << QByteArray("a\x1b]0;never ends") << QStringLiteral("a");
        QTest::newRow("invalid utf-8") << QByteArray("\xc3\x28|\xed\xa0\x80|\xf0\x9f\x98\x80")
                                       << QStringLiteral("\uFFFD(|\uFFFD|\U0001F600");
        QTest::newRow("cut character at end")
            << QByteArray("ok\xe2\x82") << QStringLiteral("ok\uFFFD");
    }
    void hostileEscapesAreRemoved()
    {
        QFETCH(QByteArray, in);
        QFETCH(QString, plain);
        QCOMPARE(terminalPlainText(in), plain);
        QVERIFY(noRawControls(terminalHtml(in)));
        QVERIFY(!terminalHtml(in).contains(QStringLiteral("evil")));
    }

    // Chunks split anywhere (inside an escape, inside a character) give the same text.
    void streamSplitsAnywhere()
    {
        const QByteArray in("\x1b[32mgr\xc3\xa9\x1b[0mn \x1b]52;c;" + QByteArray(300, 'A') +
                            "\x07"
                            "done \xf0\x9f\x98\x80\r\n");
        const QString whole = terminalPlainText(in);
        QCOMPARE(whole, QStringLiteral("gr\u00e9n done \U0001F600\n"));
        for (int step = 1; step <= 7; ++step) {
            TerminalStream stream;
            QString joined;
            for (qsizetype i = 0; i < in.size(); i += step)
                joined += stream.plainChunk(in.mid(i, step));
            QCOMPARE(joined, whole);
        }
        TerminalStream html;
        const QString first = html.htmlChunk("\x1b[31mred");
        const QString second = html.htmlChunk(" still\x1b[0m plain");
        QCOMPARE(first, QStringLiteral("<span style=\"color:#cd0000\">red</span>"));
        QCOMPARE(second, QStringLiteral("<span style=\"color:#cd0000\"> still</span> plain"));
    }

    // For a terminal: only SGR sequences golive writes itself, reset at the end of each chunk.
    void ansiKeepsOnlyColours()
    {
        TerminalStream stream;
        const QString out = stream.ansiChunk("\x1b]0;title\x07\x1b[1;32mok\x1b[0m \x1b[2Jplain "
                                             "\x1b[38;5;196mred");
        QCOMPARE(out, QStringLiteral("\x1b[0;1;32mok\x1b[0m plain \x1b[0;38;2;255;0;0mred\x1b[0m"));
        QCOMPARE(stream.ansiChunk("still\x1b[39m"),
                 QStringLiteral("\x1b[0;38;2;255;0;0mstill\x1b[0m"));
        QCOMPARE(stream.ansiChunk("\x07"), QStringLiteral("\\x07"));
    }

    void binaryInputNeverYieldsRawControls()
    {
        QByteArray binary(65536, '\0');
        for (char& c : binary)
            c = char(QRandomGenerator::global()->bounded(256));
        QVERIFY(noRawControls(terminalPlainText(binary)));
        QVERIFY(noRawControls(terminalHtml(binary)));
        TerminalStream stream;
        for (qsizetype i = 0; i < binary.size(); i += 1000)
            QVERIFY(noRawControls(stream.htmlChunk(binary.mid(i, 1000))));
    }
};

QTEST_APPLESS_MAIN(TestRedactionTerminal)
#include "tst_redaction_terminal.moc"
