// The Settings dialog (Ctrl+,) and the window's use of what it stores, against real things: a
// fake HTTP server (answers, 401, HTML, a hang, TLS with a self-signed certificate), a refused
// port, and the OS keychain through QtKeychain. CTest runs this twice:
//   tst_settingsdialog          no keychain (the session bus points nowhere): the keychain
//                               fails fast and the dialog offers "Use for this session only";
//   tst_settingsdialog_keyring  through tests/keychain/with-keyring.sh (gnome-keyring on a
//                               private bus, a throwaway HOME): stored, shown as stored, used,
//                               forgotten.
// GOLIVE_SETTINGS_KEYCHAIN ("none", the default, or "keyring") picks the run; each skips the
// other's cases. Every run ends by reading each file under its HOME for the secrets it typed.
#include "ConnectionSettings.h"
#include "CredentialStore.h"
#include "Dashboard.h"
#include "FakeHttpServer.h"
#include "MainWindow.h"
#include "PrometheusSource.h"
#include "Settings.h"
#include "SettingsDialog.h"
#include "SloDashboardDock.h"
#include "Theme.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace golive;
using golive::test::FakeHttpServer;

namespace {

const QByteArray kBuildInfo = R"({"status":"success","data":{"version":"2.42.0",)"
                              R"("revision":"225c611","branch":"HEAD","goVersion":"go1.19.5"}})";
const QByteArray kMatrix = R"({"status":"success","data":{"resultType":"matrix","result":[]}})";
const QByteArray kAlerts = R"({"status":"success","data":{"alerts":[]}})";

// A secret that appears nowhere else: a fixed prefix (to recognise it) and 128 random bits.
QString freshSecret(const char* what)
{
    const quint64 a = QRandomGenerator::global()->generate64();
    const quint64 b = QRandomGenerator::global()->generate64();
    return QStringLiteral("golive-ui-%1-%2%3")
        .arg(QLatin1String(what))
        .arg(a, 16, 16, QLatin1Char('0'))
        .arg(b, 16, 16, QLatin1Char('0'));
}

// One panel is enough for the window to ask Prometheus.
Dashboard tinyDashboard()
{
    Dashboard d;
    d.title = QStringLiteral("Tiny");
    d.fileName = QStringLiteral("tiny.json");
    PanelDefinition p;
    p.id = QStringLiteral("api-p95");
    p.title = QStringLiteral("API p95 latency");
    p.query = QStringLiteral("histogram_quantile(0.95, rate(x_bucket[5m]))");
    p.unit = QStringLiteral("s");
    p.slo.objective = 0.35;
    d.panels << p;
    return d;
}

// A port nothing listens on: bound, then released.
quint16 refusedPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost)) {
        return 0;
    }
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

QByteArray basicHeader(const QString& user, const QString& secret)
{
    return "Basic " + (user + QLatin1Char(':') + secret).toUtf8().toBase64();
}

// What the window's SLO source is ("demo", "prometheus" or "none"), and its description;
// one read of the guarded pointer each.
QString kindOf(const MainWindow& window)
{
    const SloSource* source = window.sloSource();
    if (!source) {
        return QStringLiteral("none");
    }
    return source->isDemo() ? QStringLiteral("demo") : QStringLiteral("prometheus");
}

QString describe(const MainWindow& window)
{
    const SloSource* source = window.sloSource();
    return source ? source->description() : QString();
}

template <typename T> T* child(QObject* parent, const char* name)
{
    return parent->findChild<T*>(QLatin1String(name));
}

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    // Both runs.
    void controlsFollowTheAuthentication();
    void validationNamesTheField();
    void testConnectionSaysWhatHappened_data();
    void testConnectionSaysWhatHappened();
    void testConnectionSendsTheTypedSecret_data();
    void testConnectionSendsTheTypedSecret();
    void testConnectionNamesAnUntrustedCertificate();
    void secondTestSupersedesTheFirst();
    void okSavesTheFieldsButNeverTheSecret();
    void windowKeepsTheCommandLineChoices();
    void windowWarnsWhenTheSecretIsMissing();
    void ctrlCommaOpensSettings();
    void themeIsChosenAppliedAndRemembered();
    void errorWordsReadOnTheDarkTheme();

    // No keychain.
    void noKeychainOffersThisSessionOnly();

    // gnome-keyring.
    void keychainStoresShowsUsesAndForgets();

    void cleanupTestCase();

private:
    bool keyring() const { return m_keyring; }
    SettingsDialog* openDialog();
    void waitChecked(SettingsDialog* dialog);
    void setAuth(SettingsDialog* dialog, const char* name);
    QString runTest(SettingsDialog* dialog);
    void showAndActivate(QWidget* w);
    bool sawHeader(const FakeHttpServer& server, const QByteArray& value) const;
    static void serveDashboard(FakeHttpServer& server);

    bool m_keyring = false;
    QString m_home;
    QStringList m_secrets; // every secret typed, for the final search of HOME
    std::unique_ptr<SettingsDialog> m_dialog;
    std::unique_ptr<CredentialStore> m_store;
};

#define NEED_KEYRING()                                                                             \
    do {                                                                                           \
        if (!keyring())                                                                            \
            QSKIP("needs the keyring run (tst_settingsdialog_keyring)");                           \
    } while (false)
