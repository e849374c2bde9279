// Text from a person or a run is data on the command line: the real golive binary refuses
// control characters at input, and shows those already in a run (an older golive's, or forged)
// as escapes in `golive status`, the Markdown export and the PDF.
#include "CliProcess.h"
#include "ForgedEvent.h"
#include "SignOffEvent.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace golive;

namespace {

using Result = golive::test::CliResult;

// Raw bytes that steer a terminal or reorder text: C0 controls but line feed and tab, DEL,
// C1 controls (UTF-8 C2 80..9F) and the bidi controls' UTF-8 forms.
QString rawControlIn(const QByteArray& bytes)
{
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const auto b = static_cast<unsigned char>(bytes.at(i));
        if ((b < 0x20 && b != '\n' && b != '\t') || b == 0x7f)
            return QStringLiteral("byte 0x%1 at %2").arg(b, 2, 16, QLatin1Char('0')).arg(i);
    }
    const QString text = QString::fromUtf8(bytes);
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if ((u >= 0x80 && u <= 0x9f) || (u >= 0x202a && u <= 0x202e) ||
            (u >= 0x2066 && u <= 0x2069) || u == 0x200e || u == 0x200f || u == 0x061c)
            return QStringLiteral("U+%1").arg(uint(u), 4, 16, QLatin1Char('0'));
    }
    return {};
}

const QString kForgedName = QStringLiteral("Eve\x1b[8m\r\u2714 ledger intact\n");
const QString kForgedNote = QStringLiteral("done\x1b[2J\x9b| cell");
const QString kForgedValue = QStringLiteral("Bob\u202eevil|x");

} // namespace

class TstTextCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void controlCharactersAreRefusedAtInput();
    void multiLineNotesAreKept();
    void statusShowsForgedTextAsEscapes();
    void markdownExportEscapesCells();
    void pdfShowsEscapedValues();
    void pdfLinksOnlyToTheWeb();
    void everyLineReachesTheTerminalEscaped();

private:
    Result golive(const QStringList& args) const
    {
        return ::golive::test::runGolive(args, ::golive::test::cliEnvironment(m_home.path()));
    }

    QString newRun(const QString& name,
                   const QString& runbook = QStringLiteral(GOLIVE_SEED_RUNBOOK))
    {
        const QString run = m_work.filePath(name);
        const Result r = golive({QStringLiteral("new"), QStringLiteral("--runbook"), runbook,
                                 QStringLiteral("--out"), run});
        if (r.code != 0)
            qWarning().noquote() << r.describe();
        return r.code == 0 ? run : QString();
    }

    // A run with one honest sign-off and, after it, events as an older golive could have
    // written them: a name with ESC, CR and a line break, a note with ESC and a C1 CSI, a
    // field value with a right-to-left override and a '|'.
    QString forgedRun(const QString& name)
    {
        const QString run = newRun(name);
        if (run.isEmpty())
            return {};
        const Result signedOk =
            golive({QStringLiteral("sign"), QStringLiteral("0.1"), QStringLiteral("--as"),
                    QStringLiteral("Ana Lima"), QStringLiteral("--role"),
                    QStringLiteral("release-captain"), QStringLiteral("--run"), run});
        if (signedOk.code != 0) {
            qWarning().noquote() << signedOk.describe();
            return {};
        }
        SignOffEvent sign;
        sign.kind = EventKind::Signed;
        sign.itemId = QStringLiteral("1.1");
        sign.text = kForgedNote;
        sign.actor = Actor::local(kForgedName, Role::Engineer);
        SignOffEvent fill;
        fill.kind = EventKind::FieldFilled;
        fill.fieldKey = QStringLiteral("owner");
        fill.text = kForgedValue;
        fill.actor = Actor::local(QStringLiteral("Mallory"), Role::ReleaseCaptain);
        QString error;
        if (!test::appendForgedEvent(run, sign, &error) ||
            !test::appendForgedEvent(run, fill, &error)) {
            qWarning().noquote() << "could not forge the events:" << error;
            return {};
        }
        return run;
    }

    QTemporaryDir m_home;
    QTemporaryDir m_work;
};

void TstTextCli::initTestCase()
{
    QVERIFY(m_home.isValid());
    QVERIFY(m_work.isValid());
}

