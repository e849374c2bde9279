// One open run, without widgets: its store, runbook and folded state, the ledger's breaks and
// their acknowledgement, the events on their way to the store, and the clock that stamps them.
// The window shows it; submit() is the one way an event is recorded.
#pragma once

#include "AsyncLedger.h"
#include "RunDashboard.h"
#include "RunLedger.h"
#include "RunState.h"
#include "Runbook.h"
#include "SignOffEvent.h"
#include "decision/DecisionSnapshot.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>

namespace golive {

class RunStore;
struct RunSnapshot;

class RunSession : public QObject
{
    Q_OBJECT
public:
    // On the SQLite run file (LedgerRunStore).
    explicit RunSession(QObject* parent = nullptr);
    // On `store` (owned).
    explicit RunSession(std::unique_ptr<RunStore> store, QObject* parent = nullptr);
    ~RunSession() override;

    // Opens the run at `path`, a run file or a server URI (read-only when it cannot be
    // written); opened() or openFailed().
    void open(const QString& path);
    // Lets the store finish what it was given and let the run go.
    void close();

    bool hasRun() const { return m_hasRun; }
    bool isReadOnly() const { return m_readOnly; }
    QString runPath() const { return m_runPath; }
    QString runId() const { return m_runId; }
    QString openWarning() const { return m_openWarning; }
    QString openError() const { return m_openError; }
    QByteArray head() const { return m_head; }
    const Runbook& runbook() const { return m_runbook; }
    const RunState& state() const { return m_state; }
    int pendingEvents() const { return m_pending; }
    // Who signs with which key now: the roster the run was made with, as the roster changes
    // that count (signing::rosterChangeCounts) left it.
    RunRoster roster() const;

    // --- A run several workstations share (a server run); for a run file these say "not
    // shared, connected, nobody else".
    bool isShared() const { return m_shared; }
    QString host() const { return m_host; }
    bool isConnected() const { return !m_disconnectedSince.isValid(); }
    QDateTime disconnectedSince() const { return m_disconnectedSince; }
    // The driver's words for the last failure to reach the server (empty while connected).
    QString connectionError() const { return m_connectionError; }
    // "Disconnected from HOST since HH:MM:SS UTC - read-only" while the server cannot be
    // reached (what the band says and what a sign-off is refused with), else empty.
    QString disconnectedText() const;
    // Who has the run open, as the server said last.
    const QList<Presence>& present() const { return m_present; }
    // Who this workstation is on the run: announced now and with every heartbeat.
    void setPresence(const QString& name, Role role);

    // The run was shown before its ledger was checked (the store verifies a run file right
    // after opening it): until breaksChanged() says how the check went, nothing is recorded
    // and a report of it is refused. verifyingText() says so ("Verifying the ledger of
    // PATH (N events): nothing is recorded until it is checked"); empty when not verifying.
    bool isVerifying() const { return m_verifying; }
    QString verifyingText() const;

    // The ledger breaks not yet acknowledged, the first the one to name (a run that went back
    // comes first); while there is one, only the acknowledgement is recorded.
    QStringList unacknowledgedBreaks() const { return m_unacknowledgedBreaks; }
    bool ledgerIntact() const { return m_unacknowledgedBreaks.isEmpty(); }
    // The run has fewer events (or another head) than this computer saw.
    bool wentBack() const { return m_wentBack; }
    // What an acknowledgement names: exactly the breaks seen, so a later break is not covered.
    QString acknowledgementKey() const { return m_acknowledgementKey; }

    // The clock that stamps events and that the rules judge time by. Empty: the wall clock.
    void setClock(RunState::Clock clock);

    // What golive sees now (the panels, alerts and health lights the window watches), taken
    // into every event that records a snapshot (eventTakesSnapshot()) as it is judged and
    // submitted, so the rules (requires=health-green, slo-ok) and the record read the same
    // moment. Without a provider such events record that nothing was watched.
    using SnapshotProvider = std::function<DecisionSnapshot()>;
    void setSnapshotProvider(SnapshotProvider provider);
    // `event` with the snapshot it records, when it takes one and has none yet.
    SignOffEvent withSnapshot(SignOffEvent event) const;
    QDateTime now() const;

    // Whether `event` would be recorded now (stamped with now() when it has no time); *why says
    // why not, in the rules' words.
    bool wouldRecord(SignOffEvent event, QString* why) const;
    // Whether `second` would be recorded right after `first` (both stamped with now() when
    // they have no time): the rules judge `second` against the run with `first` folded in.
    // For two moves made as one (the Go/No-Go opened by recording the decision); each is
    // still submit()ted on its own, the second once the first is recorded.
    bool wouldRecordAfter(SignOffEvent first, SignOffEvent second, QString* why) const;
    // Stamps `event` with now() when it has no time, validates it and hands it to the store:
    // eventRecorded() or appendFailed() follows. False with the refusal in *why otherwise.
    bool submit(SignOffEvent event, QString* why);
    // An evidence event (EvidenceAttached, CommandRun) with its bytes: the file at `path`,
    // stored by the store before the event is appended (RunStore::appendWithFile). Validated
    // like submit() (the rules do not need the SHA-256 yet: the store fills it in), then
    // submitted() and eventRecorded() / appendFailed() as for any event. `removeAfter`: the
    // file is a spool golive wrote (a command's output), removed once recorded.
    bool submitWithFile(SignOffEvent event, const QString& path, qint64 maxBytes, bool removeAfter,
                        QString* why);
    // The bytes stored under `sha256`, read by the store off this thread:
    // blobRead(requestId, ...) / blobSaved(requestId, ...) follow. Returns the request id.
    quint64 readBlob(const QString& sha256, qint64 maxBytes);
    quint64 saveBlob(const QString& sha256, const QString& path);
    // What a report shows of the bytes stored under `sha256`, streamed once by the store off
    // this thread (readEvidencePreview()): evidencePreviewRead(requestId, ...) follows.
    quint64 readEvidencePreview(const QString& sha256, bool wantWhole);

