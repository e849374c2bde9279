// Running a command from the runbook in the window: the Run buttons of the item's commands,
// the confirmation, the output as it comes, Stop, recording the run as a command-run event
// (RunSession::submitWithFile) and then offering the sign-off; asking before a window with a
// command running is closed or opens another run; and recording, when a run opens, the
// commands an earlier golive left running (CommandJournal::leftOver) as interrupted.
#pragma once

#include "evidence/CommandRunner.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class QWidget;

namespace golive {

class ChecklistController;
class CommandRunDialog;
class CommandsPane;
class RunSession;

class CommandController : public QObject
{
    Q_OBJECT
public:
    struct Host
    {
        std::function<void(const QString&)> refuse; // the window's refusal banner
        std::function<void(const QString&, int)> showMessage;
        // Opens the sign-off dialog for the item (the evidence just recorded is ticked).
        std::function<void(const QString& itemId)> signOff;
    };

    // What to do with a command still running when the window closes or opens another run.
    enum class LeaveChoice
    {
        StopAndRecord, // stop it and record it as stopped, then go on
        Wait,          // keep it running; nothing else happens
        Force,         // go on: it is killed unrecorded, recorded as interrupted on next open
    };

    CommandController(QWidget* window, RunSession* session, ChecklistController* checklist,
                      Host host);
    ~CommandController() override;

    // The Commands section in the details column (call after EvidenceController's).
    void createWidgets();
    CommandsPane* pane() const { return m_pane; }

    bool isRunning() const;
    // "`make smoke` for 1.2, running for 0:42"
    QString runningText() const;
    // Asks what to do with the command running before `what` happens ("close the window");
    // true when it may go on (nothing running, stopped and recorded, or forced).
    bool mayLeave(const QString& what, const QString& forceLabel);

    // Run block `block` (1-based) of item `itemId`: asks first (CommandRunDialog), then runs.
    void runCommand(const QString& itemId, int block);
    void stop();
    // Why the operator cannot run a command of `itemId` now, or empty.
    QString cannotRun(const QString& itemId) const;

    // Seams for tests: where journals are kept, the question before leaving.
    void setJournalFolder(const QString& folder) { m_journalFolder = folder; }
    QString journalFolder() const;
    // `forceLabel`: the words on the third choice ("Quit anyway", "Open anyway").
    using LeaveAsker =
        std::function<LeaveChoice(QWidget* parent, const QString& text, const QString& forceLabel)>;
    void setLeaveAsker(LeaveAsker asker) { m_askLeave = std::move(asker); }
    // What the window said about commands left from an earlier golive (empty: nothing).
    QString leftOverText() const { return m_leftOverText; }

signals:
    // A command started / ended (the record as the runner made it).
    void commandStarted(const QString& itemId, int block);
    void commandEnded(const golive::CommandRecord& record);
    // Its command-run event is recorded (or was refused: `error`).
    void commandRecorded(const golive::SignOffEvent& event, const QString& error);

private:
    struct Recording
    {
        QString jsonPath;
        QString itemId;
        QDateTime timeUtc;
        bool interrupted = false;
        bool offerSignOff = false;
        // The journal's lock, held until its event is recorded or refused: no other golive
        // takes the journal for left over while its output is being stored.
        std::shared_ptr<const int> lock;
    };

    void update();
    void startConfirmed(const QString& itemId, int block, CommandRunDialog* dialog);
    void onFinished(const CommandRecord& record, const QString& spool, const QString& journal);
    void onRecorded(const SignOffEvent& event);
    void onRefused(const SignOffEvent& event, const QString& error);
    int matchRecording(const SignOffEvent& event) const;
    void recordLeftOvers();
    void abandon(); // kills the command unrecorded: its journal stays
    QString defaultFolderFor() const;
    void rememberFolder(const QString& dir);
    QString endedText(const CommandRecord& record) const;

    QWidget* m_window;
    RunSession* m_session;
    ChecklistController* m_checklist;
    Host m_host;
    CommandsPane* m_pane = nullptr;
    std::unique_ptr<CommandRunner> m_runner;
    CommandSpec m_spec;             // the command running now
    QDateTime m_startedUtc;         // when it started (the window's clock)
    QList<Recording> m_recording;   // handed to the store, not yet recorded
    QList<JournalEntry> m_leftOver; // left by an earlier golive, waiting to be recorded
    QString m_leftOverText;
    QString m_leftOverRefusal; // what the banner said last about them
    QString m_shownItem;       // the item whose commands the pane lists
    QString m_journalFolder;
    QPointer<CommandRunDialog> m_dialog;
    LeaveAsker m_askLeave;
};

} // namespace golive
