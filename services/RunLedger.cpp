// What every run shares, wherever it is kept: its runbook read back, the checks before an
// event is written, the chaining of the next event and the folding of a committed one.
#include "RunLedger.h"

#include "RunFile.h"
#include "RunbookParser.h"
#include "decision/DecisionSnapshot.h"
#include "runfile/ChainCheck.h"
#include "runfile/RunFileCommon.h"
#include "server/ServerRun.h"
#include "signing/AllowedSigners.h"
#include "signing/EventSigning.h"

#include <QCryptographicHash>
#include <QHash>
#include <QSet>
#include <QVariant>

#include <algorithm>

namespace golive {

using namespace runfile;

RunLedger::~RunLedger() = default;

void applyRosterChange(RunRoster& roster, const SignOffEvent& event)
{
    // Only a change golive would have written counts: a row put in the record any other way
    // (unsigned, by an engineer, by a key off the roster) changes nobody's roster.
    if (event.kind != EventKind::RosterChanged ||
        !signing::rosterChangeCounts(roster, event, nullptr))
        return;
    roster.allowedSigners = event.text;
    if (event.fieldKey == QLatin1String("require-signatures"))
        roster.signaturesRequired = true;
}

QList<std::pair<QString, QVariant>> rosterMeta(const RunRoster& roster)
{
    if (roster.allowedSigners.isEmpty() && !roster.signaturesRequired)
        return {};
    return {{QStringLiteral("allowed_signers"), roster.allowedSigners.toUtf8()},
            {QStringLiteral("signatures_required"),
             roster.signaturesRequired ? QStringLiteral("1") : QStringLiteral("0")}};
}

bool RunLedger::isServerLocation(const QString& location)
{
    return location.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive) ||
           location.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive);
}

std::unique_ptr<RunLedger> RunLedger::open(const QString& location, Access access, QString* error,
                                           QString* warning, int lockWaitMs, VerifyAt verifyAt)
{
    if (isServerLocation(location))
        return ServerRun::open(location, access, error, warning);
    return RunFile::open(location, access, error, warning, lockWaitMs, verifyAt);
}

std::unique_ptr<RunLedger> RunLedger::create(const QString& location, const QByteArray& runbookText,
                                             const QString& runbookName, QString* error,
                                             const std::optional<RunDashboardVersion>& dashboard,
                                             const RunRoster& roster)
{
    if (!roster.allowedSigners.isEmpty()) {
        QString words;
        const auto signers = signing::AllowedSigners::parse(roster.allowedSigners, &words);
        if (!signers) {
            fail(error,
                 QStringLiteral("the roster does not read: %1. No run was created.").arg(words));
            return nullptr;
        }
        // Comments and blank lines only: a roster nobody is on could never be changed, and
        // no signature could ever count under it.
        if (signers->isEmpty() && !roster.allowedSigners.trimmed().isEmpty()) {
            fail(error, QStringLiteral("the roster has nobody on it (only comments or blank "
                                       "lines); a run's roster needs at least one signer. No "
                                       "run was created."));
            return nullptr;
        }
    }
    if (roster.signaturesRequired && roster.allowedSigners.trimmed().isEmpty()) {
        fail(error, QStringLiteral("a run that requires signatures needs a roster of who signs "
                                   "with which key (--allowed-signers FILE). No run was "
                                   "created."));
        return nullptr;
    }
    if (isServerLocation(location))
        return ServerRun::create(location, runbookText, runbookName, error, dashboard, roster);
    return RunFile::create(location, runbookText, runbookName, error, dashboard, roster);
}

std::optional<RunDashboardVersion> RunLedger::dashboard() const
{
    if (m_dashboards.isEmpty())
        return std::nullopt;
    return m_dashboards.constLast();
}

QByteArray RunLedger::genesisHash() const
{
    return SignOffEvent::genesisFor(m_runId, m_runbookSha256, m_initialRoster.allowedSigners,
                                    m_initialRoster.signaturesRequired);
}

bool RunLedger::catchUp(QList<SignOffEvent>* fresh, QString* /*error*/)
{
    if (fresh)
        fresh->clear();
    return true;
}

bool RunLedger::watch(std::function<void()> /*changed*/)
{
    return false;
}

bool RunLedger::reconnect(QString* /*error*/)
{
    return true;
}

bool RunLedger::announce(const Presence& /*me*/, QString* /*error*/)
{
    return true;
}

QList<Presence> RunLedger::present(QString* /*error*/) const
{
    return {};
}