void TstTextCli::controlCharactersAreRefusedAtInput()
{
    const QString run = newRun(QStringLiteral("refused.golive"));
    QVERIFY(!run.isEmpty());
    const struct
    {
        QStringList args;
        QString expected;
    } cases[] = {
        {{QStringLiteral("sign"), QStringLiteral("0.1"), QStringLiteral("--as"),
          QStringLiteral("Eve\n\u2714 ledger intact")},
         QStringLiteral("the name contains a line break at character 4")},
        {{QStringLiteral("sign"), QStringLiteral("0.1"), QStringLiteral("--as"),
          QStringLiteral("Eve\x1b[8m")},
         QStringLiteral("the name contains an escape character (ESC)")},
        {{QStringLiteral("sign"), QStringLiteral("0.1"), QStringLiteral("--as"),
          QStringLiteral("Bob\u202eevil")},
         QStringLiteral("the name contains a text-direction control (U+202E)")},
        {{QStringLiteral("sign"), QStringLiteral("0.1"), QStringLiteral("--as"),
          QStringLiteral("Ana"), QStringLiteral("--note"), QStringLiteral("ok\r\u2714 intact")},
         QStringLiteral("the note or reason contains a carriage return (CR)")},
        {{QStringLiteral("fill"), QStringLiteral("owner"), QStringLiteral("Bob\u2067x"),
          QStringLiteral("--as"), QStringLiteral("Ana")},
         QStringLiteral("the field value contains a text-direction control (U+2067)")},
    };
    for (const auto& c : cases) {
        const Result r =
            golive(c.args + QStringList{QStringLiteral("--role"), QStringLiteral("release-captain"),
                                        QStringLiteral("--run"), run});
        QVERIFY2(r.code == 1, r.describe().constData());
        QVERIFY2(r.err.contains(c.expected), r.describe().constData());
        QVERIFY2(r.err.contains(QStringLiteral("nothing was recorded")), r.describe().constData());
        QVERIFY2(rawControlIn(r.rawErr).isEmpty(), r.describe().constData());
    }
    // A value echoed back in a refusal stays on its line.
    const Result role =
        golive({QStringLiteral("sign"), QStringLiteral("0.1"), QStringLiteral("--as"),
                QStringLiteral("Ana"), QStringLiteral("--role"),
                QStringLiteral("x\n\u2714 ledger intact"), QStringLiteral("--run"), run});
    QVERIFY2(role.code != 0, role.describe().constData());
    QVERIFY2(role.err.contains(QStringLiteral("unknown role 'x\\n\u2714 ledger intact'")),
             role.describe().constData());
    const Result status = golive({QStringLiteral("status"), QStringLiteral("--run"), run});
    QVERIFY2(status.out.contains(QStringLiteral("ledger intact: 0 events")),
             status.describe().constData());
}

void TstTextCli::multiLineNotesAreKept()
{
    const QString run = newRun(QStringLiteral("notes.golive"));
    QVERIFY(!run.isEmpty());
    const Result r =
        golive({QStringLiteral("sign"), QStringLiteral("0.1"), QStringLiteral("--as"),
                QStringLiteral("Ana"), QStringLiteral("--role"), QStringLiteral("release-captain"),
                QStringLiteral("--note"), QStringLiteral("branch frozen\n\tat 14:00"),
                QStringLiteral("--run"), run});
    QVERIFY2(r.code == 0, r.describe().constData());
}

