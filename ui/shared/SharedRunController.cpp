// The window's side of a shared server run: band, who is here, presence, others' events.
#include "SharedRunController.h"

#include "ConnectionBand.h"
#include "PresenceDock.h"
#include "RunLedger.h"
#include "RunLocation.h"
#include "RunSession.h"
#include "UiText.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QPushButton>
#include <QVBoxLayout>

namespace golive {

SharedRunController::SharedRunController(QMainWindow* window, RunSession* session, Host host)
    : QObject(window), m_window(window), m_session(session), m_host(std::move(host))
{
    m_dock = new PresenceDock(m_session, window);
    window->addDockWidget(Qt::RightDockWidgetArea, m_dock);
    m_dock->hide();
    connect(m_session, &RunSession::opened, this, &SharedRunController::onOpened);
    connect(m_session, &RunSession::recordedElsewhere, this,
            &SharedRunController::onRecordedElsewhere);
    connect(m_session, &RunSession::connectionChanged, this, [this] {
        if (m_session->isConnected() && m_session->hasRun())
            m_host.showMessage(tr("Connected again to %1; caught up with what was recorded "
                                  "meanwhile")
                                   .arg(displaySafe(m_session->host())),
                               10000);
    });
}

void SharedRunController::createBand(QWidget* parent, QVBoxLayout* layout)
{
    m_band = new ConnectionBand(m_session, parent);
    layout->addWidget(m_band);
}

QString SharedRunController::bandText() const
{
    return m_band ? m_band->text() : QString();
}

void SharedRunController::onOpened()
{
    // A shared run shows who else has it open; the commander sees the room at once.
    if (m_session->isShared())
        m_dock->show();
    m_announcedOnce = false;
    operatorMayHaveChanged();
}

void SharedRunController::operatorMayHaveChanged()
{
    if (!m_session->hasRun() || !m_session->isShared())
        return;
    const std::optional<Actor> me = m_host.operatorOnDuty();
    const bool same = m_announced.has_value() == me.has_value() &&
                      (!me || (me->name == m_announced->name && me->role == m_announced->role));
    if (m_announcedOnce && same)
        return;
    m_announced = me;
    m_announcedOnce = true;
    // Nobody chosen yet is still a workstation in the room: announced without a name.
    m_session->setPresence(me ? me->name : QString(), me ? me->role : Role::Observer);
}

void SharedRunController::onRecordedElsewhere(const QList<SignOffEvent>& events)
{
    const SignOffEvent& last = events.constLast();
    const QString who = displaySafe(last.actor.name);
    const QString where = displaySafe(last.actor.host);
    const QString what = last.itemId.isEmpty() ? eventKindName(last.kind)
                                               : displaySafe(m_session->itemLabel(last.itemId));
    m_host.showMessage(events.size() == 1
                           ? tr("Recorded at %1 by %2: %3").arg(where, who, what)
                           : tr("%n events recorded at other workstations, the last by %1: %2",
                                nullptr, int(events.size()))
                                 .arg(who, what),
                       8000);
}

void SharedRunController::openServerRunDialog()
{
    auto* dialog = new QDialog(m_window);
    dialog->setObjectName(QStringLiteral("serverRunDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Open server run"));
    auto* layout = new QVBoxLayout(dialog);
    auto* help = new QLabel(tr("The run's PostgreSQL URI, with the run's name in its run "
                               "parameter:\npostgresql://USER@HOST:PORT/DATABASE?run=NAME\n"
                               "The password comes from the keychain (golive login) or "
                               "libpq's own sources; it is never kept in recent runs."),
                            dialog);
    help->setTextFormat(Qt::PlainText);
    help->setWordWrap(true);
    auto* uri = new QLineEdit(dialog);
    uri->setObjectName(QStringLiteral("serverRunUri"));
    uri->setPlaceholderText(
        QStringLiteral("postgresql://ada@db.example.org:5432/golive?run=summit"));
    help->setBuddy(uri);
    auto* problem = new QLabel(dialog);
    problem->setObjectName(QStringLiteral("serverRunProblem"));
    problem->setTextFormat(Qt::PlainText);
    problem->hide();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, dialog);
    buttons->button(QDialogButtonBox::Open)->setEnabled(false);
    buttons->button(QDialogButtonBox::Open)->setDefault(true);
    layout->addWidget(help);
    layout->addWidget(uri);
    layout->addWidget(problem);
    layout->addWidget(buttons);
    connect(uri, &QLineEdit::textChanged, dialog, [uri, buttons, problem] {
        const QString text = uri->text().trimmed();
        const bool server = RunLedger::isServerLocation(text);
        buttons->button(QDialogButtonBox::Open)->setEnabled(server);
        problem->setVisible(!text.isEmpty() && !server);
        problem->setText(tr("A server run's URI starts with postgresql:// (or postgres://); "
                            "a run file opens with File > Open run."));
    });
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, dialog, [this, dialog, uri] {
        const QString location = uri->text().trimmed();
        if (!RunLedger::isServerLocation(location))
            return;
        dialog->accept();
        m_host.openRun(location);
    });
    dialog->open();
    uri->setFocus();
}

} // namespace golive
