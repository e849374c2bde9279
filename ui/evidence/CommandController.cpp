// Commands from the runbook, run from the window and recorded as evidence.
#include "CommandController.h"

#include "ChecklistController.h"
#include "ChecklistModel.h"
#include "CommandRunDialog.h"
#include "CommandsPane.h"
#include "OperatorOnDuty.h"
#include "RunLedger.h"
#include "RunLocation.h"
#include "RunSession.h"
#include "Runbook.h"
#include "SafeText.h"
#include "Settings.h"
#include "evidence/Evidence.h"
#include "evidence/Redaction.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTimer>

namespace golive {
namespace {

// The kept output is the cap plus the note saying where it was cut.
constexpr qint64 kCutNoteRoom = 4096;

QString shortCommand(const QString& command)
{
    QString shown = command.simplified();
    if (shown.size() > 60)
        shown = shown.left(59) + QChar(0x2026);
    return displaySafe(QStringLiteral("`%1`").arg(shown));
}

QStringList redactionPatterns()
{
    return Settings::instance()->value(Settings::Key::RedactionPatterns).toStringList();
}

CommandController::LeaveChoice askWithBox(QWidget* parent, const QString& text,
                                          const QString& forceLabel)
{
    QMessageBox box(QMessageBox::Warning, CommandController::tr("A command is running"), text,
                    QMessageBox::NoButton, parent);
    box.setTextFormat(Qt::PlainText);
    QPushButton* stop = box.addButton(CommandController::tr("Stop it and record it as stopped"),
                                      QMessageBox::AcceptRole);
    QPushButton* wait =
        box.addButton(CommandController::tr("Keep running and wait"), QMessageBox::RejectRole);
    QPushButton* force = box.addButton(forceLabel, QMessageBox::DestructiveRole);
    box.setDefaultButton(wait);
    box.setEscapeButton(wait);
    box.exec();
    if (box.clickedButton() == stop)
        return CommandController::LeaveChoice::StopAndRecord;
    if (box.clickedButton() == force)
        return CommandController::LeaveChoice::Force;
    return CommandController::LeaveChoice::Wait;
}

} // namespace

CommandController::CommandController(QWidget* window, RunSession* session,
                                     ChecklistController* checklist, Host host)
    : QObject(window), m_window(window), m_session(session), m_checklist(checklist),
      m_host(std::move(host)), m_askLeave(askWithBox)
{
    connect(m_session, &RunSession::runReleased, this, [this] {
        m_recording.clear();
        m_leftOver.clear();
        m_leftOverText.clear();
        m_leftOverRefusal.clear();
        m_shownItem.clear();
        if (m_pane) {
            m_pane->clearRun();
            m_pane->showCommands({}, {});
        }
    });
    connect(m_session, &RunSession::opened, this, [this] {
        update();
        // What an earlier golive left running in this run: recorded now, with its output.
        QStringList problems;
        m_leftOver = CommandJournal::leftOver(journalFolder(), m_session->runId(), &problems);
        for (const QString& p : std::as_const(problems))
            m_host.showMessage(p, 10000);
        recordLeftOvers();
    });
    connect(m_session, &RunSession::eventRecorded, this, &CommandController::onRecorded);
    connect(m_session, &RunSession::appendFailed, this, &CommandController::onRefused);
    connect(m_session, &RunSession::connectionChanged, this, [this] { update(); });
    connect(m_checklist, &ChecklistController::actionsUpdated, this, [this] {
        update();
        // The operator may have chosen a signing key since: the ones waiting may go now.
        if (!m_leftOver.isEmpty())
            recordLeftOvers();
    });
}

CommandController::~CommandController()
{
    // A command still running is killed with the window; its journal stays (CommandRunner).
    m_runner.reset();
}

QString CommandController::journalFolder() const
{
    return m_journalFolder.isEmpty() ? CommandJournal::defaultFolder() : m_journalFolder;
}

void CommandController::createWidgets()
{
    auto* column = m_window->findChild<QSplitter*>(QStringLiteral("detailsColumn"));
    m_pane = new CommandsPane;
    if (column) {
        // Under the item's details, above its evidence.
        column->insertWidget(1, m_pane);
        column->setStretchFactor(1, 2);
    } else {
        m_pane->setParent(m_window);
    }
    connect(m_pane, &CommandsPane::runRequested, this, &CommandController::runCommand);
    connect(m_pane, &CommandsPane::stopRequested, this, &CommandController::stop);
    connect(m_pane, &CommandsPane::signOffRequested, this, [this](const QString& itemId) {
        if (m_host.signOff)
            m_host.signOff(itemId);
    });
}

bool CommandController::isRunning() const
{
    return m_runner && m_runner->isRunning();
}

QString CommandController::runningText() const
{
    if (!isRunning())
        return {};
    const qint64 s = m_startedUtc.secsTo(QDateTime::currentDateTimeUtc());
    return tr("%1 for %2, running for %3:%4")
        .arg(shortCommand(m_spec.command), m_spec.itemId)
        .arg(s / 60)
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString CommandController::cannotRun(const QString& itemId) const
{
    if (!m_session->hasRun())
        return tr("Open a run first.");
    if (m_session->isReadOnly())
        return tr("This run is open read-only: no command can be run, since its output could "
                  "not be recorded.");
    if (!m_session->isConnected())
        return tr("%1: no command can be run until the server is back.")
            .arg(m_session->disconnectedText());
    if (itemId.isEmpty())
        return tr("Select an item to run its commands.");
    const auto me = operatorOnDuty();
    if (me && me->role == Role::Observer)
        return tr("Observers cannot run commands: change the operator (Ctrl+Shift+O) to a role "
                  "that records.");
    if (me) {
        // What the rules would say of its record (a signing key the run asks for, say), before
        // anything runs.
        SignOffEvent e;
        e.kind = EventKind::CommandRun;
        e.itemId = itemId;
        e.actor = *me;
        CommandRecord r;
        r.command = QStringLiteral("-");
        r.workingDir = QDir::rootPath();
        r.shell = QStringLiteral("/bin/sh");
        r.startUtc = r.endUtc = m_session->now();
        e.text = commandEventText(r);
        QString why;
        if (!m_session->wouldRecord(withBlob(e, QString(64, QLatin1Char('0')), 0), &why))
            return tr("Its output could not be recorded now: %1").arg(why);
    }
    return {};
}

void CommandController::update()
{
    if (!m_pane)
        return;
    const RunbookItem* item = m_session->hasRun() ? m_checklist->currentItem() : nullptr;
    const QString id = item ? item->id : QString();
    if (id != m_shownItem || (id.isEmpty() && m_pane->commandCount() > 0)) {
        m_shownItem = id;
        m_pane->showCommands(id, item ? item->commands : QList<RunbookCommand>());
    }
    m_pane->setRunBlocked(cannotRun(id));
}

QString CommandController::defaultFolderFor() const
{
    const QString run = locationWithoutPassword(m_session->runPath());
    const QJsonObject dirs =
        QJsonDocument::fromJson(
            Settings::instance()->value(Settings::Key::CommandWorkingDirs).toString().toUtf8())
            .object();
    const QString remembered = dirs.value(run).toString();
    if (!remembered.isEmpty() && QFileInfo(remembered).isDir())
        return remembered;
    // A run file's commands run beside it; a server run's in the user's home.
    if (RunLedger::isServerLocation(m_session->runPath()))
        return QDir::homePath();
    return QFileInfo(m_session->runPath()).absolutePath();
}

void CommandController::rememberFolder(const QString& dir)
{
    const QString run = locationWithoutPassword(m_session->runPath());
    Settings* s = Settings::instance();
    QJsonObject dirs =
        QJsonDocument::fromJson(s->value(Settings::Key::CommandWorkingDirs).toString().toUtf8())
            .object();
    dirs.insert(run, dir);
    s->setValue(Settings::Key::CommandWorkingDirs,
                QString::fromUtf8(QJsonDocument(dirs).toJson(QJsonDocument::Compact)));
}

void CommandController::runCommand(const QString& itemId, int block)
{
    if (isRunning()) {
        m_host.refuse(tr("A command is already running (%1): one runs at a time in a window. "
                         "Stop it or wait for it to end.")
                          .arg(runningText()));
        return;
    }
    if (const QString why = cannotRun(itemId); !why.isEmpty()) {
        m_host.refuse(why);
        return;
    }
    if (!m_checklist->ensureOperator())
        return;
    const RunbookItem* item = m_session->runbook().findItem(itemId);
    if (!item || block < 1 || block > item->commands.size()) {
        m_host.refuse(tr("%1 has no command %2.").arg(itemId).arg(block));
        return;
    }
    if (m_dialog)
        m_dialog->close();
    const QStringList patterns = redactionPatterns();
    auto* dialog = new CommandRunDialog(
        m_session->itemLabel(itemId), item->commands.at(block - 1).text, defaultFolderFor(),
        Settings::instance()->value(Settings::Key::CommandTimeoutMinutes).toInt(),
        int((patterns.isEmpty() ? Redactor::defaultPatterns() : patterns).size()), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    connect(dialog, &QDialog::accepted, this,
            [this, itemId, block, dialog] { startConfirmed(itemId, block, dialog); });
    dialog->open();
}

void CommandController::startConfirmed(const QString& itemId, int block, CommandRunDialog* dialog)
{
    // Things may have changed while the dialog was open.
    if (isRunning()) {
        m_host.refuse(tr("A command is already running (%1): one runs at a time in a window.")
                          .arg(runningText()));
        return;
    }
    const RunbookItem* item = m_session->runbook().findItem(itemId);
    const auto me = operatorOnDuty();
    QString why = cannotRun(itemId);
    if (why.isEmpty() && (!item || block > item->commands.size() || !me))
        why = tr("the item or the operator changed while asking; nothing was run.");
    if (!why.isEmpty()) {
        m_host.refuse(tr("The command was not run: %1").arg(why));
        return;
    }
    Settings* s = Settings::instance();
    CommandSpec spec;
    spec.itemId = itemId;
    spec.block = block;
    spec.command = item->commands.at(block - 1).text;
    spec.workingDir = dialog->workingDir();
    spec.timeoutSeconds = dialog->timeoutMinutes() * 60;
    const qint64 capMiB = s->value(Settings::Key::CommandOutputCapMiB).toLongLong();
    spec.maxOutputBytes = capMiB > 0 ? capMiB * 1024 * 1024 : DefaultMaxOutputBytes;
    spec.redactionPatterns = redactionPatterns();
    spec.journalFolder = journalFolder();
    spec.runId = m_session->runId();
    spec.runLocation = locationWithoutPassword(m_session->runPath());
    spec.actor = *me;
    if (!m_runner) {
        m_runner = std::make_unique<CommandRunner>();
        connect(m_runner.get(), &CommandRunner::output, m_pane, &CommandsPane::appendOutput);
        connect(m_runner.get(), &CommandRunner::finished, this, &CommandController::onFinished);
    }
    QString error;
    if (!m_runner->start(spec, &error)) {
        m_host.refuse(tr("The command was not run: %1").arg(error));
        return;
    }
    rememberFolder(spec.workingDir);
    m_spec = spec;
    m_startedUtc = QDateTime::currentDateTimeUtc();
    m_pane->started(itemId, spec.command, spec.workingDir);
    m_checklist->model()->setRunning(itemId);
    m_host.showMessage(tr("Running %1 for %2…").arg(shortCommand(spec.command), itemId), 4000);
    emit commandStarted(itemId, block);
}

void CommandController::stop()
{
    if (isRunning())
        m_runner->stop();
}

QString CommandController::endedText(const CommandRecord& record) const
{
    SignOffEvent e;
    e.kind = EventKind::CommandRun;
    e.text = commandEventText(record);
    return displaySafe(evidenceSummary(e));
}

void CommandController::onFinished(const CommandRecord& record, const QString& spool,
                                   const QString& journal)
{
    // Held while its output is stored; let go (so the next open of the run records it as
    // interrupted) when it cannot be.
    std::shared_ptr<const int> lock = m_runner->takeJournalLock();
    m_checklist->model()->setRunning({});
    const QString summary = endedText(record);
    m_pane->ended(summary, false);
    if (!m_session->hasRun() || m_session->runId() != m_spec.runId) {
        m_pane->setNote(tr("Not recorded: its run is no longer open. It is kept on this "
                           "computer and recorded as interrupted when that run is opened next."));
        emit commandEnded(record);
        return;
    }
    SignOffEvent e;
    e.kind = EventKind::CommandRun;
    e.itemId = m_spec.itemId;
    e.actor = m_spec.actor;
    e.text = commandEventText(record);
    e.timeUtc = m_session->now();
    QString why;
    if (!m_session->submitWithFile(e, spool, m_spec.maxOutputBytes + kCutNoteRoom, true, &why)) {
        const QString words =
            tr("The output of %1 was not recorded: %2 It is kept on this computer and recorded "
               "as interrupted when this run is opened next.")
                .arg(shortCommand(record.command), why);
        m_pane->setNote(words);
        m_host.refuse(words);
        emit commandEnded(record);
        emit commandRecorded(e, why);
        return;
    }
    m_recording.append({journal, e.itemId, e.timeUtc, false,
                        record.outcome == CommandOutcome::Exited && record.exitCode == 0,
                        std::move(lock)});
    m_pane->setNote(tr("Storing its output in the run…"));
    emit commandEnded(record);
}

int CommandController::matchRecording(const SignOffEvent& event) const
{
    if (event.kind != EventKind::CommandRun)
        return -1;
    for (int i = 0; i < m_recording.size(); ++i) {
        const Recording& r = m_recording.at(i);
        if (r.itemId == event.itemId &&
            r.timeUtc.toMSecsSinceEpoch() == event.timeUtc.toMSecsSinceEpoch())
            return i;
    }
    return -1;
}

void CommandController::onRecorded(const SignOffEvent& event)
{
    const int at = matchRecording(event);
    if (at < 0)
        return;
    const Recording r = m_recording.takeAt(at);
    // On the record now: the journal has done its work.
    QString error;
    if (!CommandJournal::remove(r.jsonPath, &error))
        m_host.showMessage(error, 10000);
    emit commandRecorded(event, {});
    if (r.interrupted) {
        m_host.showMessage(tr("Recorded as interrupted: %1 for %2, with its output (#%3).")
                               .arg(displaySafe(evidenceSummary(event)), event.itemId)
                               .arg(event.seq),
                           10000);
        return;
    }
    m_pane->setNote(
        tr("Recorded in the run as #%1. Nothing is signed until you sign off.").arg(event.seq));
    m_pane->ended(endedText(*commandFromEvent(event)), true);
    // Offered, never done: the operator decides whether the output is proof.
    if (r.offerSignOff && m_host.signOff)
        m_host.signOff(event.itemId);
}

void CommandController::onRefused(const SignOffEvent& event, const QString& error)
{
    const int at = matchRecording(event);
    if (at < 0)
        return;
    const Recording r = m_recording.takeAt(at);
    emit commandRecorded(event, error);
    if (!r.interrupted)
        m_pane->setNote(tr("Not recorded: %1. It is kept on this computer and recorded as "
                           "interrupted when this run is opened next.")
                            .arg(error));
}

void CommandController::recordLeftOvers()
{
    if (m_leftOver.isEmpty() || !m_session->hasRun())
        return;
    // Nothing is recorded before the ledger is checked; the window's actions are updated once
    // it is, and that calls this again.
    if (m_session->isVerifying())
        return;
    const int count = int(m_leftOver.size());
    QString waitWhy;
    if (m_session->isReadOnly())
        waitWhy = tr("this run is open read-only");
    else if (!m_session->isConnected())
        waitWhy = m_session->disconnectedText();
    QStringList refused;
    int handed = 0;
    for (auto it = m_leftOver.begin(); waitWhy.isEmpty() && it != m_leftOver.end();) {
        const JournalEntry& entry = *it;
        SignOffEvent e;
        e.kind = EventKind::CommandRun;
        e.itemId = entry.spec.itemId;
        e.actor = entry.spec.actor;
        // The same person on duty now may have chosen the key the run asks for since.
        // A key named in a file is not taken up on its own: only that of the operator on duty,
        // the same person in the same role (who may have chosen it since).
        const auto me = operatorOnDuty();
        e.actor.signingKey =
            me && me->name == e.actor.name && me->role == e.actor.role ? me->signingKey : QString();
        e.text = commandEventText(entry.record);
        e.timeUtc = m_session->now();
        const qint64 limit =
            qMax(entry.spec.maxOutputBytes + kCutNoteRoom, QFileInfo(entry.spoolPath).size());
        QString why;
        if (m_session->submitWithFile(e, entry.spoolPath, limit, true, &why)) {
            m_recording.append({entry.jsonPath, e.itemId, e.timeUtc, true, false, entry.lock});
            ++handed;
            it = m_leftOver.erase(it);
            continue;
        }
        refused << tr("%1 for %2: %3").arg(shortCommand(entry.spec.command), e.itemId, why);
        ++it;
    }
    QStringList text;
    if (handed > 0)
        text << tr("%n command(s) running when golive ended before are being recorded as "
                   "interrupted, with their output.",
                   nullptr, handed);
    if (!waitWhy.isEmpty())
        text << tr("%n command(s) running when golive ended before wait to be recorded as "
                   "interrupted: %1.",
                   nullptr, count)
                    .arg(waitWhy);
    if (!refused.isEmpty())
        text << tr("%n command(s) running when golive ended before are not recorded yet; they "
                   "stay on this computer until they can be:",
                   nullptr, int(refused.size())) +
                    QLatin1Char('\n') + refused.join(QLatin1Char('\n'));
    m_leftOverText = text.join(QLatin1Char('\n'));
    if (m_leftOverText.isEmpty())
        return;
    if (handed > 0 && refused.isEmpty() && waitWhy.isEmpty()) {
        m_host.showMessage(m_leftOverText, 15000);
        return;
    }
    // Said once per reason, not on every change of the window's actions.
    if (m_leftOverText != m_leftOverRefusal) {
        m_leftOverRefusal = m_leftOverText;
        m_host.refuse(m_leftOverText);
    }
}

void CommandController::abandon()
{
    const QString command = m_spec.command;
    m_runner.reset(); // kills its process group; no finished(); the journal stays
    m_checklist->model()->setRunning({});
    if (m_pane) {
        m_pane->ended(tr("%1 was killed unrecorded: it is recorded as interrupted, with its "
                         "output, when this run is opened next.")
                          .arg(shortCommand(command)),
                      false);
    }
}

bool CommandController::mayLeave(const QString& what, const QString& forceLabel)
{
    if (!isRunning())
        return true;
    const QString text =
        tr("A command is running (%1). Stop it and record it as stopped, keep it running and "
           "wait, or %2 anyway (it is killed; golive records it as interrupted, with its "
           "output, when this run is opened next).")
            .arg(runningText(), what);
    switch (m_askLeave(m_window, text, forceLabel)) {
    case LeaveChoice::Wait:
        return false;
    case LeaveChoice::Force:
        abandon();
        return true;
    case LeaveChoice::StopAndRecord:
        break;
    }
    // Stop, then wait for its record (bounded: the runner kills the group after 3 s).
    QEventLoop loop;
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    connect(this, &CommandController::commandRecorded, &loop, &QEventLoop::quit);
    bool ended = false;
    connect(this, &CommandController::commandEnded, &loop, [&] {
        ended = true;
        if (m_recording.isEmpty())
            loop.quit(); // refused before the store saw it
    });
    m_runner->stop();
    loop.exec(QEventLoop::ExcludeUserInputEvents);
    if (!ended) {
        abandon(); // it would not end: killed, recorded as interrupted on the next open
    }
    return true;
}

} // namespace golive
