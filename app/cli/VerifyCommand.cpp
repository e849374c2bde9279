// verify (see VerifyCommand.h).
#include "VerifyCommand.h"

#include "CliText.h"
#include "RunbookJson.h"
#include "SafeText.h"
#include "signing/RunSignatures.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <utility>

namespace golive::cli {

namespace {

using signing::EventSignatureCheck;
using signing::SignatureReport;

// An allowed_signers file is a few lines per person: anything this size is not one.
constexpr qint64 kMaxAllowedSignersBytes = 1024 * 1024;

// --allowed-signers FILE read and parsed; nullopt with the words when it cannot be used.
std::optional<signing::AllowedSigners> readAllowedSigners(const QString& path, QString* error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(native(path), f.errorString());
        return std::nullopt;
    }
    const QByteArray bytes = f.read(kMaxAllowedSignersBytes + 1);
    if (bytes.size() > kMaxAllowedSignersBytes) {
        *error = QStringLiteral("%1 is larger than %2 bytes: not an allowed_signers file")
                     .arg(native(path))
                     .arg(kMaxAllowedSignersBytes);
        return std::nullopt;
    }
    const QString text = QString::fromUtf8(bytes);
    if (text.toUtf8() != bytes) {
        *error = QStringLiteral("%1 is not UTF-8 text").arg(native(path));
        return std::nullopt;
    }
    QString words;
    auto signers = signing::AllowedSigners::parse(text, &words);
    if (!signers) {
        *error = QStringLiteral("%1 does not read as allowed_signers: %2")
                     .arg(native(path), terminalSafe(words));
        return std::nullopt;
    }
    if (signers->isEmpty()) {
        *error = QStringLiteral("%1 names nobody: an empty roster allows no signature")
                     .arg(native(path));
        return std::nullopt;
    }
    return signers;
}

// The SHA-256 of a roster's allowed_signers text (UTF-8) in hex, what an auditor compares with
// the team's own file (`sha256sum allowed_signers`); empty for a run without a roster.
QString rosterSha256(const QString& allowedSigners)
{
    if (allowedSigners.isEmpty())
        return {};
    return QString::fromLatin1(
        QCryptographicHash::hash(allowedSigners.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString rosterSha256Words(const QString& allowedSigners)
{
    const QString sha = rosterSha256(allowedSigners);
    return sha.isEmpty() ? QStringLiteral("no roster") : sha;
}

const SignOffEvent* eventAt(const QList<SignOffEvent>& events, qint64 seq)
{
    for (const SignOffEvent& e : events) {
        if (e.seq == seq)
            return &e;
    }
    return nullptr;
}

// "event #7 (signed 1.2 by Ana at …)", for the lines of the signature report.
QString eventWords(const QList<SignOffEvent>& events, qint64 seq)
{
    QString text = QStringLiteral("event #%1").arg(seq);
    if (const SignOffEvent* e = eventAt(events, seq))
        text += QStringLiteral(" (") + describeEvent(*e) + QLatin1Char(')');
    return text;
}

QJsonObject signaturesToJson(const SignatureReport& r, const QList<SignOffEvent>& events,
                             const QString& allowedSignersFile)
{
    QJsonArray list;
    for (const EventSignatureCheck& c : r.events) {
        const SignOffEvent* e = eventAt(events, c.seq);
        QJsonObject o{
            {QStringLiteral("seq"), c.seq},
            {QStringLiteral("status"), signing::statusName(c.status)},
            {QStringLiteral("fingerprint"), c.fingerprint},
            {QStringLiteral("keyType"), c.keyType},
            {QStringLiteral("problem"), c.problem},
        };
        if (e) {
            o.insert(QStringLiteral("kind"), eventKindName(e->kind));
            o.insert(QStringLiteral("actor"), e->actor.name);
            o.insert(QStringLiteral("role"), roleName(e->actor.role));
        }
        list.append(o);
    }
    QJsonObject o{
        {QStringLiteral("passes"), r.passes()},
        {QStringLiteral("summary"), r.summary()},
        {QStringLiteral("good"), r.good},
        {QStringLiteral("unsigned"), r.unsignedCount},
        {QStringLiteral("unsignedWhileRequired"), r.unsignedWhileRequired},
        {QStringLiteral("notOnRoster"), r.notOnRoster},
        {QStringLiteral("bad"), r.bad},
        {QStringLiteral("firstBad"), r.firstBad},
        {QStringLiteral("signaturesRequired"), r.signaturesRequired},
        {QStringLiteral("hasRoster"), r.hasRoster},
        {QStringLiteral("events"), list},
    };
    if (!allowedSignersFile.isEmpty())
        o.insert(QStringLiteral("allowedSignersFile"), allowedSignersFile);
    return o;
}

// The signature report for people: the counts, then each event that is not as it should be.
void printSignatures(Console& c, const SignatureReport& r, const QList<SignOffEvent>& events,
                     const QString& allowedSignersFile)
{
    if (!allowedSignersFile.isEmpty())
        c.out << "signatures checked against the roster in " << native(allowedSignersFile)
              << ", not the run's own\n";
    c.out << "signatures: " << r.summary() << "\n";
    for (const EventSignatureCheck& s : r.events) {
        const SignOffEvent* e = eventAt(events, s.seq);
        const QString actor = e ? terminalSafe(e->actor.name) : QString();
        switch (s.status) {
        case EventSignatureCheck::Status::Good:
            break;
        case EventSignatureCheck::Status::Unsigned:
            if (r.signaturesRequired)
                c.out << "  unsigned: " << eventWords(events, s.seq) << "\n";
            break;
        case EventSignatureCheck::Status::NotOnRoster:
            c.out << "  not on the roster: event #" << s.seq << " by " << actor << ", key "
                  << terminalSafe(s.fingerprint) << ": " << terminalSafe(s.problem) << "\n";
            break;
        case EventSignatureCheck::Status::Bad:
            c.out << "  bad signature: " << eventWords(events, s.seq) << ": "
                  << terminalSafe(s.problem) << "\n";
            break;
        }
    }
}

// Why the signatures do not pass, in one sentence for stderr; empty when they do.
QString signatureFailure(const SignatureReport& r, const QList<SignOffEvent>& events)
{
    if (r.bad > 0) {
        for (const EventSignatureCheck& s : r.events) {
            if (s.seq == r.firstBad)
                return QStringLiteral("a bad signature at %1: %2")
                    .arg(eventWords(events, s.seq), terminalSafe(s.problem));
        }
    }
    if (r.unsignedWhileRequired > 0) {
        for (const EventSignatureCheck& s : r.events) {
            if (s.status == EventSignatureCheck::Status::Unsigned && !s.problem.isEmpty())
                return QStringLiteral("%1 while the run required signatures, the first %2")
                    .arg(plural(r.unsignedWhileRequired, "event was unsigned",
                                "events were unsigned"),
                         eventWords(events, s.seq));
        }
    }
    // A key off the roster fails only where a roster was in force when the event was made.
    if (r.notOnRosterInForce > 0) {
        for (const EventSignatureCheck& s : r.events) {
            if (s.status == EventSignatureCheck::Status::NotOnRoster && s.offRosterFails)
                return QStringLiteral("%1 signed with a key not on the roster, the first %2: %3")
                    .arg(plural(r.notOnRosterInForce, "event was", "events were"),
                         eventWords(events, s.seq), terminalSafe(s.problem));
        }
    }
    return {};
}

} // namespace

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
                         "this file and its signatures check, 1 when it does not (and what "
                         "differs) or a signature fails."),
          QStringLiteral("HASH")),
      m_allowedSignersOption(
          QStringLiteral("allowed-signers"),
          QStringLiteral("Check every signature against this roster (OpenSSH allowed_signers "
                         "format: an auditor's own copy) instead of the run's own roster and its "
                         "changes."),
          QStringLiteral("FILE"))
{}

QString VerifyCommand::description() const
{
    return QStringLiteral("Re-reads every event of a run's ledger from disk and checks the hash "
                          "chain. Exits 1 when the chain is broken, naming the first bad event, "
                          "even when the break was acknowledged, or when the head is not the one "
                          "given with --expect-head (the newest events were removed, or some were "
                          "added). Then checks every event's signature: made over the event's "
                          "exact bytes by the key it names, and that key on the roster in force "
                          "when it was made (or on the roster given with --allowed-signers). "
                          "Exits 1 on a bad signature, an unsigned event in a run that requires "
                          "signatures, or a key not on the roster of a run that has one. Prints "
                          "the SHA-256 of the roster the run was made with and of the one in "
                          "force at the end, to compare with the team's own file. Opens "
                          "the run read-only.");
}

QString VerifyCommand::usage() const
{
    return QStringLiteral("golive verify [--run RUN] [--json] [--expect-head HASH] [--digest HASH] "
                          "[--allowed-signers FILE]");
}

void VerifyCommand::addOptions(QCommandLineParser& parser)
{
    addRunOption(parser);
    parser.addOption(m_jsonOption);
    parser.addOption(m_expectHeadOption);
    parser.addOption(m_digestOption);
    parser.addOption(m_allowedSignersOption);
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

    std::optional<signing::AllowedSigners> external;
    const QString allowedSignersFile = parser.value(m_allowedSignersOption);
    if (parser.isSet(m_allowedSignersOption)) {
        QString words;
        external = readAllowedSigners(allowedSignersFile, &words);
        if (!external) {
            c.err << "golive verify: --allowed-signers: " << words << Qt::endl;
            return ExitUsage;
        }
    }

    const auto runFile = openRun(c, parser);
    if (!runFile)
        return ExitFailure;
    const ChainVerification v = runFile->verify();
    const QString path = native(runFile->path());
    const QList<SignOffEvent>& events = runFile->events();
    const SignatureReport signatures =
        signing::checkSignatures(runFile->initialRoster(), events, external);
    // After the chain's own words (a broken chain is named first).
    const QString signatureWords = signatureFailure(signatures, events);
    // The evidence: every blob an evidence event names, streamed and checked against its
    // SHA-256 (the chain covers the hash, this covers the bytes).
    QString evidenceError;
    QStringList evidenceProblems = runFile->verifyEvidence(&evidenceError);
    if (!evidenceError.isEmpty())
        evidenceProblems.append(evidenceError);
    if (parser.isSet(digest)) {
        // A copy that matches a file whose signatures do not check vouches for nothing: the
        // digest is judged and said first, then the signatures, as without --digest.
        const int digestResult = checkDigest(c, *runFile, v, digestHead, digestRun);
        if (v.intact() && !signatureWords.isEmpty()) {
            c.err << "golive verify: " << path << ": " << signatureWords
                  << "; the printed copy cannot be vouched for; nothing was changed" << Qt::endl;
            return ExitFailure;
        }
        return digestResult;
    }
    const bool headDiffers =
        parser.isSet(expectHead) && !QString::fromLatin1(v.head).startsWith(expected);
    const QString initialRoster = runFile->initialRoster().allowedSigners;
    if (parser.isSet(json)) {
        QJsonObject o = verificationToJson(v, events);
        o.insert(QStringLiteral("file"), runFile->path());
        o.insert(QStringLiteral("runId"), runFile->runId());
        o.insert(QStringLiteral("signatures"),
                 signaturesToJson(signatures, events, allowedSignersFile));
        // null for a run without a roster.
        const auto shaValue = [](const QString& roster) {
            const QString sha = rosterSha256(roster);
            return sha.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(sha);
        };
        o.insert(QStringLiteral("rosterSha256Initial"), shaValue(initialRoster));
        o.insert(QStringLiteral("rosterSha256Final"), shaValue(signatures.finalRoster));
        o.insert(QStringLiteral("evidence"), QJsonArray::fromStringList(evidenceProblems));
        c.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else {
        c.out << path << ": " << v.summary() << "\n";
        if (v.intact())
            c.out << "head " << QString::fromLatin1(v.head) << "\n";
        for (const ChainBreak& b : v.breaks)
            c.out << "  " << describeBreak(b, v, events) << "\n";
        c.out << "roster sha256 the run was made with: " << rosterSha256Words(initialRoster)
              << "\nroster sha256 in force at the end: "
              << rosterSha256Words(signatures.finalRoster) << "\n";
        printSignatures(c, signatures, events, allowedSignersFile);
    }
    const auto reportSignatures = [&] {
        if (!signatureWords.isEmpty())
            c.err << "golive verify: " << path << ": " << signatureWords << "; nothing was changed"
                  << Qt::endl;
        for (const QString& problem : std::as_const(evidenceProblems))
            c.err << "golive verify: " << path << ": evidence: " << terminalSafe(problem)
                  << Qt::endl;
    };
    if (headDiffers) {
        c.err << "golive verify: " << path << ": the ledger's head is "
              << QString::fromLatin1(v.head) << " after " << v.eventCount
              << (v.eventCount == 1 ? " event" : " events") << ", not the expected " << expected
              << ": events were removed from its end, or added since that head was recorded; "
                 "nothing was changed"
              << Qt::endl;
    }
    if (v.intact()) {
        reportSignatures();
        return headDiffers || !signatureWords.isEmpty() || !evidenceProblems.isEmpty() ? ExitFailure
                                                                                       : ExitOk;
    }
    const ChainBreak& first = v.breaks.constFirst();
    c.err << "golive verify: " << path << ": "
          << (first.wentBack ? QString() : QStringLiteral("the ledger's chain is broken at "))
          << describeBreak(first, v, events) << "; nothing was changed" << Qt::endl;
    reportSignatures();
    return ExitFailure;
}

} // namespace golive::cli
