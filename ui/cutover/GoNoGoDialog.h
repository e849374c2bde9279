// The incident commander's Go/No-Go on one screen: the pre-checks, the health lights, the SLO
// states and the firing alerts, two large choices (GO, NO-GO), the reason, and the refusal in
// the rules' words. It knows no rule: the window gives it a check (RunState::validate() through
// the session) and records the decision, opening the gate first when it is not open yet.
#pragma once

#include <QDialog>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;
class QVBoxLayout;

namespace golive {

class GoNoGoDialog : public QDialog
{
    Q_OBJECT
public:
    struct PreCheck
    {
        QString id;
        QString title;
        QString status; // "Open", "Signed by Rae Okafor at 05:10 UTC", ...
        bool open = true;
        bool isGoDecision = false; // signed by the GO itself
    };
    // A line of the summary on the right: a health check, an SLO panel or an alert.
    enum class Light
    {
        Good,
        Warning,
        Bad,
        Unknown
    };
    struct Signal
    {
        QString name;   // "prov-ledger", "checkout p95 latency", "Neo4jDown"
        QString state;  // "UP", "BREACH", "critical", ...
        QString detail; // "HTTP 503", the alert's summary; may be empty
        Light light = Light::Unknown;
    };
    // Everything the dialog shows; text from the runbook, the run and Prometheus is plain text.
    struct Inputs
    {
        QString who;          // "Inès Duarte · Incident Commander"
        QString timing;       // "T-00:45:00 · planned start 06:00 UTC", or why there is none
        QString early;        // earlyGoText() now, or "" when a GO now is on time
        bool gateOpen = true; // false: recording the decision opens the Go/No-Go first
        QList<PreCheck> preChecks;
        QList<Signal> health;
        QString healthNote; // why there are no lights, when there are none
        QList<Signal> slos;
        QString sloNote;
        QList<Signal> alerts; // firing, critical first
        QString alertsNote;   // "no alert firing", the last answer's error, ...
        QString abortHint;    // an abort trigger present now (a reason for NO-GO), or ""
        // The checks the runbook's items require (requires=health-green, ...) as the GO would
        // record them: met, open, or signed over. Empty: the runbook asks for none.
        QList<Signal> checks;
    };
    explicit GoNoGoDialog(const Inputs& inputs, QWidget* parent = nullptr);

    // "" when the decision may be recorded, else the refusal in the rules' words.
    using Check = std::function<QString(bool go, const QString& reason)>;
    void setCheck(Check check) { m_check = std::move(check); }

    bool hasChoice() const;
    bool isGo() const;
    void setGo(bool go);
    QString reason() const;
    void setReason(const QString& reason);
    QStringList openPreChecks() const;
    QString errorText() const;
    QString hintText() const;    // what the reason field needs now
    QString summaryText() const; // the pre-checks, health, SLO and alert summary lines
    bool gateOpen() const { return m_inputs.gateOpen; }
    QPushButton* goButton() const { return m_goButton; }
    QPushButton* noGoButton() const { return m_noGoButton; }
    QPushButton* recordButton() const { return m_record; }

    // Checks the choice and the reason; when the rules accept them, asks the window to record
    // them with recordRequested() (both moves when the gate is not open: the dialog then
    // waits). It closes (accepted()) only on recorded().
    void accept() override;
    // The window recorded (or could not record) what recordRequested() asked for. Refused: the
    // dialog shows why and keeps the choice and the reason; `gateNowOpen` when the gate was
    // opened on the way (the next try records the decision alone).
    void recorded();
    void refused(const QString& error, bool gateNowOpen);
    // The clock moved: the T-minus line and whether a GO now is early (the hint follows).
    void setTiming(const QString& timing, const QString& early);
    QString timingText() const;
    // The checks golive verifies, as they stand now (refreshed while the dialog is open).
    void setChecks(const QList<Signal>& checks);
    // Esc or the window's close button: ignored while it waits for the ledger (closing then
    // would drop the decision on the way and what was typed).
    void reject() override;

signals:
    void recordRequested(bool go, const QString& reason);
    void answered(); // recorded() or refused(): whatever the dialog waited for is over

private:
    QWidget* buildSummary();
    // Adds the section's header and lights to `column`; returns its summary line.
    // `warningWords` counts the warning lights ("%1 at risk" when empty).
    QString addSection(QVBoxLayout* column, const QString& title, const QList<Signal>& signalList,
                       const QString& note, const QString& warningWords = QString());
    void choose(bool go);
    void updateHint();
    void showError(const QString& error);
    void setWaiting(bool waiting);

    Inputs m_inputs;
    Check m_check;
    QStringList m_summary;
    QString m_checksSummary; // the checks' line, kept apart as it changes
    QWidget* m_checksBox = nullptr;
    QTreeWidget* m_list = nullptr;
    QPushButton* m_goButton = nullptr;
    QPushButton* m_noGoButton = nullptr;
    QLabel* m_gateNote = nullptr;
    QLabel* m_timing = nullptr;
    QLabel* m_hint = nullptr;
    QLineEdit* m_reason = nullptr;
    QLabel* m_error = nullptr;
    QPushButton* m_record = nullptr;
    QPushButton* m_cancel = nullptr;
    bool m_waiting = false;
};

} // namespace golive