#define NEED_NO_KEYCHAIN()                                                                         \
    do {                                                                                           \
        if (keyring())                                                                             \
            QSKIP("needs the run without a keychain (tst_settingsdialog)");                        \
    } while (false)

void TestSettingsDialog::initTestCase()
{
    m_keyring = qEnvironmentVariable("GOLIVE_SETTINGS_KEYCHAIN") == QLatin1String("keyring");
    m_home = QDir::homePath();
    if (m_keyring) {
        // This run writes to the keychain of the session bus it finds: only ever a throwaway.
        if (qEnvironmentVariable("GOLIVE_TEST_HOME") != m_home) {
            QFAIL("the keyring run goes through tests/keychain/with-keyring.sh (GOLIVE_TEST_HOME "
                  "must be the throwaway HOME), never against your own keychain");
        }
    }
    qInfo("mode: %s, HOME %s", m_keyring ? "gnome-keyring" : "no keychain", qPrintable(m_home));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                       QDir(m_home).filePath(QStringLiteral(".config")));
    QCoreApplication::setOrganizationName(QStringLiteral("golive-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_settingsdialog"));
}

void TestSettingsDialog::init()
{
    QSettings().clear();
    QSettings().sync();
    m_store = std::make_unique<CredentialStore>();
}

void TestSettingsDialog::cleanup()
{
    m_dialog.reset();
    m_store.reset();
}

SettingsDialog* TestSettingsDialog::openDialog()
{
    m_dialog = std::make_unique<SettingsDialog>(m_store.get());
    m_dialog->show();
    return m_dialog.get();
}

void TestSettingsDialog::waitChecked(SettingsDialog* dialog)
{
    QTRY_VERIFY_WITH_TIMEOUT(dialog->storedSecret() != SettingsDialog::StoredSecret::Checking,
                             10000);
}

void TestSettingsDialog::setAuth(SettingsDialog* dialog, const char* name)
{
    auto* auth = child<QComboBox>(dialog, "auth");
    auth->setCurrentIndex(auth->findData(QLatin1String(name)));
}

QString TestSettingsDialog::runTest(SettingsDialog* dialog)
{
    QSignalSpy finished(dialog, &SettingsDialog::testFinished);
    QTest::mouseClick(child<QPushButton>(dialog, "testConnection"), Qt::LeftButton);
    if (!finished.wait(15000)) {
        return QStringLiteral("(no answer)");
    }
    return child<QLabel>(dialog, "testResult")->text();
}

void TestSettingsDialog::showAndActivate(QWidget* w)
{
    w->show();
    QVERIFY(QTest::qWaitForWindowExposed(w));
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w));
}

bool TestSettingsDialog::sawHeader(const FakeHttpServer& server, const QByteArray& value) const
{
    for (const FakeHttpServer::Request& r : server.requests()) {
        if (r.target.startsWith("/api/v1/query_range") &&
            r.headers.value("authorization") == value) {
            return true;
        }
    }
    return false;
}

void TestSettingsDialog::serveDashboard(FakeHttpServer& server)
{
    server.route("/api/v1/query_range", FakeHttpServer::json(kMatrix));
    server.route("/api/v1/alerts", FakeHttpServer::json(kAlerts));
    server.route("/api/v1/status/buildinfo", FakeHttpServer::json(kBuildInfo));
}

// ---------------------------------------------------------------------------------------------

void TestSettingsDialog::controlsFollowTheAuthentication()
{
    SettingsDialog* dialog = openDialog();
    for (const char* name : {"url", "auth", "user", "secret", "secretStatus", "forgetSecret",
                             "caFile", "browseCaFile", "timeout", "refresh", "testConnection",
                             "testResult", "testBusy", "problem", "keychainProblem", "buttons"}) {
        QVERIFY2(dialog->findChild<QWidget*>(QLatin1String(name)), name);
    }
    auto* user = child<QLineEdit>(dialog, "user");
    auto* secret = child<QLineEdit>(dialog, "secret");
    QCOMPARE(secret->echoMode(), QLineEdit::Password);

    // Nothing saved: no Prometheus (demo data), no authentication, the defaults.
    QCOMPARE(child<QLineEdit>(dialog, "url")->text(), QString());
    QCOMPARE(child<QComboBox>(dialog, "auth")->currentData().toString(), QStringLiteral("none"));
    QCOMPARE(child<QSpinBox>(dialog, "timeout")->value(), 10);
    auto* refresh = child<QComboBox>(dialog, "refresh");
    QCOMPARE(refresh->currentData().toInt(), 15);
    QList<int> choices;
    for (int i = 0; i < refresh->count(); ++i) {
        choices << refresh->itemData(i).toInt();
    }
    QCOMPARE(choices, SloDashboardDock::refreshChoicesSeconds());
    QCOMPARE(refresh->itemText(0), QStringLiteral("Off"));
    QVERIFY(!user->isEnabled());
    QVERIFY(!secret->isEnabled());

    setAuth(dialog, "basic");
    QVERIFY(user->isEnabled());
    QVERIFY(secret->isEnabled());
    setAuth(dialog, "bearer");
    QVERIFY(!user->isEnabled());
    QVERIFY(secret->isEnabled());
    QTest::keyClicks(secret, QStringLiteral("typed"));
    setAuth(dialog, "none");
    QVERIFY(!secret->isEnabled());
    QCOMPARE(secret->text(), QString()); // a secret is not kept for no authentication
}

