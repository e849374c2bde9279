// One open run without widgets: what the window did with the ledger, apart from showing it.
#include "RunSession.h"

#include "decision/ItemCheckRules.h"
#include "evidence/Evidence.h"

#include "signing/EventSigning.h"

#include "Wording.h"

#include "RunCreation.h"

#include "AsyncLedger.h"
#include "ExportTarget.h"
#include "LedgerRunStore.h"
#include "RunFile.h"
#include "RunLocation.h"
#include "RunbookParser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace golive {

RunSession::RunSession(QObject* parent) : RunSession(std::make_unique<LedgerRunStore>(), parent) {}

RunSession::RunSession(std::unique_ptr<RunStore> store, QObject* parent)
    : QObject(parent), m_store(std::move(store))
{
    connect(m_store.get(), &RunStore::opened, this, &RunSession::onOpened);
    connect(m_store.get(), &RunStore::openFailed, this, &RunSession::onOpenFailed);
    connect(m_store.get(), &RunStore::appended, this, &RunSession::onAppended);
    connect(m_store.get(), &RunStore::appendFailed, this, &RunSession::onAppendFailed);
    connect(m_store.get(), &RunStore::appendedElsewhere, this, &RunSession::onAppendedElsewhere);
    connect(m_store.get(), &RunStore::blobProgress, this, &RunSession::blobProgress);
    connect(m_store.get(), &RunStore::blobRead, this, &RunSession::blobRead);
    connect(m_store.get(), &RunStore::blobSaved, this, &RunSession::blobSaved);
    connect(m_store.get(), &RunStore::evidencePreviewRead, this, &RunSession::evidencePreviewRead);
    connect(m_store.get(), &RunStore::connectionLost, this, &RunSession::onConnectionLost);
    connect(m_store.get(), &RunStore::connectionRestored, this, &RunSession::onConnectionRestored);
    connect(m_store.get(), &RunStore::verificationChanged, this,
            [this](const ChainVerification& v) { onVerificationChanged(v); });
    connect(m_store.get(), &RunStore::presenceChanged, this,
            [this](const QList<Presence>& present) {
                m_present = present;
                emit presenceChanged(present);
            });
}

RunSession::~RunSession() = default;

void RunSession::open(const QString& path)
{
    m_openError.clear();
    m_runPath = locationWithoutPassword(path); // what is shown and kept, never a password
    // Until the store says, what is shown is the run before: nothing judged against it may be
    // queued behind this open and land in the run being opened.
    m_opening = true;
    m_store->open(path);
}

void RunSession::close()
{
    m_store->close();
}

void RunSession::setClock(RunState::Clock clock)
{
    m_clock = std::move(clock);
    m_state.setClock(m_clock);
}

void RunSession::setSnapshotProvider(SnapshotProvider provider)
{
    m_snapshotProvider = std::move(provider);
}

SignOffEvent RunSession::withSnapshot(SignOffEvent event) const
{
    if (!m_hasRun || !event.snapshot.isEmpty() || !eventTakesSnapshot(event, m_runbook))
        return event;
    DecisionSnapshot snapshot;
    if (m_snapshotProvider) {
        snapshot = m_snapshotProvider();
    } else {
        snapshot.sloUnavailable = tr("nothing was watched: no SLO source in this session");
        snapshot.alertsUnavailable = snapshot.sloUnavailable;
        snapshot.healthUnavailable = tr("no health checks are watched in this session");
    }
    if (!snapshot.takenUtc.isValid())
        snapshot.takenUtc = now();
    addDecisionChecks(snapshot, event, m_state); // a GO and Live say which checks held
    event.snapshot = snapshot.toJson();
    return event;
}

QDateTime RunSession::now() const
{
    return (m_clock ? m_clock() : QDateTime::currentDateTimeUtc()).toUTC();
}

