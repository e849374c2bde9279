// verify (see VerifyCommand.h).
#include "VerifyCommand.h"

#include "CliText.h"
#include "RunbookJson.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <utility>

namespace golive::cli {

VerifyCommand::VerifyCommand(QString name, QString summary)
    : RunCommand(std::move(name), std::move(summary), RunLedger::Access::ReadOnly),
      m_jsonOption(QStringLiteral("json"),
                   QStringLiteral("Print the verification as JSON on stdout.")),
      m_expectHeadOption(
          QStringLiteral("expect-head"),
          QStringLiteral("The head hash recorded elsewhere (all 64 hex digits, or at least the "
                         "first 12); exit 1 when the ledger's head differs."),
          QStringLiteral("HASH")),
      m_digestOption(
          QStringLiteral("digest"),
          QStringLiteral("A printed copy's digest: the 64 hex digits under its QR code, or the "
                         "QR code's text (golive:run=ID;head=HASH). Exit 0 when the copy matches "
                         "this file, 1 when it does not (and what differs)."),
          QStringLiteral("HASH"))
{}

QString VerifyCommand::description() const
{
    return QStringLiteral("Re-reads every event of a run's ledger from disk and checks the hash "
                          "chain. Exits 1 when the chain is broken, naming the first bad event, "
                          "even when the break was acknowledged, or when the head is not the one "
                          "given with --expect-head (the newest events were removed, or some were "
                          "added). Opens the run read-only.");
}

QString VerifyCommand::usage() const
{
    return QStringLiteral(
        "golive verify [--run RUN] [--json] [--expect-head HASH] [--digest HASH]");
}

void VerifyCommand::addOptions(QCommandLineParser& parser)
{
    addRunOption(parser);
    parser.addOption(m_jsonOption);
    parser.addOption(m_expectHeadOption);
    parser.addOption(m_digestOption);
}

int VerifyCommand::checkDigest(Console& c, const RunLedger& run, const ChainVerification& v,
                               const QString& digestHead, const QString& digestRun) const
{
    const QString path = native(run.path());
    if (!v.intact()) {
        c.err << "golive verify: " << path << ": "
              << (v.breaks.constFirst().wentBack
                      ? QString()
                      : QStringLiteral("the ledger's chain is broken at "))
              << describeBreak(v.breaks.constFirst(), v, run.events())
              << ", so no printed copy can be vouched for; nothing was changed" << Qt::endl;
        return ExitFailure;
    }
    if (!digestRun.isEmpty() && digestRun != run.runId()) {
        c.err << "golive verify: the printed copy is of run " << digestRun << ", not of " << path
              << " (run " << run.runId() << ")" << Qt::endl;
        return ExitFailure;
    }
    const QString head = QString::fromLatin1(v.head);
    if (head == digestHead) {
        c.out << path << ": the printed copy matches: head " << head << " after "
              << plural(v.eventCount, "event", "events") << "\n";
        return ExitOk;
    }
    // Where in this chain the printed head sits tells an old print from a foreign one.
    const QList<SignOffEvent> events = run.events();
    qsizetype at = -1;
    for (qsizetype i = 0; i < events.size(); ++i) {
        if (QString::fromLatin1(events.at(i).hash) == digestHead)
            at = i;
    }
    const QByteArray genesis = events.isEmpty() ? QByteArray() : events.constFirst().prevHash;
    c.err << "golive verify: " << path << ": the printed copy does not match: its head is "
          << digestHead << ", the file's is " << head << " after "
          << plural(v.eventCount, "event", "events") << "; ";
    if (at >= 0) {
        const qsizetype later = events.size() - 1 - at;
        c.err << "the copy was printed after event #" << events.at(at).seq << " ("
              << displayTime(events.at(at).timeUtc) << "), and "
              << plural(later, "event was", "events were") << " recorded since: #"
              << events.at(at + 1).seq;
        if (later > 1)
            c.err << " to #" << events.constLast().seq;
    } else if (!genesis.isEmpty() && QString::fromLatin1(genesis) == digestHead) {
        c.err << "the copy was printed before the first event; every event since is "
                 "missing from it";
    } else {
        c.err << "no event of this run has that head: the copy is of another run, or it "
                 "or this file was altered";
    }
    c.err << Qt::endl;
    return ExitFailure;
}

int VerifyCommand::run(Console& c, const QCommandLineParser& parser)
{
    const QCommandLineOption& json = m_jsonOption;
    const QCommandLineOption& expectHead = m_expectHeadOption;
    const QCommandLineOption& digest = m_digestOption;
    const QString usage = this->usage();
    const QString expected = parser.value(expectHead).trimmed().toLower();
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{12,64}$"));
    if (parser.isSet(expectHead) && !hex.match(expected).hasMatch()) {
        c.err << "golive verify: --expect-head '" << parser.value(expectHead)
              << "' is not a head hash (12 to 64 hex digits)\nUsage: " << usage << Qt::endl;
        return ExitUsage;
    }
    // --digest: the full head (64 hex digits), optionally with the run id, as the QR code has it.
    QString digestHead;
    QString digestRun;
    if (parser.isSet(digest)) {
        static const QRegularExpression qr(
            QStringLiteral("^golive:run=([^;]+);head=([0-9a-fA-F]{64})$"));
        static const QRegularExpression full(QStringLiteral("^[0-9a-fA-F]{64}$"));
        const QString d = parser.value(digest).trimmed();
        if (const auto m = qr.match(d); m.hasMatch()) {
            digestRun = m.captured(1);
            digestHead = m.captured(2).toLower();
        } else if (full.match(d).hasMatch()) {
            digestHead = d.toLower();
        } else {
            c.err << "golive verify: --digest '" << d
                  << "' is neither the 64 hex digits printed under the QR code nor the QR "
                     "code's text (golive:run=ID;head=HASH)\nUsage: "
                  << usage << Qt::endl;
            return ExitUsage;
        }
    }

    const auto runFile = openRun(c, parser);
    if (!runFile)
        return ExitFailure;
    const ChainVerification v = runFile->verify();
    if (parser.isSet(digest))
        return checkDigest(c, *runFile, v, digestHead, digestRun);
    const bool headDiffers =
        parser.isSet(expectHead) && !QString::fromLatin1(v.head).startsWith(expected);
    const QString path = native(runFile->path());
    if (parser.isSet(json)) {
        QJsonObject o = verificationToJson(v, runFile->events());
        o.insert(QStringLiteral("file"), runFile->path());
        o.insert(QStringLiteral("runId"), runFile->runId());
        c.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else {
        c.out << path << ": " << v.summary() << "\n";
        if (v.intact())
            c.out << "head " << QString::fromLatin1(v.head) << "\n";
        for (const ChainBreak& b : v.breaks)
            c.out << "  " << describeBreak(b, v, runFile->events()) << "\n";
    }
    if (headDiffers) {
        c.err << "golive verify: " << path << ": the ledger's head is "
              << QString::fromLatin1(v.head) << " after " << v.eventCount
              << (v.eventCount == 1 ? " event" : " events") << ", not the expected " << expected
              << ": events were removed from its end, or added since that head was recorded; "
                 "nothing was changed"
              << Qt::endl;
    }
    if (v.intact())
        return headDiffers ? ExitFailure : ExitOk;
    const ChainBreak& first = v.breaks.constFirst();
    c.err << "golive verify: " << path << ": "
          << (first.wentBack ? QString() : QStringLiteral("the ledger's chain is broken at "))
          << describeBreak(first, v, runFile->events()) << "; nothing was changed" << Qt::endl;
    return ExitFailure;
}

} // namespace golive::cli