void TestSettingsDialog::validationNamesTheField()
{
    SettingsDialog* dialog = openDialog();
    auto* url = child<QLineEdit>(dialog, "url");
    auto* problem = child<QLabel>(dialog, "problem");
    auto* ok = child<QDialogButtonBox>(dialog, "buttons")->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    QVERIFY(problem->isHidden());

    url->setText(QStringLiteral("ftp://prom.example"));
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().startsWith(QStringLiteral("URL: ")), qPrintable(problem->text()));
    QVERIFY(!ok->isEnabled());

    url->setText(QStringLiteral("https://ops:hunter2@prom.example"));
    QVERIFY2(problem->text().contains(QStringLiteral("keychain")), qPrintable(problem->text()));
    QVERIFY(!ok->isEnabled());

    url->setText(QStringLiteral("https://prom.example:9090"));
    QVERIFY(problem->isHidden());
    QVERIFY(ok->isEnabled());

    setAuth(dialog, "basic");
    QVERIFY2(problem->text().startsWith(QStringLiteral("User: ")), qPrintable(problem->text()));
    QVERIFY(!ok->isEnabled());
    child<QLineEdit>(dialog, "user")->setText(QStringLiteral("ops"));
    QVERIFY(ok->isEnabled());

    child<QLineEdit>(dialog, "caFile")->setText(QStringLiteral("/nonexistent/ca.pem"));
    QVERIFY2(problem->text().startsWith(QStringLiteral("CA file: ")), qPrintable(problem->text()));
    QVERIFY(!ok->isEnabled());
    // Refused even when OK is reached another way (Enter, a script): nothing is saved.
    dialog->accept();
    QVERIFY(dialog->isVisible());
    QCOMPARE(ConnectionSettings::load().url, QString());
}

void TestSettingsDialog::testConnectionSaysWhatHappened_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("ok");
    QTest::newRow("version") << "version"
                             << "Connected: Prometheus 2.42.0" << true;
    QTest::newRow("unreachable") << "refused"
                                 << "Cannot reach Prometheus at " << false;
    QTest::newRow("401") << "401"
                         << "answered HTTP 401" << false;
    QTest::newRow("html") << "html"
                          << "answered with HTML, not the JSON of its API" << false;
    QTest::newRow("404") << "404"
                         << "answered HTTP 404" << false;
    QTest::newRow("not prometheus") << "json"
                                    << "not as Prometheus does" << false;
}

void TestSettingsDialog::testConnectionSaysWhatHappened()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    QFETCH(bool, ok);
    FakeHttpServer server;
    QVERIFY(server.listen());
    QUrl base = server.baseUrl();
    const QByteArray path = "/api/v1/status/buildinfo";
    if (kind == QLatin1String("version")) {
        server.route(path, FakeHttpServer::json(kBuildInfo));
    } else if (kind == QLatin1String("refused")) {
        base.setPort(refusedPort());
    } else if (kind == QLatin1String("401")) {
        FakeHttpServer::Response r;
        r.status = 401;
        r.headers = {{"WWW-Authenticate", "Basic realm=\"prometheus\""}};
        r.body = "Unauthorized\n";
        server.route(path, r);
    } else if (kind == QLatin1String("html")) {
        FakeHttpServer::Response r;
        r.headers = {{"Content-Type", "text/html"}};
        r.body = "<html><body>Grafana</body></html>";
        server.route(path, r);
    } else if (kind == QLatin1String("404")) {
        FakeHttpServer::Response r;
        r.status = 404;
        r.headers = {{"Content-Type", "text/html"}};
        r.body = "<html><body>Not found</body></html>";
        server.route(path, r);
    } else {
        server.route(path, FakeHttpServer::json(R"({"status":"success","data":{}})"));
    }

    SettingsDialog* dialog = openDialog();
    child<QLineEdit>(dialog, "url")->setText(base.toString());
    const QString text = runTest(dialog);
    QVERIFY2(text.contains(expected), qPrintable(text));
    if (!ok) {
        QVERIFY2(text.contains(base.toString()), qPrintable(text)); // names where
    }
    auto* result = child<QLabel>(dialog, "testResult");
    QVERIFY2(
        result->styleSheet().contains(ok ? QStringLiteral("#1b5e20") : QStringLiteral("#b71c1c")),
        qPrintable(result->styleSheet()));
    QVERIFY(child<QProgressBar>(dialog, "testBusy")->isHidden());
}

void TestSettingsDialog::testConnectionSendsTheTypedSecret_data()
{
    QTest::addColumn<QString>("auth");
    QTest::newRow("basic") << "basic";
    QTest::newRow("bearer") << "bearer";
}

