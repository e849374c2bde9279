// Run > Roster: who signs this run's record with which SSH key, as the run holds it now, and
// how it came to be; the incident commander or release captain adds and removes people and
// requires signatures, each change a signed roster-changed event.
#pragma once

#include "RunLedger.h"
#include "SignOffEvent.h"
#include "SshKey.h"

#include <QDialog>
#include <QList>

#include <functional>
#include <optional>

class QLabel;
class QPushButton;
class QTableWidget;
class QTextBrowser;

namespace golive {

// What the run's roster says of `name` signing with `key`, in words for the key chooser:
// "On this run's roster for Ada Lovelace.", or why sign-offs with it will be refused; empty for
// a run without a roster that does not require signatures.
QString rosterWords(const RunRoster& roster, const QString& name, const QString& role,
                    const signing::SshPublicKey& key);

class RosterDialog : public QDialog
{
    Q_OBJECT
public:
    // `initial`: the roster the run was made with; `now`: the roster in force
    // (RunSession::roster()); `events`: the run's events, for the history; `me`: the operator
    // on duty (or none), who may change it when a commander; `submit` records a
    // roster-changed event (refusals come back through the window's usual banner).
    RosterDialog(const RunRoster& initial, const RunRoster& now, const QList<SignOffEvent>& events,
                 std::optional<Actor> me, std::function<void(const SignOffEvent&)> submit,
                 QWidget* parent = nullptr);

private:
    void fill();
    void addPerson();
    void removeSelected();
    void requireSignatures();
    void submitChange(const QString& change, const QString& newRoster);

    RunRoster m_initial;
    RunRoster m_now;
    QList<SignOffEvent> m_events;
    std::optional<Actor> m_me;
    std::function<void(const SignOffEvent&)> m_submit;
    QLabel* m_summary;
    QTableWidget* m_table;
    QTextBrowser* m_history;
    QPushButton* m_add;
    QPushButton* m_remove;
    QPushButton* m_require;
    QLabel* m_why;
};

} // namespace golive
