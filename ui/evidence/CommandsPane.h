// The item's commands in the details column: each command as written in the runbook, in
// monospace and as plain text (never rich text from the runbook), with a Run button; and,
// while one runs and after, a terminal-like pane with its output as it comes (colours
// rendered, never raw escapes), the time it has run, Stop, and "Sign off…" once it ended.
#pragma once

#include "evidence/TerminalText.h"

#include <QElapsedTimer>
#include <QList>
#include <QString>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QVBoxLayout;

namespace golive {

struct RunbookCommand;

class CommandsPane : public QWidget
{
    Q_OBJECT
public:
    // The output pane keeps at most this many lines (blocks); older ones go, so a command
    // writing hundreds of megabytes keeps the window responsive. The run keeps all of it (up
    // to the cap).
    static constexpr int kMaxOutputLines = 5000;
    // A line longer than this is shown in pieces of this size (a flood with no line break).
    static constexpr int kMaxLineChars = 16384;

    explicit CommandsPane(QWidget* parent = nullptr);

    // The commands of item `itemId` (none: only the output of a run, if any, is shown).
    void showCommands(const QString& itemId, const QList<RunbookCommand>& commands);
    QString itemId() const { return m_itemId; }
    int commandCount() const { return int(m_runButtons.size()); }
    // Run buttons enabled or not, with the reason as their tooltip (empty: enabled).
    void setRunBlocked(const QString& why);
    QPushButton* runButton(int block) const; // 1-based

    // A command started: the output pane is cleared and shows it.
    void started(const QString& itemId, const QString& command, const QString& workingDir);
    // Output as it comes (CommandRunner::output).
    void appendOutput(const QByteArray& bytes, qint64 skipped);
    // It ended: `summary` says how, plainly; "Sign off…" is offered when `offerSignOff`.
    void ended(const QString& summary, bool offerSignOff);
    // The run let go: the output of a command that ended goes with it (one running stays).
    void clearRun();
    // Words under the output (the record being stored, a refusal).
    void setNote(const QString& text);
    bool isShowingRun() const { return m_runShown; }

    QPlainTextEdit* output() const { return m_output; }
    QString statusText() const;

signals:
    void runRequested(const QString& itemId, int block);
    void stopRequested();
    void signOffRequested(const QString& itemId);

private:
    void updateElapsed();
    void appendHtmlLines(const QString& html);
    void updateVisibility();

    QString m_itemId;
    QLabel* m_title;
    QWidget* m_list;
    QVBoxLayout* m_listLayout;
    QList<QPushButton*> m_runButtons;
    QString m_runBlocked;
    QWidget* m_run;
    QLabel* m_status;
    QLabel* m_note;
    QPushButton* m_stop;
    QPushButton* m_signOff;
    QPlainTextEdit* m_output;
    TerminalStream m_stream;
    QString m_openSpan;  // the <span …> in force at the end of what was appended
    int m_lineChars = 0; // characters in the last line shown
    QString m_runItem;
    QString m_runCommand;
    QElapsedTimer m_elapsed;
    QTimer m_tick;
    bool m_runShown = false;
    bool m_running = false;
};

} // namespace golive