void TestSettingsDialog::testConnectionSendsTheTypedSecret()
{
    QFETCH(QString, auth);
    FakeHttpServer server;
    QVERIFY(server.listen());
    server.route("/api/v1/status/buildinfo", FakeHttpServer::json(kBuildInfo));
    SettingsDialog* dialog = openDialog();
    child<QLineEdit>(dialog, "url")->setText(server.baseUrl().toString());
    setAuth(dialog, qPrintable(auth));
    child<QLineEdit>(dialog, "user")->setText(QStringLiteral("ops"));
    const QString secret = freshSecret("test");
    m_secrets << secret;
    QTest::keyClicks(child<QLineEdit>(dialog, "secret"), secret);
    QCOMPARE(runTest(dialog), QStringLiteral("Connected: Prometheus 2.42.0"));
    QCOMPARE(server.requests().size(), 1);
    QCOMPARE(server.requests().first().headers.value("authorization"),
             auth == QLatin1String("basic") ? basicHeader(QStringLiteral("ops"), secret)
                                            : "Bearer " + secret.toUtf8());
    // Testing stores nothing: the settings are as they were.
    QCOMPARE(ConnectionSettings::load().url, QString());
}

void TestSettingsDialog::testConnectionNamesAnUntrustedCertificate()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString cert = dir.filePath(QStringLiteral("server.pem"));
    const QString key = dir.filePath(QStringLiteral("server.key"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                   key, QStringLiteral("-out"), cert, QStringLiteral("-days"), QStringLiteral("2"),
                   QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                   QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1")});
    if (!openssl.waitForStarted()) {
        QSKIP("openssl is not installed (packaging/install-deps.sh installs it)");
    }
    QVERIFY(openssl.waitForFinished(60000));
    QCOMPARE(openssl.exitCode(), 0);
    QFile certFile(cert), keyFile(key);
    QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(certFile.readAll(), QSsl::Pem));
    tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
    FakeHttpServer server;
    QVERIFY(server.listenTls(tls));
    server.route("/api/v1/status/buildinfo", FakeHttpServer::json(kBuildInfo));

    SettingsDialog* dialog = openDialog();
    child<QLineEdit>(dialog, "url")->setText(server.baseUrl().toString());
    const QString untrusted = runTest(dialog);
    QVERIFY2(untrusted.contains(QStringLiteral("certificate is not trusted")),
             qPrintable(untrusted));
    QVERIFY2(untrusted.startsWith(QStringLiteral("TLS with Prometheus at ")),
             qPrintable(untrusted));
    QVERIFY(server.requests().isEmpty()); // nothing was sent over the untrusted link

    // With its certificate as the CA file, the same server is trusted.
    child<QLineEdit>(dialog, "caFile")->setText(cert);
    QCOMPARE(runTest(dialog), QStringLiteral("Connected: Prometheus 2.42.0"));
}