    // "4.2 “Title with its fields filled in”", or the id when the runbook has no such item.
    QString itemLabel(const QString& itemId) const;
    // The signed checklist as held now: the run as opened plus every event since.
    // The run as it was opened (its events as they were then): what a report starts from.
    const RunSnapshot& openedSnapshot() const { return m_opened; }

    // Creates the run file `runPath` from the runbook at `runbookPath` (parsed, checked and
    // refused as `golive new` does). Empty on success, else why nothing was created. Blocking:
    // call it off the UI thread.
    // The run gets the dashboard its front matter names, or `bundled`'s for the bundled
    // runbook (dashboardForNewRun()).
    static QString createRunFromRunbook(const QString& runbookPath, const QString& runPath,
                                        const BundledDashboard& bundled = {});

signals:
    // The open run's runbook and state are about to be replaced or cleared: anything that
    // points into them lets go now.
    void runReleased();
    void opened(const golive::RunSnapshot& snapshot);
    // hasRun() is false by then; the previous run, if any, is gone.
    void openFailed(const QString& error);
    // `event` was handed to the store (being signed, when its actor has a key, then recorded):
    // eventRecorded() or appendFailed() follows.
    void submitted(const golive::SignOffEvent& event);
    void eventRecorded(const golive::SignOffEvent& event);
    void appendFailed(const golive::SignOffEvent& event, const QString& error);
    // An evidence file being stored: bytes read so far.
    void blobProgress(const QString& itemId, qint64 bytesRead);
    void blobRead(quint64 requestId, const QString& sha256, const QByteArray& bytes, bool whole,
                  const QString& error);
    void blobSaved(quint64 requestId, const QString& path, const QString& error);
    void evidencePreviewRead(quint64 requestId, const QString& sha256,
                             const golive::EvidencePreview& preview);
    void pendingChanged(int pending);
    // Events someone else recorded in the same run, already folded into state().
    void recordedElsewhere(const QList<golive::SignOffEvent>& events);
    // The connection to the server was lost or came back (isConnected(), disconnectedText()).
    void connectionChanged();
    // The ledger's breaks changed while the run was open (events from elsewhere, or the
    // chain verified again after a reconnect): unacknowledgedBreaks() says what they are now.
    void breaksChanged();
    void presenceChanged(const QList<golive::Presence>& present);

private:
    void onOpened(const RunSnapshot& snapshot);
    void onOpenFailed(const QString& error);
    void onAppended(const SignOffEvent& event);
    void onAppendFailed(const SignOffEvent& event, const QString& error);
    void onAppendedElsewhere(const QList<SignOffEvent>& events);
    void onConnectionLost(const QString& host, const QDateTime& sinceUtc, const QString& error);
    void onConnectionRestored(const ChainVerification& verification);
    // What submit() and submitWithFile() refuse before the store sees anything: stamps
    // `event` with now() when it has no time, and judges `judged` (the event as the rules will
    // see it) against the run.
    bool checkSubmit(SignOffEvent& event, SignOffEvent judged, QString* why) const;
    // A check of the chain: the one the open deferred (isVerifying() ends), or the breaks of
    // a shared run as they changed.
    void onVerificationChanged(const ChainVerification& verification);
    // The breaks `verification` leaves unacknowledged, as unacknowledgedBreaks() lists them.
    void takeBreaks(const ChainVerification& verification);

    std::unique_ptr<RunStore> m_store;
    RunState::Clock m_clock;
    SnapshotProvider m_snapshotProvider;
    Runbook m_runbook;
    RunState m_state;
    RunRoster m_roster;
    bool m_hasRun = false;
    bool m_readOnly = false;
    QString m_runPath;
    QString m_runId;
    QString m_openWarning;
    QString m_openError;
    QByteArray m_head;
    RunSnapshot m_opened; // the run as opened, for the report
    QStringList m_unacknowledgedBreaks;
    QString m_acknowledgementKey;
    bool m_wentBack = false;
    bool m_verifying = false; // the open's chain check has not been reported yet
    bool m_opening = false;   // open() was called; opened() or openFailed() not yet
    int m_pending = 0;
    quint64 m_nextBlobRequest = 1;
    bool m_shared = false;
    QString m_host;
    QDateTime m_disconnectedSince; // invalid while connected
    QString m_connectionError;
    QList<Presence> m_present;
};

} // namespace golive