bool RunSession::wouldRecord(SignOffEvent event, QString* why) const
{
    if (!m_hasRun) {
        *why = tr("open a run first");
        return false;
    }
    if (!isConnected()) {
        *why = disconnectedText();
        return false;
    }
    if (m_readOnly) {
        *why = tr("this run is open read-only");
        return false;
    }
    if (m_opening) {
        *why = tr("another run is being opened");
        return false;
    }
    if (m_verifying) {
        *why = verifyingText();
        return false;
    }
    if (!m_unacknowledgedBreaks.isEmpty()) {
        *why = tr("the ledger is broken (%1); acknowledge it first")
                   .arg(m_unacknowledgedBreaks.first());
        return false;
    }
    if (!event.timeUtc.isValid()) {
        event.timeUtc = now();
    }
    event = withSnapshot(event);
    if (!m_state.validate(event, why)) {
        return false;
    }
    if (event.actor.signingKey.isEmpty() && roster().signaturesRequired) {
        *why = signing::signaturesRequiredWords();
        return false;
    }
    return true;
}

bool RunSession::wouldRecordAfter(SignOffEvent first, SignOffEvent second, QString* why) const
{
    if (!wouldRecord(first, why)) {
        return false;
    }
    if (!first.timeUtc.isValid()) {
        first.timeUtc = now();
    }
    if (!second.timeUtc.isValid()) {
        second.timeUtc = now();
    }
    RunState after = m_state; // a copy: the run itself changes only when the ledger appends
    after.apply(withSnapshot(first));
    return after.validate(withSnapshot(second), why);
}

RunRoster RunSession::roster() const
{
    return m_roster;
}

bool RunSession::submit(SignOffEvent event, QString* why)
{
    event = withSnapshot(event);
    if (!checkSubmit(event, event, why))
        return false;
    ++m_pending;
    emit pendingChanged(m_pending);
    m_store->append(event);
    emit submitted(event);
    return true;
}

bool RunSession::submitWithFile(SignOffEvent event, const QString& path, qint64 maxBytes,
                                bool removeAfter, QString* why)
{
    if (!isEvidence(event.kind)) {
        *why = tr("Only evidence is recorded with a file; nothing was recorded.");
        return false;
    }
    // The rules judge the event as it will be once its bytes are stored: the SHA-256 is the
    // store's to fill in, after it has read them.
    const SignOffEvent judged = withBlob(event, QString(64, QLatin1Char('0')), 0);
    if (!checkSubmit(event, judged, why))
        return false;
    ++m_pending;
    emit pendingChanged(m_pending);
    m_store->appendWithFile(event, path, maxBytes, removeAfter);
    emit submitted(event);
    return true;
}

quint64 RunSession::readBlob(const QString& sha256, qint64 maxBytes)
{
    const quint64 id = m_nextBlobRequest++;
    m_store->readBlob(id, sha256, maxBytes);
    return id;
}

quint64 RunSession::readEvidencePreview(const QString& sha256, bool wantWhole)
{
    const quint64 id = m_nextBlobRequest++;
    m_store->readEvidencePreview(id, sha256, wantWhole);
    return id;
}

quint64 RunSession::saveBlob(const QString& sha256, const QString& path)
{
    const quint64 id = m_nextBlobRequest++;
    m_store->saveBlob(id, sha256, path);
    return id;
}