void TestSettingsDialog::secondTestSupersedesTheFirst()
{
    FakeHttpServer hanging;
    QVERIFY(hanging.listen());
    hanging.route("/api/v1/status/buildinfo",
                  FakeHttpServer::of(FakeHttpServer::Response::Kind::Hang));
    FakeHttpServer good;
    QVERIFY(good.listen());
    good.route("/api/v1/status/buildinfo", FakeHttpServer::json(kBuildInfo));

    SettingsDialog* dialog = openDialog();
    auto* url = child<QLineEdit>(dialog, "url");
    auto* test = child<QPushButton>(dialog, "testConnection");
    auto* busy = child<QProgressBar>(dialog, "testBusy");
    auto* result = child<QLabel>(dialog, "testResult");
    child<QSpinBox>(dialog, "timeout")->setValue(2);
    url->setText(hanging.baseUrl().toString());
    QSignalSpy finished(dialog, &SettingsDialog::testFinished);
    QTest::mouseClick(test, Qt::LeftButton);
    // The click returns at once; the dialog says it is testing and stays usable.
    QVERIFY(busy->isVisible());
    QVERIFY2(result->text().startsWith(QStringLiteral("Testing ")), qPrintable(result->text()));
    QTRY_COMPARE(hanging.requests().size(), 1);
    QVERIFY(test->isEnabled());
    QCOMPARE(finished.size(), 0);

    url->setText(good.baseUrl().toString());
    QTest::mouseClick(test, Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    QCOMPARE(result->text(), QStringLiteral("Connected: Prometheus 2.42.0"));
    // The first test's 2 s deadline passes: its answer never overwrites the second's.
    QTest::qWait(2500);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(result->text(), QStringLiteral("Connected: Prometheus 2.42.0"));
    QVERIFY(busy->isHidden());
}

void TestSettingsDialog::okSavesTheFieldsButNeverTheSecret()
{
    QTemporaryDir dir;
    const QString ca = dir.filePath(QStringLiteral("ca.pem"));
    {
        QFile f(ca);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not checked here\n");
    }
    SettingsDialog* dialog = openDialog();
    waitChecked(dialog);
    child<QLineEdit>(dialog, "url")->setText(QStringLiteral("https://prom.example:9443/prom"));
    setAuth(dialog, "basic");
    child<QLineEdit>(dialog, "user")->setText(QStringLiteral("ops"));
    child<QLineEdit>(dialog, "caFile")->setText(ca);
    child<QSpinBox>(dialog, "timeout")->setValue(7);
    auto* refresh = child<QComboBox>(dialog, "refresh");
    refresh->setCurrentIndex(refresh->findData(30));
    const QString secret = freshSecret("ok");
    m_secrets << secret;
    QTest::keyClicks(child<QLineEdit>(dialog, "secret"), secret);

    QSignalSpy accepted(dialog, &QDialog::accepted);
    QSignalSpy failed(dialog, &SettingsDialog::keychainFailed);
    QTest::mouseClick(child<QDialogButtonBox>(dialog, "buttons")->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    if (keyring()) {
        QVERIFY(accepted.wait(10000));
    } else {
        QVERIFY(failed.wait(10000));
        QCOMPARE(accepted.size(), 0);
        // Not saved yet: the user has not decided.
        QCOMPARE(ConnectionSettings::load().url, QString());
        QTest::mouseClick(child<QPushButton>(dialog, "useForSession"), Qt::LeftButton);
        QCOMPARE(accepted.size(), 1);
    }
    QVERIFY(!dialog->isVisible());

    const ConnectionSettings saved = ConnectionSettings::load();
    QCOMPARE(saved.url, QStringLiteral("https://prom.example:9443/prom"));
    QCOMPARE(saved.auth, PrometheusConfig::Auth::Basic);
    QCOMPARE(saved.user, QStringLiteral("ops"));
    QCOMPARE(saved.caFile, ca);
    QCOMPARE(saved.timeoutSeconds, 7);
    QCOMPARE(saved.refreshSeconds, 30);

    QSettings().sync();
    QFile file(QSettings().fileName());
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(QSettings().fileName()));
    const QByteArray written = file.readAll();
    QVERIFY(written.contains("prom.example:9443"));
    QVERIFY(!written.contains(secret.toUtf8()));
    QVERIFY(!written.contains(basicHeader(QStringLiteral("ops"), secret).mid(6)));
}

void TestSettingsDialog::windowKeepsTheCommandLineChoices()
{
    FakeHttpServer server;
    QVERIFY(server.listen());
    serveDashboard(server);
    MainWindow window;
    window.show();

    // Nothing configured: demo data.
    window.useConfiguredSource(QString(), false, tinyDashboard());
    QCOMPARE(kindOf(window), QStringLiteral("demo"));
    QCOMPARE(window.sloDock()->source(), window.sloSource());

    // --prometheus URL (or GOLIVE_PROMETHEUS_URL): that Prometheus, no authentication.
    QPointer<SloSource> demo = window.sloSource();
    window.useConfiguredSource(server.baseUrl().toString(), false, tinyDashboard());
    QCOMPARE(kindOf(window), QStringLiteral("prometheus"));
    QVERIFY2(describe(window).contains(server.baseUrl().toString()), qPrintable(describe(window)));
    QTRY_VERIFY(!demo); // the old source is deleted once the dock let go of it
    QTRY_VERIFY(!server.requests().isEmpty());
    QVERIFY(!server.requests().first().headers.contains("authorization"));
    QCOMPARE(window.connectionWarning(), QString());

    // --demo wins over a configured Prometheus.
    ConnectionSettings c;
    c.url = server.baseUrl().toString();
    c.save();
    window.useConfiguredSource(QString(), true, tinyDashboard());
    QCOMPARE(kindOf(window), QStringLiteral("demo"));
    window.useConfiguredSource(QString(), false, tinyDashboard());
    QCOMPARE(kindOf(window), QStringLiteral("prometheus"));

    // "prom:9090" is accepted as http, as before.
    window.useConfiguredSource(QStringLiteral("127.0.0.1:%1").arg(server.port()), false,
                               tinyDashboard());
    QVERIFY2(describe(window).contains(server.baseUrl().toString()), qPrintable(describe(window)));
    QCOMPARE(window.connectionWarning(), QString());

    // An address `golive login` recorded: its user and authentication apply (the secret is
    // the keychain's; none here, which the window says, naming the user).
    FakeHttpServer other;
    QVERIFY(other.listen());
    serveDashboard(other);
    // As `golive login URL --user ops` records it in the settings file (JSON).
    Settings::instance()->setValue(
        Settings::Key::PrometheusLogins,
        QStringLiteral(R"({"%1":{"user":"ops","auth":"basic","caFile":""}})")
            .arg(CredentialStore::normalizedUrl(other.baseUrl())));
    QSignalSpy changed(&window, &MainWindow::sloSourceChanged);
    window.useConfiguredSource(other.baseUrl().toString(), false, tinyDashboard());
    QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 10000);
    QVERIFY2(window.connectionWarning().contains(
                 QStringLiteral("%1 as ops").arg(CredentialStore::normalizedUrl(other.baseUrl()))),
             qPrintable(window.connectionWarning()));
    QTRY_VERIFY(!other.requests().isEmpty());
    QVERIFY(other.requests().first().headers.value("authorization").startsWith("Basic "));

    // The configured address given on the command line: the settings' authentication applies.
    c.auth = PrometheusConfig::Auth::Bearer;
    c.save();
    changed.clear();
    window.useConfiguredSource(server.baseUrl().toString() + QLatin1Char('/'), false,
                               tinyDashboard());
    QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 10000);
    QVERIFY2(window.connectionWarning().contains(QStringLiteral("token")),
             qPrintable(window.connectionWarning()));
    window.close();
}