bool RunLedger::loadRunbook(const QHash<QString, QVariant>& meta, QString* error)
{
    for (const char* key : {"run_id", "runbook_text", "runbook_sha256"}) {
        if (!meta.contains(QLatin1String(key))) {
            fail(error,
                 damaged(m_path, QStringLiteral("its %1 is missing").arg(QLatin1String(key))));
            return false;
        }
    }
    m_runId = meta.value(QStringLiteral("run_id")).toString();
    m_runbookName = meta.value(QStringLiteral("runbook_name")).toString();
    m_runbookText = meta.value(QStringLiteral("runbook_text")).toByteArray();
    m_runbookSha256 = meta.value(QStringLiteral("runbook_sha256")).toString();
    m_created = QDateTime::fromString(meta.value(QStringLiteral("created_utc")).toString(),
                                      Qt::ISODateWithMs)
                    .toUTC();
    const QString actualSha = QString::fromLatin1(
        QCryptographicHash::hash(m_runbookText, QCryptographicHash::Sha256).toHex());
    // Exactly as golive writes it (lower-case hex), as golive-audit.py checks it.
    if (actualSha != m_runbookSha256) {
        fail(error, QStringLiteral("%1: the runbook stored in it does not match its recorded "
                                   "SHA-256 (the embedded runbook was changed after the run "
                                   "was created). golive did not change it.")
                        .arg(shown(m_path)));
        return false;
    }
    // A run made before the rules were versioned has no runbook_rules: it was read with the
    // legacy rules, and is read with them again so its item ids and field keys stay.
    int rules = RunbookParser::LegacyRules;
    if (const QVariant recorded = meta.value(QStringLiteral("runbook_rules")); recorded.isValid()) {
        bool numeric = false;
        rules = recorded.toString().toInt(&numeric);
        if (!numeric || rules < RunbookParser::LegacyRules || rules > RunbookParser::CurrentRules) {
            fail(error, QStringLiteral("%1: its runbook was read with reading rules \"%2\", which "
                                       "this golive does not know (it knows %3 to %4); a newer "
                                       "golive made it. golive did not change it.")
                            .arg(shown(m_path), recorded.toString())
                            .arg(RunbookParser::LegacyRules)
                            .arg(RunbookParser::CurrentRules));
            return false;
        }
    }
    RunbookParseResult parsed = RunbookParser::parse(m_runbookText, m_runbookName, rules);
    if (!parsed.ok()) {
        QStringList lines;
        for (const Diagnostic& d : std::as_const(parsed.diagnostics)) {
            if (d.severity == Diagnostic::Severity::Error)
                lines.append(d.toString());
        }
        fail(error, QStringLiteral("the runbook stored in %1 does not read in this golive:\n%2\n"
                                   "golive did not change it.")
                        .arg(shown(m_path), lines.join(QLatin1Char('\n'))));
        return false;
    }
    m_runbook = std::move(parsed.runbook);
    m_state.reset(&m_runbook);
    m_initialRoster.allowedSigners =
        QString::fromUtf8(meta.value(QStringLiteral("allowed_signers")).toByteArray());
    m_initialRoster.signaturesRequired =
        meta.value(QStringLiteral("signatures_required")).toString() == QLatin1String("1");
    m_roster = m_initialRoster;
    return true;
}

bool RunLedger::checkAppend(const SignOffEvent& event, QString* error) const
{
    if (m_readOnly) {
        fail(error, QStringLiteral("%1 is open read-only: sign-offs are disabled. Nothing was "
                                   "recorded.")
                        .arg(shown(m_path)));
        return false;
    }
    if (m_verification.pending) {
        fail(error, QStringLiteral("%1 is still being verified: nothing is recorded until its "
                                   "ledger has been checked. Nothing was recorded.")
                        .arg(shown(m_path)));
        return false;
    }
    // A snapshot is kept whole or not at all, and never larger than golive makes one: every
    // backend refuses it here, before anything is written.
    if (event.snapshot.size() > DecisionSnapshot::kMaxBytes / 3) {
        const qsizetype bytes = event.snapshot.toUtf8().size();
        if (bytes > DecisionSnapshot::kMaxBytes) {
            fail(error, QStringLiteral("the snapshot of what golive could see is %1 bytes, over "
                                       "the limit of %2 KiB (%3 bytes) an event may carry. "
                                       "Nothing was recorded.")
                            .arg(bytes)
                            .arg(DecisionSnapshot::kMaxBytes / 1024)
                            .arg(DecisionSnapshot::kMaxBytes));
            return false;
        }
    }
    if (!m_verification.unacknowledged.isEmpty() &&
        event.kind != EventKind::ChainBreakAcknowledged) {
        const ChainBreak& b = m_verification.unacknowledged.constFirst();
        const QString what = b.wentBack
                                 ? QStringLiteral("the ledger is not intact (%1)").arg(b.problem)
                                 : QStringLiteral("the ledger is broken at event #%1 (%2)")
                                       .arg(b.seq)
                                       .arg(b.problem);
        fail(error, QStringLiteral("%1; acknowledge it first (in the window: Run > Acknowledge "
                                   "ledger break\u2026). Nothing was recorded.")
                        .arg(what));
        return false;
    }
    if (!m_state.validate(event, error))
        return false;
    if (!checkSignature(event, error))
        return false;
    if (event.kind == EventKind::ChainBreakAcknowledged) {
        // An acknowledgement accepts exactly the breaks it names, and must name every one
        // there is now: nothing more (a later break is not covered) and nothing stale.
        const QString expected = m_verification.acknowledgementKey();
        if (expected.isEmpty()) {
            fail(error, QStringLiteral("the ledger of %1 has no unacknowledged break, so there "
                                       "is nothing to acknowledge. Nothing was recorded.")
                            .arg(shown(m_path)));
            return false;
        }
        if (event.fieldKey != expected) {
            fail(error, QStringLiteral("this acknowledgement names the breaks \"%1\", but the "
                                       "unacknowledged breaks are \"%2\" now; review them again. "
                                       "Nothing was recorded.")
                            .arg(event.fieldKey, expected));
            return false;
        }
    }
    return true;
}