bool RunSession::checkSubmit(SignOffEvent& event, SignOffEvent judged, QString* why) const
{
    // The session's clock stamps the event; the ledger keeps it.
    if (!event.timeUtc.isValid()) {
        event.timeUtc = now();
    }
    judged.timeUtc = event.timeUtc;
    // Never queued for later: what the room sees recorded must be on the server.
    if (!isConnected()) {
        *why = disconnectedText();
        return false;
    }
    // Said here, not left to the ledger's worker to refuse later: the person learns at once.
    if (m_readOnly) {
        *why = m_openWarning.isEmpty() ? tr("This run is open read-only; nothing was recorded.")
                                       : tr("%1; nothing was recorded.").arg(m_openWarning);
        return false;
    }
    if (m_opening) {
        *why = tr("%1 is being opened; nothing was recorded.").arg(m_runPath);
        return false;
    }
    if (m_verifying) {
        *why = tr("%1; nothing was recorded. Try again once it is checked.").arg(verifyingText());
        return false;
    }
    if (!m_unacknowledgedBreaks.isEmpty() && event.kind != EventKind::ChainBreakAcknowledged) {
        *why = tr("The ledger is broken (%1); acknowledge it first.")
                   .arg(m_unacknowledgedBreaks.first());
        return false;
    }
    if (!m_state.validate(judged, why)) {
        return false;
    }
    // Said at once, not after the ledger's worker has signed nothing.
    if (event.actor.signingKey.isEmpty() && roster().signaturesRequired) {
        *why = signing::signaturesRequiredWords();
        return false;
    }
    return true;
}

QString RunSession::itemLabel(const QString& itemId) const
{
    return golive::itemLabel(m_runbook, m_state, itemId, LabelStyle::Window);
}

QString RunSession::createRunFromRunbook(const QString& runbookPath, const QString& runPath,
                                         const BundledDashboard& bundled)
{
    // The same steps as `golive new`: the target first, then the runbook, read once, so the
    // run keeps exactly the bytes that were checked.
    const LoadedRunbook runbook = LoadedRunbook::fromFile(runbookPath);
    std::optional<RunDashboardVersion> dashboard;
    if (runbook.usable() && !QFileInfo::exists(runPath)) {
        QString why;
        dashboard = dashboardForNewRun(QString(), runbook.result.runbook, runbookPath,
                                       runbook.sha256, bundled, &why);
        if (!why.isEmpty())
            return tr("%1\n\nNothing was created.").arg(why);
    }
    const RunCreation::Result made =
        RunCreation::create(runPath, runbook, QFileInfo(runbookPath).fileName(), dashboard);
    switch (made.outcome) {
    case RunCreation::Outcome::Created:
        return QString();
    case RunCreation::Outcome::RunbookErrors: {
        QStringList lines;
        for (const Diagnostic& d : runbook.result.diagnostics) {
            lines << d.toString();
        }
        return tr("The runbook has errors; nothing was created.\n\n%1")
            .arg(lines.join(QLatin1Char('\n')));
    }
    case RunCreation::Outcome::TargetExists:
        return tr("%1 exists; golive never overwrites a run. Nothing was created.")
            .arg(QDir::toNativeSeparators(runPath));
    case RunCreation::Outcome::TargetRefused:
    case RunCreation::Outcome::CreateFailed:
        break;
    }
    return made.error.isEmpty() ? tr("%1 could not be created.").arg(runPath) : made.error;
}

void RunSession::onOpened(const RunSnapshot& snapshot)
{
    // Whatever points into the runbook lets go before it is replaced. The store parsed the
    // runbook already, so the UI thread never parses a file of untrusted size.
    emit runReleased();
    m_runbook = snapshot.runbook;
    m_state.reset(&m_runbook);
    for (const SignOffEvent& e : snapshot.events) {
        m_state.apply(e);
    }
    m_opened = snapshot;
    m_opened.events.clear(); // the folded state holds them; a report takes them from there
    m_roster = snapshot.roster;
    m_hasRun = true;
    m_runPath = snapshot.path;
    m_runId = snapshot.runId;
    m_readOnly = snapshot.readOnly;
    m_openWarning = snapshot.warning;
    m_head = snapshot.verification.head;
    m_verifying = snapshot.verification.pending;
    m_opening = false;
    m_shared = snapshot.shared;
    m_host = snapshot.host;
    m_disconnectedSince = QDateTime();
    m_present.clear();
    takeBreaks(snapshot.verification);
    emit opened(snapshot);
}

