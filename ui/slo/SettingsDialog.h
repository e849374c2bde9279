// Settings (Ctrl+,): the Prometheus connection, and the theme (dark or light, applied on OK).
// Everything but the password or token is saved in the settings; the secret goes to the OS
// keychain (CredentialStore) and nowhere else. A keychain that is missing, locked or refusing is
// said in words, with the choice of using the secret for this session only. Nothing here ever
// waits: the keychain and "Test connection" answer through the event loop.
#pragma once

#include <functional>

#include "ConnectionSettings.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;

class QGroupBox;
class QHBoxLayout;

namespace golive {

class CredentialStore;
class PrometheusClient;

class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    // `credentials` is not owned (the window's); the dialog copes with it going first. Every
    // control has an objectName: url, auth, user, secret, secretStatus, forgetSecret, caFile,
    // browseCaFile, timeout, refresh, testConnection, testBusy, testResult, problem,
    // saveStatus, keychainProblem (keychainMessage, useForSession, goBack), theme,
    // redactionPatterns, outputCap, commandTimeout, attachmentLimit, buttons.
    explicit SettingsDialog(CredentialStore* credentials, QWidget* parent = nullptr);
    ~SettingsDialog() override;

    // A line above the form, e.g. that the window was started with --prometheus.
    void setNote(const QString& text);
    // A setting of the open run rather than of this computer (its war-room channel): a row
    // with `label` and a button `button` that calls `open` with this dialog as the parent.
    void addRunSetting(const QString& label, const QString& button, const QString& objectName,
                       const std::function<void(QWidget*)>& open);

    // The connection as the fields say (not saved), without the secret.
    ConnectionSettings connection() const;
    // What is wrong with the fields, naming the field; empty when OK may save them.
    QString problem() const;

    // What the keychain holds for the current URL and user, as last checked.
    enum class StoredSecret
    {
        NotNeeded, // no authentication
        Checking,
        Stored,      // in the keychain
        SessionOnly, // kept in memory for this session
        None,
        Unavailable, // the keychain could not be asked; secretStatus says why
    };
    StoredSecret storedSecret() const { return m_stored; }

public slots:
    // OK: refuses with the words when a field is wrong; else stores a typed secret in the
    // keychain (asynchronously), then saves the other fields and closes. When the keychain
    // cannot take it, the dialog stays open and offers "Use for this session only".
    void accept() override;
    void testConnection();
    void forgetSecret();

signals:
    // The keychain was asked what it holds for the current URL and user (storedSecret()).
    void storedSecretChecked();
    // "Test connection" has its answer in testResult.
    void testFinished(bool ok, const QString& text);
    // The keychain refused the secret; keychainProblem shows why and the choices.
    void keychainFailed(const QString& message);

private:
    QGroupBox* createConnectionBox();
    QHBoxLayout* createTestRow(QWidget* box);
    QGroupBox* createAppearanceBox();
    // Evidence: the redaction patterns, the output cap, the timeout, the attachment limit.
    QGroupBox* createEvidenceBox();
    // What is wrong with the Evidence fields (a pattern that does not compile), or empty.
    QString evidenceProblem() const;
    QStringList typedPatterns() const;
    void saveEvidence();
    void createProblemWidgets();
    void updateAuthFields();
    void updateValidation();
    void updateRows();
    void growToFit();
    void scheduleSecretCheck();
    void checkStoredSecret();
    void showStoredSecret(StoredSecret state, const QString& words);
    void runCheck(const PrometheusConfig& config, quint64 generation, const QString& note);
    void showTestResult(bool ok, const QString& text);
    void browseCaFile();
    void setSaving(bool saving, const QString& status);
    void finishAccept();
    void useForSessionOnly();
    void goBack();
    QString secretNoun() const; // "password" or "token"

    QPointer<CredentialStore> m_credentials;
    StoredSecret m_stored = StoredSecret::NotNeeded;
    quint64 m_checkGeneration = 0; // keychain look-ups superseded by a newer one are dropped
    quint64 m_testGeneration = 0;  // the same for "Test connection"
    quint64 m_saveGeneration = 0;
    bool m_saving = false;
    PrometheusClient* m_testClient = nullptr;

    QLabel* m_note = nullptr;
    QGroupBox* m_runBox = nullptr; // settings of the open run (addRunSetting())
    QLineEdit* m_url = nullptr;
    QComboBox* m_auth = nullptr;
    QLabel* m_userLabel = nullptr;
    QLineEdit* m_user = nullptr;
    QLabel* m_secretLabel = nullptr;
    QLineEdit* m_secret = nullptr;
    QLabel* m_secretStatus = nullptr;
    QPushButton* m_forget = nullptr;
    QLineEdit* m_caFile = nullptr;
    QPushButton* m_browseCaFile = nullptr;
    QSpinBox* m_timeout = nullptr;
    QComboBox* m_refresh = nullptr;
    QPushButton* m_test = nullptr;
    QProgressBar* m_testBusy = nullptr;
    QLabel* m_testResult = nullptr;
    QLabel* m_problem = nullptr;
    QLabel* m_saveStatus = nullptr;
    QFrame* m_keychainProblem = nullptr;
    QLabel* m_keychainMessage = nullptr;
    QPushButton* m_useForSession = nullptr;
    QPushButton* m_goBack = nullptr;
    QComboBox* m_theme = nullptr;          // Appearance: dark or light
    QCheckBox* m_notify = nullptr;         // a desktop notification while the window is behind
    QCheckBox* m_notifySound = nullptr;    // with a sound
    QPlainTextEdit* m_patterns = nullptr;  // Evidence: one pattern a line; empty: the defaults
    QSpinBox* m_outputCap = nullptr;       // MiB
    QSpinBox* m_commandTimeout = nullptr;  // minutes; 0: none
    QSpinBox* m_attachmentLimit = nullptr; // MiB
    QDialogButtonBox* m_buttons = nullptr;
    QTimer* m_secretCheckTimer = nullptr;
};

} // namespace golive
