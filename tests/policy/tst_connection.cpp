// The Prometheus connection's precedence table (services/policy/Connection.h), row by row:
// options > the Settings dialog for the same address > `golive login`'s record > nothing.
#include "Connection.h"

#include <QTest>

using namespace golive;

namespace {

const QUrl kUrl(QStringLiteral("https://prom.example:9090"));

ConnectionSettings settingsFor(const QString& url, PrometheusConfig::Auth auth, const QString& user,
                               const QString& caFile)
{
    ConnectionSettings s;
    s.url = url;
    s.auth = auth;
    s.user = user;
    s.caFile = caFile;
    return s;
}

const ConnectionSettings kSettings =
    settingsFor(QStringLiteral("https://prom.example:9090/"), PrometheusConfig::Auth::Basic,
                QStringLiteral("settings-user"), QStringLiteral("/settings/ca.pem"));
const ConnectionSettings kOtherSettings =
    settingsFor(QStringLiteral("https://other.example:9090"), PrometheusConfig::Auth::Basic,
                QStringLiteral("other-user"), QStringLiteral("/other/ca.pem"));
const ConnectionSettings kLogin =
    settingsFor(QStringLiteral("https://prom.example:9090"), PrometheusConfig::Auth::Basic,
                QStringLiteral("login-user"), QStringLiteral("/login/ca.pem"));

using Opt = std::optional<QString>;
using OptSettings = std::optional<ConnectionSettings>;

} // namespace

Q_DECLARE_METATYPE(ConnectionSource)
Q_DECLARE_METATYPE(PrometheusConfig::Auth)

class TstConnection : public QObject
{
    Q_OBJECT

private slots:
    void table_data();
    void table();
    void sameAddressIgnoresATrailingSlash();
};

void TstConnection::table_data()
{
    QTest::addColumn<Opt>("userOption");
    QTest::addColumn<Opt>("caOption");
    QTest::addColumn<OptSettings>("settings");
    QTest::addColumn<OptSettings>("login");
    QTest::addColumn<ConnectionSource>("credentialsFrom");
    QTest::addColumn<PrometheusConfig::Auth>("auth");
    QTest::addColumn<QString>("keychainUser");
    QTest::addColumn<ConnectionSource>("caFrom");
    QTest::addColumn<QString>("caFile");

    using S = ConnectionSource;
    using A = PrometheusConfig::Auth;
    const Opt none;
    const QString noCa;

    // Row 1: the options win over everything, field by field.
    QTest::newRow("options over settings and login")
        << Opt(QStringLiteral(" ops ")) << Opt(QStringLiteral("/opt/ca.pem"))
        << OptSettings(kSettings) << OptSettings(kLogin) << S::Options << A::Basic
        << QStringLiteral("ops") << S::Options << QStringLiteral("/opt/ca.pem");
    QTest::newRow("an empty --user is a bearer token")
        << Opt(QString()) << none << OptSettings() << OptSettings(kLogin) << S::Options << A::Bearer
        << QString() << S::Login << QStringLiteral("/login/ca.pem");
    QTest::newRow("--ca-file alone: the user from the settings")
        << none << Opt(QStringLiteral("/opt/ca.pem")) << OptSettings(kSettings)
        << OptSettings(kLogin) << S::Settings << A::Basic << QStringLiteral("settings-user")
        << S::Options << QStringLiteral("/opt/ca.pem");
    // Row 2: the Settings dialog for the same address, over the login record.
    QTest::newRow("settings for this address over the login record")
        << none << none << OptSettings(kSettings) << OptSettings(kLogin) << S::Settings << A::Basic
        << QStringLiteral("settings-user") << S::Settings << QStringLiteral("/settings/ca.pem");
    QTest::newRow("settings with a token: no keychain user")
        << none << none
        << OptSettings(settingsFor(kSettings.url, A::Bearer, QStringLiteral("stale"), noCa))
        << OptSettings() << S::Settings << A::Bearer << QString() << S::Settings << noCa;
    QTest::newRow("settings without authentication still name the address")
        << none << none << OptSettings(settingsFor(kSettings.url, A::None, QString(), noCa))
        << OptSettings(kLogin) << S::Settings << A::None << QString() << S::Settings << noCa;
    // Row 3: the login record, when the settings are for another address or absent.
    QTest::newRow("settings for another address: the login record")
        << none << none << OptSettings(kOtherSettings) << OptSettings(kLogin) << S::Login
        << A::Basic << QStringLiteral("login-user") << S::Login << QStringLiteral("/login/ca.pem");
    QTest::newRow("no settings: the login record")
        << none << none << OptSettings() << OptSettings(kLogin) << S::Login << A::Basic
        << QStringLiteral("login-user") << S::Login << QStringLiteral("/login/ca.pem");
    // Row 4: nothing.
    QTest::newRow("nothing for this address")
        << none << none << OptSettings(kOtherSettings) << OptSettings() << S::Nothing << A::None
        << QString() << S::Nothing << noCa;
    QTest::newRow("nothing at all") << none << none << OptSettings() << OptSettings() << S::Nothing
                                    << A::None << QString() << S::Nothing << noCa;
}

void TstConnection::table()
{
    QFETCH(Opt, userOption);
    QFETCH(Opt, caOption);
    QFETCH(OptSettings, settings);
    QFETCH(OptSettings, login);
    ConnectionSources sources;
    sources.url = kUrl;
    sources.userOption = userOption;
    sources.caFileOption = caOption;
    sources.settings = settings;
    sources.login = login;
    const ResolvedConnection r = resolveConnection(sources);

    QTEST(r.credentialsFrom, "credentialsFrom");
    QTEST(r.auth, "auth");
    QTEST(r.keychainUser(), "keychainUser");
    QTEST(r.caFileFrom, "caFrom");
    QTEST(r.caFile, "caFile");
    QFETCH(ConnectionSource, credentialsFrom);
    QCOMPARE(r.namesCredentials(), credentialsFrom != ConnectionSource::Nothing);
    QCOMPARE(r.url, kUrl);
}

void TstConnection::sameAddressIgnoresATrailingSlash()
{
    QVERIFY(sameAddress(kUrl, QUrl(QStringLiteral("https://prom.example:9090/"))));
    QVERIFY(!sameAddress(kUrl, QUrl(QStringLiteral("https://localhost:9090"))));
    QVERIFY(!sameAddress(kUrl, QUrl(QStringLiteral("http://prom.example:9090"))));
    QVERIFY(!sameAddress(QUrl(), QUrl()));
}

QTEST_GUILESS_MAIN(TstConnection)
#include "tst_connection.moc"