void RunSession::onVerificationChanged(const ChainVerification& verification)
{
    if (!m_hasRun)
        return;
    if (m_verifying && !verification.pending) {
        // The check the open deferred: what a report of the run as opened says of its ledger.
        m_verifying = false;
        m_opened.verification = verification;
    }
    takeBreaks(verification);
    emit breaksChanged();
}

void RunSession::takeBreaks(const ChainVerification& verification)
{
    m_unacknowledgedBreaks.clear();
    m_acknowledgementKey = verification.acknowledgementKey();
    m_wentBack = false;
    for (const ChainBreak& b : verification.unacknowledged) {
        if (b.wentBack) {
            // First: it is what the room must hear before any single bad event.
            m_unacknowledgedBreaks.prepend(b.problem);
            m_wentBack = true;
        } else {
            m_unacknowledgedBreaks << tr("event #%1: %2").arg(b.seq).arg(b.problem);
        }
    }
}

QString RunSession::verifyingText() const
{
    if (!m_verifying)
        return QString();
    const qsizetype events = m_state.events().size();
    return tr("Verifying the ledger of %1 (%2 %3): nothing is recorded until it is checked")
        .arg(m_opened.path)
        .arg(events)
        .arg(events == 1 ? tr("event") : tr("events"));
}

QString RunSession::disconnectedText() const
{
    if (isConnected())
        return QString();
    return tr("Disconnected from %1 since %2 UTC - read-only")
        .arg(m_host, m_disconnectedSince.toUTC().toString(QStringLiteral("HH:mm:ss")));
}

void RunSession::setPresence(const QString& name, Role role)
{
    Presence me;
    me.name = name;
    me.role = role;
    m_store->setPresence(me);
}

void RunSession::onConnectionLost(const QString& host, const QDateTime& sinceUtc,
                                  const QString& error)
{
    if (!m_hasRun)
        return;
    if (!host.isEmpty())
        m_host = host;
    m_disconnectedSince = sinceUtc.isValid() ? sinceUtc : QDateTime::currentDateTimeUtc();
    m_connectionError = error;
    emit connectionChanged();
}

void RunSession::onConnectionRestored(const ChainVerification& verification)
{
    if (!m_hasRun)
        return;
    m_disconnectedSince = QDateTime();
    m_connectionError.clear();
    // The chain was verified again on reconnecting: a break found now shows as breaks do.
    takeBreaks(verification);
    emit breaksChanged();
    emit connectionChanged();
}

void RunSession::onOpenFailed(const QString& error)
{
    m_openError = error;
    m_opening = false;
    m_verifying = false;
    // The store closed the previous run before trying this one: showing it as if it were
    // still open would invite sign-offs that cannot be recorded.
    m_shared = false;
    m_disconnectedSince = QDateTime();
    m_present.clear();
    if (m_hasRun) {
        m_hasRun = false;
        emit runReleased();
        m_runbook = Runbook();
        m_state.reset(nullptr);
    }
    emit openFailed(error);
}

void RunSession::onAppended(const SignOffEvent& event)
{
    m_pending = qMax(0, m_pending - 1);
    m_state.apply(event);
    applyRosterChange(m_roster, event);
    m_head = event.hash;
    if (event.kind == EventKind::ChainBreakAcknowledged) {
        m_unacknowledgedBreaks.clear();
        m_acknowledgementKey.clear();
        m_wentBack = false;
    }
    emit pendingChanged(m_pending);
    emit eventRecorded(event);
}

void RunSession::onAppendFailed(const SignOffEvent& event, const QString& error)
{
    m_pending = qMax(0, m_pending - 1);
    emit pendingChanged(m_pending);
    emit appendFailed(event, error);
}

void RunSession::onAppendedElsewhere(const QList<SignOffEvent>& events)
{
    if (!m_hasRun || events.isEmpty()) {
        return;
    }
    for (const SignOffEvent& e : events) {
        m_state.apply(e);
        applyRosterChange(m_roster, e);
        m_head = e.hash;
    }
    emit recordedElsewhere(events);
}

} // namespace golive