bool RunLedger::checkSignature(const SignOffEvent& event, QString* error) const
{
    if (m_roster.signaturesRequired && !event.signature.isSigned())
        return refuse(error, signing::signaturesRequiredWords());
    QString words;
    if (event.kind == EventKind::RosterChanged) {
        if (!signing::AllowedSigners::parse(event.text, &words))
            return refuse(error, QStringLiteral("the new roster does not read: %1. Nothing was "
                                                "recorded.")
                                     .arg(words));
        const auto next = signing::AllowedSigners::parse(event.text, nullptr);
        if (!next || next->isEmpty())
            return refuse(error, QStringLiteral("a roster cannot be emptied: remove people one "
                                                "by one, and keep at least one. Nothing was "
                                                "recorded."));
        if (!next->hasCommander())
            return refuse(error, QStringLiteral("the roster must keep someone who may change "
                                                "it: a line naming role:incident-commander or "
                                                "role:release-captain. Nothing was recorded."));
        if (event.fieldKey == QLatin1String("require-signatures") &&
            event.text != m_roster.allowedSigners)
            return refuse(error, QStringLiteral("requiring signatures does not change who is on "
                                                "the roster. Nothing was recorded."));
    }
    if (!event.signature.isSigned())
        return true;
    // The roster in force judges the key; a run's first roster is judged by itself (whoever
    // brings it must be on it).
    QString roster = m_roster.allowedSigners;
    if (roster.trimmed().isEmpty() && event.kind == EventKind::RosterChanged)
        roster = event.text;
    if (roster.trimmed().isEmpty())
        return true; // nobody to check against: verify counts it as signed by a key off roster
    return signing::rosterAllows(roster, event, error);
}

bool RunLedger::prepare(SignOffEvent& event, QString* error)
{
    return signing::prepareSignature(event, error);
}

std::optional<SignOffEvent> RunLedger::chained(const SignOffEvent& event, QString* error) const
{
    SignOffEvent e = event;
    e.timeUtc = e.timeUtc.isValid() ? e.timeUtc.toUTC() : QDateTime::currentDateTimeUtc();
    e.seq = m_lastSeq + 1;
    e.prevHash = m_verification.head;
    if (!signing::signChained(e, error))
        return std::nullopt;
    e.hash = e.computeHash();
    return e;
}

bool RunLedger::fold(const SignOffEvent& e, const QByteArray* dashboardBytes, bool verified)
{
    m_state.apply(e);
    applyRosterChange(m_roster, e);
    if (e.kind == EventKind::DashboardSet && dashboardBytes) {
        RunDashboardVersion v = RunDashboardVersion::of(*dashboardBytes, e.text);
        v.seq = e.seq;
        m_dashboards.append(v);
    }
    m_lastSeq = e.seq;
    m_verification.eventCount += 1;
    m_verification.head = e.hash;
    // An acknowledgement that does not itself verify accepts nothing: anyone who can add a row
    // could otherwise clear every window's banner.
    if (e.kind != EventKind::ChainBreakAcknowledged || !verified)
        return false;
    // It accepts the breaks it names and no other: another workstation's acknowledgement of
    // what it lost says nothing of what this one lost.
    const QStringList entries = e.fieldKey.split(QLatin1Char(','));
    const QSet<QString> named(entries.cbegin(), entries.cend());
    const auto isNamed = [&named](const ChainBreak& b) {
        return named.contains(acknowledgementEntry(b.seq, b.contentHash));
    };
    bool rebase = false;
    for (ChainBreak& b : m_verification.breaks) {
        if (b.acknowledgedBy != 0 || !isNamed(b))
            continue;
        b.acknowledgedBy = e.seq;
        // This computer's own record of a run that went backwards, once acknowledged, follows
        // the run from here on; the acknowledgement keeps which head and count were seen.
        rebase = rebase || b.wentBack;
    }
    m_verification.unacknowledged.removeIf(isNamed);
    return rebase;
}

} // namespace golive