void TestSettingsDialog::windowWarnsWhenTheSecretIsMissing()
{
    FakeHttpServer server;
    QVERIFY(server.listen());
    serveDashboard(server);
    ConnectionSettings c;
    c.url = server.baseUrl().toString();
    c.auth = PrometheusConfig::Auth::Basic;
    c.user = QStringLiteral("ops");
    c.save();

    MainWindow window;
    window.show();
    QSignalSpy changed(&window, &MainWindow::sloSourceChanged);
    window.useConfiguredSource(QString(), false, tinyDashboard());
    QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 10000);
    const QString warning = window.connectionWarning();
    auto* banner = window.findChild<QFrame*>(QStringLiteral("connectionBanner"));
    QVERIFY(banner && banner->isVisible());
    if (keyring()) {
        QCOMPARE(warning,
                 QStringLiteral("No password stored for %1 as ops: open Settings (Ctrl+,) to "
                                "enter it.")
                     .arg(CredentialStore::normalizedUrl(server.baseUrl())));
    } else {
        QVERIFY2(warning.contains(QStringLiteral("no keychain is available")), qPrintable(warning));
        QVERIFY2(warning.contains(QStringLiteral("Open Settings (Ctrl+,)")), qPrintable(warning));
    }
    // The dock still gets its source; Prometheus will refuse it (401), in the panels' words.
    QCOMPARE(kindOf(window), QStringLiteral("prometheus"));
    QTRY_VERIFY(!server.requests().isEmpty());
    QVERIFY(!server.requests().first().headers.contains("authorization") ||
            server.requests().first().headers.value("authorization") ==
                basicHeader(QStringLiteral("ops"), QString()));
    window.close();
}

void TestSettingsDialog::ctrlCommaOpensSettings()
{
    MainWindow window;
    showAndActivate(&window);
    auto* action = window.findChild<QAction*>(QStringLiteral("settingsAction"));
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Comma));
    QVERIFY(window.actions().contains(action)); // works wherever focus is in the window

    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    SettingsDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<SettingsDialog*>()) && dialog->isVisible());
    QTest::keyClick(dialog, Qt::Key_Escape);
    QTRY_VERIFY(!window.findChild<SettingsDialog*>()); // deleted on close
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    // A second time, after the first is gone.
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    QTRY_VERIFY((dialog = window.findChild<SettingsDialog*>()) && dialog->isVisible());
    dialog->reject();
    QTRY_VERIFY(!window.findChild<SettingsDialog*>());
    window.close();
}

// Appearance > Theme, dark by default, applied to the whole application on OK.
void TestSettingsDialog::themeIsChosenAppliedAndRemembered()
{
    applyTheme(savedTheme()); // as at start, from empty settings
    QCOMPARE(currentTheme(), Theme::Dark);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
    SettingsDialog* dialog = openDialog();
    auto* theme = child<QComboBox>(dialog, "theme");
    QVERIFY(theme);
    QCOMPARE(theme->currentData().toString(), QStringLiteral("dark"));
    QCOMPARE(theme->currentText(), QStringLiteral("Dark (control room)"));
    theme->setCurrentIndex(theme->findData(QStringLiteral("light")));
    // Nothing changes before OK.
    QCOMPARE(currentTheme(), Theme::Dark);
    QSignalSpy accepted(dialog, &QDialog::accepted);
    QTest::mouseClick(child<QDialogButtonBox>(dialog, "buttons")->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(currentTheme(), Theme::Light);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 180);
    QVERIFY(dialog->palette().color(QPalette::Window).lightness() > 180);
    QCOMPARE(Settings::instance()->value(Settings::Key::Theme).toString(), QStringLiteral("light"));

    // Cancel keeps what is applied and saved.
    dialog = openDialog();
    theme = child<QComboBox>(dialog, "theme");
    QCOMPARE(theme->currentData().toString(), QStringLiteral("light"));
    theme->setCurrentIndex(theme->findData(QStringLiteral("dark")));
    dialog->reject();
    QCOMPARE(currentTheme(), Theme::Light);
    QCOMPARE(savedTheme(), Theme::Light);
    applyTheme(Theme::Dark);
}

// The dialog's red words (a wrong field) are light enough to read on the dark theme, dark
// enough on the light one.
void TestSettingsDialog::errorWordsReadOnTheDarkTheme()
{
    for (const Theme t : {Theme::Dark, Theme::Light}) {
        applyTheme(t);
        SettingsDialog* dialog = openDialog();
        child<QLineEdit>(dialog, "url")->setText(QStringLiteral("ftp://nowhere"));
        auto* problem = child<QLabel>(dialog, "problem");
        QVERIFY(problem->isVisible());
        problem->ensurePolished();
        const int text = problem->palette().color(QPalette::WindowText).lightness();
        const int window = dialog->palette().color(QPalette::Window).lightness();
        QVERIFY2(std::abs(text - window) > 90,
                 qPrintable(
                     QStringLiteral("%1: text %2 on %3").arg(themeName(t)).arg(text).arg(window)));
        m_dialog.reset();
    }
    applyTheme(Theme::Dark);
}

