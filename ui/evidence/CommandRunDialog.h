// Asked before a command from the runbook runs: the exact command (monospace, as plain text),
// the folder it runs in (Change…), its timeout, and a warning that its output is kept in the
// run, after redaction, for everyone who can read the run.
#pragma once

#include <QDialog>

#include <functional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace golive {

class CommandRunDialog : public QDialog
{
    Q_OBJECT
public:
    CommandRunDialog(const QString& itemLabel, const QString& command, const QString& workingDir,
                     int timeoutMinutes, int redactionPatterns, QWidget* parent = nullptr);

    QString workingDir() const { return m_dir; }
    void setWorkingDir(const QString& dir);
    int timeoutMinutes() const;
    QString commandShown() const;

    // Seam: the folder dialog behind "Change…" (empty: cancelled).
    using FolderChooser = std::function<QString(QWidget* parent, const QString& current)>;
    void setFolderChooser(FolderChooser chooser) { m_chooseFolder = std::move(chooser); }

    void accept() override;

private:
    QString m_dir;
    QPlainTextEdit* m_command;
    QLabel* m_dirLabel;
    QLabel* m_problem;
    QSpinBox* m_timeout;
    FolderChooser m_chooseFolder;
};

} // namespace golive
