// Which SSH key the operator on duty signs with: one of the keys in their running ssh-agent
// (hardware-backed keys included), a key file, or none. The agent is asked off the UI thread;
// golive never reads a private key, only the public half of what is chosen.
#pragma once

#include "SshKey.h"

#include <QList>
#include <QString>
#include <QWidget>

#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QPushButton;

namespace golive {

class SigningKeyPicker : public QWidget
{
    Q_OBJECT
public:
    explicit SigningKeyPicker(QWidget* parent = nullptr);

    // Shows `path` (a key file, or an agent key's public half that golive kept) as chosen;
    // empty: no key.
    void setKeyPath(const QString& path);
    // What ssh-keygen -f is to be given, once commit()ted; empty: unsigned.
    QString keyPath() const;
    // Whether the choice is one golive can sign with (no key is a choice too).
    bool isUsable() const;
    // Makes the choice a path: an agent key's public half is written to golive's keys folder.
    // False with words (the folder cannot be written).
    bool commit(QString* error);
    // Words under the choice about the chosen key, for the run open now ("on this run's roster
    // for Ada Lovelace", "not on this run's roster: …"); empty says nothing.
    void setRosterCheck(std::function<QString(const signing::SshPublicKey&)> check);
    // The agent asked again (after ssh-add in a terminal).
    void reloadAgent();

signals:
    void changed();

private:
    struct Choice
    {
        enum class Kind
        {
            None,
            File,
            Agent
        } kind = Kind::None;
        QString path; // File: the file; Agent: where its public half is kept once committed
        std::optional<signing::SshPublicKey> key;
    };
    void rebuild();
    void chooseFile();
    void showDetail();
    void agentAnswered(const QList<signing::SshPublicKey>& keys, const QString& error);
    const Choice* current() const;

    QComboBox* m_combo;
    QPushButton* m_browse;
    QPushButton* m_reload;
    QLabel* m_detail;
    QList<Choice> m_choices;
    Choice m_file; // the key file chosen (or remembered), if any
    QList<signing::SshPublicKey> m_agentKeys;
    QString m_agentError; // why the agent could not be asked
    bool m_agentPending = false;
    QString m_wanted;    // the path to select once the agent answered
    QString m_fileError; // why the remembered or chosen file is not a key
    std::function<QString(const signing::SshPublicKey&)> m_rosterCheck;
};

// Where golive keeps the public halves of agent keys it was told to sign with.
QString signingKeysFolder();

} // namespace golive