void TestSettingsDialog::noKeychainOffersThisSessionOnly()
{
    NEED_NO_KEYCHAIN();
    FakeHttpServer server;
    QVERIFY(server.listen());
    serveDashboard(server);

    MainWindow window;
    showAndActivate(&window);
    window.useConfiguredSource(QString(), false, tinyDashboard());
    QCOMPARE(kindOf(window), QStringLiteral("demo"));

    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    SettingsDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<SettingsDialog*>()) && dialog->isVisible());
    child<QLineEdit>(dialog, "url")->setText(server.baseUrl().toString());
    setAuth(dialog, "basic");
    child<QLineEdit>(dialog, "user")->setText(QStringLiteral("ops"));
    waitChecked(dialog);
    // The dialog could not ask the keychain, and says so.
    QCOMPARE(dialog->storedSecret(), SettingsDialog::StoredSecret::Unavailable);
    auto* status = child<QLabel>(dialog, "secretStatus");
    QVERIFY2(status->text().contains(QStringLiteral("no keychain is available")),
             qPrintable(status->text()));
    const QString secret = freshSecret("session");
    m_secrets << secret;
    QTest::keyClicks(child<QLineEdit>(dialog, "secret"), secret);

    QSignalSpy failed(dialog, &SettingsDialog::keychainFailed);
    auto* ok = child<QDialogButtonBox>(dialog, "buttons")->button(QDialogButtonBox::Ok);
    QTest::mouseClick(ok, Qt::LeftButton);
    QVERIFY(failed.wait(10000));
    auto* problem = child<QFrame>(dialog, "keychainProblem");
    auto* message = child<QLabel>(dialog, "keychainMessage");
    QVERIFY(dialog->isVisible());
    QVERIFY(problem->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("no keychain is available")),
             qPrintable(message->text()));
    QVERIFY2(message->text().contains(QStringLiteral("never writes a secret to a file")),
             qPrintable(message->text()));
    QVERIFY(!message->text().contains(secret));
    auto* useForSession = child<QPushButton>(dialog, "useForSession");
    QCOMPARE(useForSession->text().remove(QLatin1Char('&')),
             QStringLiteral("Use for this session only"));

    // Go back: the dialog is as it was, the secret still typed.
    QTest::mouseClick(child<QPushButton>(dialog, "goBack"), Qt::LeftButton);
    QVERIFY(problem->isHidden());
    QVERIFY(dialog->isVisible());
    QCOMPARE(child<QLineEdit>(dialog, "secret")->text(), secret);
    QCOMPARE(ConnectionSettings::load().url, QString());

    // OK again, then this session only: the window's new source sends the secret.
    QTest::mouseClick(ok, Qt::LeftButton);
    QVERIFY(failed.wait(10000));
    QSignalSpy changed(&window, &MainWindow::sloSourceChanged);
    QTest::mouseClick(useForSession, Qt::LeftButton);
    QTRY_VERIFY(!window.findChild<SettingsDialog*>());
    QVERIFY(window.credentials()->hasSessionSecret(server.baseUrl(), QStringLiteral("ops")));
    QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 10000);
    QCOMPARE(kindOf(window), QStringLiteral("prometheus"));
    QTRY_VERIFY_WITH_TIMEOUT(sawHeader(server, basicHeader(QStringLiteral("ops"), secret)), 10000);
    QCOMPARE(window.connectionWarning(), QString());
    QCOMPARE(ConnectionSettings::load().user, QStringLiteral("ops"));

    // Reopened, the dialog says the secret is kept for this session, without showing it.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    QTRY_VERIFY((dialog = window.findChild<SettingsDialog*>()) && dialog->isVisible());
    waitChecked(dialog);
    QCOMPARE(dialog->storedSecret(), SettingsDialog::StoredSecret::SessionOnly);
    QCOMPARE(child<QLineEdit>(dialog, "secret")->text(), QString());
    QVERIFY(child<QLineEdit>(dialog, "secret")
                ->placeholderText()
                .contains(QStringLiteral("this session only")));
    dialog->reject();
    QTRY_VERIFY(!window.findChild<SettingsDialog*>());
    window.close();
}