void TstTextCli::statusShowsForgedTextAsEscapes()
{
    const QString run = forgedRun(QStringLiteral("status.golive"));
    QVERIFY(!run.isEmpty());
    const Result r = golive({QStringLiteral("status"), QStringLiteral("--run"), run});
    QVERIFY2(r.code == 0, r.describe().constData());
    const QString raw = rawControlIn(r.rawOut) + rawControlIn(r.rawErr);
    QVERIFY2(raw.isEmpty(), QByteArray(raw.toUtf8() + "\n" + r.describe()).constData());
    QVERIFY2(r.out.contains(QStringLiteral("Eve\\x1b[8m\\r\u2714 ledger intact\\n")),
             r.describe().constData());
    QVERIFY2(r.out.contains(QStringLiteral("Bob\\u202eevil|x")), r.describe().constData());
    // --json keeps the recorded text exactly (JSON escapes it), and stays valid JSON.
    const Result json =
        golive({QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--run"), run});
    QVERIFY2(json.code == 0, json.describe().constData());
    QVERIFY2(rawControlIn(json.rawOut).isEmpty(), json.describe().constData());
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json.rawOut, &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    bool found = false;
    for (const QJsonValue& f : doc.object().value(QStringLiteral("fields")).toArray()) {
        if (f.toObject().value(QStringLiteral("key")).toString() == QStringLiteral("owner")) {
            QCOMPARE(f.toObject().value(QStringLiteral("value")).toString(), kForgedValue);
            found = true;
        }
    }
    QVERIFY(found);
    // The forged "ledger intact" never starts a line of its own.
    for (const QString& line : r.out.split(QLatin1Char('\n'))) {
        QVERIFY2(!line.trimmed().startsWith(QStringLiteral("\u2714")),
                 qPrintable(QStringLiteral("forged line: ") + line));
    }
}

void TstTextCli::markdownExportEscapesCells()
{
    const QString run = forgedRun(QStringLiteral("md.golive"));
    QVERIFY(!run.isEmpty());
    const QString out = m_work.filePath(QStringLiteral("md.md"));
    const Result r = golive(
        {QStringLiteral("export"), QStringLiteral("--run"), run, QStringLiteral("--md"), out});
    QVERIFY2(r.code == 0, r.describe().constData());
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    const QString raw = rawControlIn(bytes);
    QVERIFY2(raw.isEmpty(), qPrintable(raw));
    const QString md = QString::fromUtf8(bytes);
    QVERIFY2(md.contains(QStringLiteral("Bob\\\\u202eevil\\|x")), qPrintable(md));
    QVERIFY2(md.contains(QStringLiteral("Eve\\\\x1b\\[8m\\\\r\u2714 ledger intact")),
             qPrintable(md));
    QVERIFY2(md.contains(QStringLiteral("done\\\\x1b\\[2J\\\\u009b\\| cell")), qPrintable(md));
    // Every row of the event table still has its eight cells.
    const qsizetype from = md.indexOf(QStringLiteral("| # | Time (UTC)"));
    QVERIFY(from >= 0);
    const QStringList rows =
        md.mid(from).section(QStringLiteral("\n\n"), 0, 0).split(QLatin1Char('\n'));
    QVERIFY(rows.size() >= 5);
    for (const QString& row : rows) {
        const qsizetype pipes = row.count(QLatin1Char('|')) - row.count(QStringLiteral("\\|"));
        QVERIFY2(pipes == 9, qPrintable(row));
    }
}

void TstTextCli::pdfShowsEscapedValues()
{
    const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    if (pdftotext.isEmpty())
        QSKIP("pdftotext is not installed (packaging/install-deps.sh installs poppler-utils)");
    const QString run = forgedRun(QStringLiteral("pdf.golive"));
    QVERIFY(!run.isEmpty());
    const QString pdf = m_work.filePath(QStringLiteral("forged.pdf"));
    const Result r = golive(
        {QStringLiteral("export"), QStringLiteral("--run"), run, QStringLiteral("--pdf"), pdf});
    QVERIFY2(r.code == 0, r.describe().constData());
    QProcess p;
    p.start(pdftotext, {pdf, QStringLiteral("-")});
    QVERIFY(p.waitForFinished(60000));
    const QString text = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(text.contains(QStringLiteral("Bob\\u202eevil|x")), qPrintable(text));
    QVERIFY2(!text.contains(QChar(0x202e)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Eve\\x1b[8m\\r")), qPrintable(text));
    QVERIFY2(!text.contains(QChar(0x1b)), qPrintable(text));
}

void TstTextCli::pdfLinksOnlyToTheWeb()
{
    const QString runbook = m_work.filePath(QStringLiteral("links.md"));
    {
        QFile f(runbook);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# Links\n\n**Owner:** [Owner Name]\n\n## 1. Checks\n\n"
                "- [ ] Read [the wiki](https://wiki.example.org/go) and "
                "[the secrets](file:///etc/passwd) and [run](javascript:alert(1))\n"
                "- [ ] Second\n");
    }
    const QString run = newRun(QStringLiteral("links.golive"), runbook);
    QVERIFY(!run.isEmpty());
    const QString pdf = m_work.filePath(QStringLiteral("links.pdf"));
    const Result r = golive(
        {QStringLiteral("export"), QStringLiteral("--run"), run, QStringLiteral("--pdf"), pdf});
    QVERIFY2(r.code == 0, r.describe().constData());
    QFile f(pdf);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY2(bytes.contains("https://wiki.example.org/go"), "the web link is kept");
    QVERIFY2(!bytes.contains("/URI (file:"), "no link to a local file");
    QVERIFY2(!bytes.contains("/URI (javascript:"), "no link that runs a script");
}

// Whatever a message carries (here a runbook title with ESC, CR and a direction override, as
// `golive lint` and `golive new` quote it), no raw control byte reaches the terminal.
void TstTextCli::everyLineReachesTheTerminalEscaped()
{
    const QString runbook = m_work.filePath(QStringLiteral("controls.md"));
    {
        QFile f(runbook);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# Title \x1b[2J\x1b[8mhidden\r\xe2\x80\xae reversed\n\n"
                "**Owner:** [Owner Name]\n\n## 1. Checks\n\n- [ ] First\n");
    }
    for (const QStringList& args :
         {QStringList{QStringLiteral("lint"), runbook},
          QStringList{QStringLiteral("new"), QStringLiteral("--runbook"), runbook,
                      QStringLiteral("--out"),
                      m_work.filePath(QStringLiteral("controls.golive"))}}) {
        const Result r = golive(args);
        QVERIFY2(r.out.contains(QStringLiteral("Title \\x1b[2J\\x1b[8mhidden")) ||
                     r.err.contains(QStringLiteral("Title \\x1b[2J\\x1b[8mhidden")),
                 r.describe().constData());
        const QString raw = rawControlIn(r.rawOut) + rawControlIn(r.rawErr);
        QVERIFY2(raw.isEmpty(), QByteArray(raw.toUtf8() + "\n" + r.describe()).constData());
    }
}

QTEST_GUILESS_MAIN(TstTextCli)
#include "tst_text_cli.moc"