void TestSettingsDialog::keychainStoresShowsUsesAndForgets()
{
    NEED_KEYRING();
    FakeHttpServer server;
    QVERIFY(server.listen());
    serveDashboard(server);

    MainWindow window;
    showAndActivate(&window);
    window.useConfiguredSource(QString(), false, tinyDashboard());

    // Settings: a bearer token, stored in the keychain on OK.
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    SettingsDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<SettingsDialog*>()) && dialog->isVisible());
    child<QLineEdit>(dialog, "url")->setText(server.baseUrl().toString());
    setAuth(dialog, "bearer");
    waitChecked(dialog);
    QCOMPARE(dialog->storedSecret(), SettingsDialog::StoredSecret::None);
    QVERIFY(!child<QPushButton>(dialog, "forgetSecret")->isEnabled());
    const QString token = freshSecret("keychain");
    m_secrets << token;
    QTest::keyClicks(child<QLineEdit>(dialog, "secret"), token);
    QSignalSpy changed(&window, &MainWindow::sloSourceChanged);
    QTest::mouseClick(child<QDialogButtonBox>(dialog, "buttons")->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!window.findChild<SettingsDialog*>(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 10000);

    // In the keychain (read back through a store of its own: not a session secret).
    const CredentialStore::Result stored = m_store->readBlocking(server.baseUrl(), QString());
    QVERIFY2(stored.ok(), qPrintable(stored.message));
    QVERIFY(!stored.fromSession);
    QCOMPARE(stored.secret, token);
    QVERIFY(!window.credentials()->hasSessionSecret(server.baseUrl(), QString()));

    // The window uses it.
    QTRY_VERIFY_WITH_TIMEOUT(sawHeader(server, "Bearer " + token.toUtf8()), 10000);
    QCOMPARE(window.connectionWarning(), QString());

    // Reopened: it says a token is stored, without showing it; Test connection uses it.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    QTRY_VERIFY((dialog = window.findChild<SettingsDialog*>()) && dialog->isVisible());
    waitChecked(dialog);
    QCOMPARE(dialog->storedSecret(), SettingsDialog::StoredSecret::Stored);
    auto* secret = child<QLineEdit>(dialog, "secret");
    QCOMPARE(secret->text(), QString());
    QVERIFY2(secret->placeholderText().contains(QStringLiteral("stored in the keychain")),
             qPrintable(secret->placeholderText()));
    QVERIFY(!child<QLabel>(dialog, "secretStatus")->text().contains(token));
    const int before = int(server.requests().size());
    QCOMPARE(runTest(dialog), QStringLiteral("Connected: Prometheus 2.42.0"));
    QCOMPARE(server.requests().at(before).headers.value("authorization"),
             "Bearer " + token.toUtf8());

    // Forget: gone from the keychain, and the dialog says so.
    QSignalSpy checked(dialog, &SettingsDialog::storedSecretChecked);
    QTest::mouseClick(child<QPushButton>(dialog, "forgetSecret"), Qt::LeftButton);
    QVERIFY(checked.wait(10000));
    QCOMPARE(dialog->storedSecret(), SettingsDialog::StoredSecret::None);
    QCOMPARE(m_store->readBlocking(server.baseUrl(), QString()).status,
             CredentialStore::Status::NotFound);
    dialog->reject();
    QTRY_VERIFY(!window.findChild<SettingsDialog*>());

    // A window started now has no token, and says what to do.
    MainWindow second;
    second.show();
    QSignalSpy secondChanged(&second, &MainWindow::sloSourceChanged);
    second.useConfiguredSource(QString(), false, tinyDashboard());
    QVERIFY(secondChanged.wait(10000));
    QCOMPARE(second.connectionWarning(),
             QStringLiteral("No token stored for %1: open Settings (Ctrl+,) to enter it.")
                 .arg(CredentialStore::normalizedUrl(server.baseUrl())));
    second.close();
    window.close();
}

void TestSettingsDialog::cleanupTestCase()
{
    // No secret typed here is in any file under HOME: the settings, caches, logs, the keyring's
    // own (encrypted) file.
    QVERIFY(!m_secrets.isEmpty());
    QSettings().sync();
    int files = 0;
    QDirIterator it(m_home, QDir::Files | QDir::Hidden | QDir::System | QDir::NoSymLinks,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info(path);
        if (!info.isFile() || info.size() > (64 << 20)) {
            continue;
        }
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            continue;
        }
        ++files;
        const QByteArray data = f.readAll();
        for (const QString& s : std::as_const(m_secrets)) {
            QVERIFY2(!data.contains(s.toUtf8()), qPrintable(path));
            QVERIFY2(!data.contains(s.toUtf8().toBase64()), qPrintable(path));
            QVERIFY2(!data.contains(basicHeader(QStringLiteral("ops"), s).mid(6)),
                     qPrintable(path));
        }
    }
    qInfo("searched %d files under %s for %d secrets", files, qPrintable(m_home),
          int(m_secrets.size()));
}

int main(int argc, char** argv)
{
    // The run without a keychain: a HOME of its own, and a session bus address that leads
    // nowhere, so QtKeychain fails fast and nothing can reach a real keychain.
    std::unique_ptr<QTemporaryDir> home;
    if (qEnvironmentVariable("GOLIVE_SETTINGS_KEYCHAIN") != QLatin1String("keyring")) {
        home = std::make_unique<QTemporaryDir>();
        if (!home->isValid()) {
            return 1;
        }
        const QByteArray h = QFile::encodeName(home->path());
        qputenv("HOME", h);
        qputenv("XDG_CONFIG_HOME", h + "/.config");
        qputenv("XDG_DATA_HOME", h + "/.local/share");
        qputenv("XDG_CACHE_HOME", h + "/.cache");
        // No session bus: none named, none in XDG_RUNTIME_DIR, and none to autolaunch.
        QDir(home->path()).mkpath(QStringLiteral(".run"));
        qputenv("XDG_RUNTIME_DIR", h + "/.run");
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        qunsetenv("DISPLAY");
        qunsetenv("WAYLAND_DISPLAY");
    }
    QApplication app(argc, argv);
    TestSettingsDialog test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_settingsdialog.moc"
