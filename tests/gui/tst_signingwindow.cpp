// Signing from the window: the operator picks a key from their ssh-agent with Ctrl+Shift+O,
// golive remembers it for that person, a sign-off reads "Signing…" until the ledger holds it
// with a signature OpenSSH's format checks, a run that requires signatures refuses an unsigned
// sign-off in words, a key the roster gives someone else is refused, and Run > Roster shows
// who signs with which key. A real ssh-agent and real keys, made for the test.
// GOLIVE_SCREENSHOT_DIR=DIR also writes the operator dialog, the window and the roster dialog.
#include "AllowedSigners.h"
#include "ChecklistModel.h"
#include "MainWindow.h"
#include "OperatorDialog.h"
#include "OperatorOnDuty.h"
#include "RosterDialog.h"
#include "RunFile.h"
#include "RunSession.h"
#include "Settings.h"
#include "SignOffDialog.h"
#include "SigningKeyPicker.h"
#include "SshSignature.h"
#include "SshTestAgent.h"
#include "Theme.h"
#include "WindowTestSupport.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace golive;

class TestSigningWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void agentKeyChosenSignsAndIsRemembered();
    void keyOfAnotherPersonIsRefused();
    void commanderRequiresSignaturesFromTheRosterDialog();

private:
    QString file(const QString& name) const { return m_dir.filePath(name); }
    void open(MainWindow& window, const QString& roster = {}, bool required = true);
    void as(const QString& name, const QString& role);
    // `widget` as a PNG in GOLIVE_SCREENSHOT_DIR, when it is set.
    static void shoot(QWidget* widget, const QString& name)
    {
        const QString out = qEnvironmentVariable("GOLIVE_SCREENSHOT_DIR");
        if (!out.isEmpty() && !widget->grab().save(QDir(out).filePath(name)))
            qWarning("could not write %s", qPrintable(name));
    }

    QTemporaryDir m_dir;
    test::SshTestAgent m_agent;
    signing::SshPublicKey m_ana;
    QString m_roster;
    int m_runs = 0;
};

void TestSigningWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("HOME", file(QStringLiteral("home")).toUtf8());
    test::isolateSettings(m_dir, QStringLiteral("tst_signingwindow"));
    QVERIFY(QDir().mkpath(file(QStringLiteral("keys"))));
    QVERIFY(QDir().mkpath(file(QStringLiteral("pubs"))));
    QVERIFY(test::makeKey(file(QStringLiteral("keys/ana")), QStringLiteral("ed25519"),
                          QStringLiteral("ana@laptop")));
    QVERIFY(test::makeKey(file(QStringLiteral("keys/bo")), QStringLiteral("ecdsa"),
                          QStringLiteral("bo@laptop")));
    // Ana's public half alone, away from her private key: it signs only through the agent.
    QVERIFY(
        QFile::copy(file(QStringLiteral("keys/ana.pub")), file(QStringLiteral("pubs/ana.pub"))));
    QVERIFY(m_agent.start(file(QStringLiteral("agent.sock"))));
    QVERIFY(m_agent.add(file(QStringLiteral("keys/ana"))));
    QString why;
    m_ana = *signing::SshPublicKey::fromFile(file(QStringLiteral("pubs/ana.pub")), &why);
    const auto bo = signing::SshPublicKey::fromFile(file(QStringLiteral("keys/bo.pub")), &why);
    QVERIFY2(bo, qPrintable(why));
    m_roster = signing::AllowedSigners::lineFor(QStringLiteral("Ana Lima"), m_ana, &why) +
               QLatin1Char('\n') +
               signing::AllowedSigners::lineFor(QStringLiteral("Bo Berg"), *bo, &why) +
               QLatin1Char('\n');
}

void TestSigningWindow::cleanupTestCase()
{
    m_agent.stop();
}

void TestSigningWindow::init()
{
    Settings::instance()->reset(Settings::Key::SigningKeys);
}

void TestSigningWindow::as(const QString& name, const QString& role)
{
    Settings::instance()->setValue(Settings::Key::OperatorName, name);
    Settings::instance()->setValue(Settings::Key::OperatorRole, role);
}

// A run of the seed runbook that requires signatures, with Ana and Bo on its roster.
void TestSigningWindow::open(MainWindow& window, const QString& roster, bool required)
{
    QFile seed(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    QVERIFY(seed.open(QIODevice::ReadOnly));
    const QString path = file(QStringLiteral("signed%1.golive").arg(++m_runs));
    QString error;
    QVERIFY2(RunFile::create(path, seed.readAll(), QStringLiteral("summit-go-live-runbook.md"),
                             &error, std::nullopt,
                             RunRoster{roster.isEmpty() ? m_roster : roster, required}),
             qPrintable(error));
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openRun(path);
    QVERIFY(opened.wait(5000));
}

void TestSigningWindow::agentKeyChosenSignsAndIsRemembered()
{
    if (!qEnvironmentVariableIsEmpty("GOLIVE_SCREENSHOT_DIR"))
        applyTheme(Theme::Dark);
    as(QStringLiteral("Ana Lima"), QStringLiteral("release-captain"));
    MainWindow window;
    open(window);

    // No key yet: the run requires signatures, and says how to choose one.
    SignOffEvent unsignedEvent;
    unsignedEvent.kind = EventKind::Signed;
    unsignedEvent.itemId = QStringLiteral("1.1");
    unsignedEvent.actor = *operatorOnDuty();
    QString why;
    QVERIFY(!window.session()->submit(unsignedEvent, &why));
    QVERIFY2(why.contains(QStringLiteral("this run requires signed sign-offs; choose a key with "
                                         "Ctrl+Shift+O")),
             qPrintable(why));

    // Ctrl+Shift+O: the agent's key, listed off the UI thread, said to be on the roster.
    QString detail;
    bool chosen = false;
    QTimer::singleShot(0, this, [&] {
        auto* dialog = test::waitForDialog<OperatorDialog>(window);
        if (!dialog)
            return;
        auto* combo = dialog->findChild<QComboBox*>(QStringLiteral("signingKeyChoice"));
        (void)QTest::qWaitFor(
            [&] {
                for (int i = 0; i < combo->count(); ++i) {
                    if (combo->itemText(i).contains(m_ana.fingerprint()))
                        return true;
                }
                return false;
            },
            10000);
        for (int i = 0; i < combo->count(); ++i) {
            if (combo->itemText(i).startsWith(QStringLiteral("Agent:")) &&
                combo->itemText(i).contains(m_ana.fingerprint())) {
                combo->setCurrentIndex(i);
                chosen = true;
            }
        }
        detail = dialog->findChild<QLabel*>(QStringLiteral("signingKeyDetail"))->text();
        shoot(dialog, QStringLiteral("operator-signing-key.png"));
        dialog->accept();
    });
    window.findChild<QAction*>(QStringLiteral("changeOperatorAction"))->trigger();
    QVERIFY2(chosen, "the agent's key is offered in the operator dialog");
    QVERIFY2(detail.contains(QStringLiteral("On this run's roster for Ana Lima.")),
             qPrintable(detail));
    const QString kept = signingKeyFor(QStringLiteral("Ana Lima"));
    QVERIFY2(kept.startsWith(signingKeysFolder()), qPrintable(kept));
    QCOMPARE(signing::SshPublicKey::fromFile(kept, &why)->fingerprint(), m_ana.fingerprint());

    // Signing: pending at once, then recorded with a signature over the event's bytes.
    QVERIFY(test::selectItem(window, QStringLiteral("1.1")));
    window.findChild<QAction*>(QStringLiteral("signAction"))->trigger();
    auto* dialog = test::waitForDialog<SignOffDialog>(window);
    QVERIFY(dialog);
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    dialog->accept();
    const QModelIndex row =
        window.currentTree()->currentIndex().siblingAtColumn(ChecklistModel::StatusColumn);
    QCOMPARE(row.data().toString(), QStringLiteral("Signing\u2026"));
    QVERIFY(recorded.wait(20000));
    const SignOffEvent e = recorded.constFirst().constFirst().value<SignOffEvent>();
    QCOMPARE(e.signature.keyFingerprint, m_ana.fingerprint());
    const auto sig = signing::SshSignature::parseArmored(e.signature.armored, &why);
    QVERIFY2(sig, qPrintable(why));
    QVERIFY2(signing::verify(*sig, e.canonicalPayload(), signing::kNamespace, &why),
             qPrintable(why));
    QVERIFY(QTest::qWaitFor(
        [&] { return row.data().toString() != QStringLiteral("Signing\u2026"); }, 5000));

    shoot(&window, QStringLiteral("signed-window.png"));

    // Run > Roster: both people, their full fingerprints, signatures required.
    window.findChild<QAction*>(QStringLiteral("rosterAction"))->trigger();
    auto* roster = test::waitForDialog<RosterDialog>(window);
    QVERIFY(roster);
    auto* table = roster->findChild<QTableWidget*>(QStringLiteral("rosterTable"));
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("Ana Lima"));
    QCOMPARE(table->item(0, 3)->text(), m_ana.fingerprint());
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("any but roster changes"));
    QVERIFY(roster->findChild<QLabel*>(QStringLiteral("rosterSummary"))
                ->text()
                .contains(QStringLiteral("Every sign-off must be signed.")));
    roster->reject();
    window.close();
}

// Bo picks Ana's key: the ledger refuses it in words, and the row stops saying "Signing…".
void TestSigningWindow::keyOfAnotherPersonIsRefused()
{
    as(QStringLiteral("Bo Berg"), QStringLiteral("engineer"));
    setSigningKeyFor(QStringLiteral("Bo Berg"), file(QStringLiteral("pubs/ana.pub")));
    MainWindow window;
    open(window);
    QSignalSpy refused(&window, &MainWindow::eventRefused);
    QVERIFY(test::selectItem(window, QStringLiteral("1.1")));
    window.findChild<QAction*>(QStringLiteral("signAction"))->trigger();
    auto* dialog = test::waitForDialog<SignOffDialog>(window);
    QVERIFY(dialog);
    dialog->accept();
    QVERIFY(refused.wait(20000));
    const QString words = refused.constFirst().constFirst().toString();
    QVERIFY2(
        words.contains(QStringLiteral("is on this run's roster for Ana Lima, not for Bo Berg")),
        qPrintable(words));
    const QModelIndex row =
        window.currentTree()->currentIndex().siblingAtColumn(ChecklistModel::StatusColumn);
    QVERIFY(QTest::qWaitFor(
        [&] { return row.data().toString() != QStringLiteral("Signing\u2026"); }, 5000));
    QCOMPARE(window.state().events().size(), 0);
    window.close();
}

// Run > Roster > Require signatures, by the release captain whose roster line names that
// role: a signed roster change, after which the window refuses an unsigned sign-off.
void TestSigningWindow::commanderRequiresSignaturesFromTheRosterDialog()
{
    QString why;
    const auto bo = signing::SshPublicKey::fromFile(file(QStringLiteral("keys/bo.pub")), &why);
    const QString roster = signing::AllowedSigners::lineFor(QStringLiteral("Ana Lima"), m_ana, &why,
                                                            {QStringLiteral("release-captain")}) +
                           QLatin1Char('\n') +
                           signing::AllowedSigners::lineFor(QStringLiteral("Bo Berg"), *bo, &why) +
                           QLatin1Char('\n');
    as(QStringLiteral("Ana Lima"), QStringLiteral("release-captain"));
    setSigningKeyFor(QStringLiteral("Ana Lima"), file(QStringLiteral("pubs/ana.pub")));
    MainWindow window;
    open(window, roster, false);
    QVERIFY(!window.session()->roster().signaturesRequired);

    window.findChild<QAction*>(QStringLiteral("rosterAction"))->trigger();
    auto* dialog = test::waitForDialog<RosterDialog>(window);
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QTableWidget*>(QStringLiteral("rosterTable"))->item(0, 1)->text(),
             QStringLiteral("release-captain"));
    shoot(dialog, QStringLiteral("roster-dialog.png"));
    auto* require = dialog->findChild<QPushButton*>(QStringLiteral("rosterRequire"));
    QVERIFY2(require->isEnabled(), "the release captain with a key may require signatures");
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    QTimer::singleShot(0, this, [dialog] {
        QMessageBox* box = nullptr;
        (void)QTest::qWaitFor(
            [&] {
                box = dialog->findChild<QMessageBox*>();
                return box && box->isVisible();
            },
            3000);
        if (box)
            box->button(QMessageBox::Yes)->click();
    });
    require->click();
    QVERIFY(recorded.wait(20000));
    const SignOffEvent e = recorded.constFirst().constFirst().value<SignOffEvent>();
    QCOMPARE(e.kind, EventKind::RosterChanged);
    QCOMPARE(e.fieldKey, QStringLiteral("require-signatures"));
    QCOMPARE(e.signature.keyFingerprint, m_ana.fingerprint());
    QVERIFY(window.session()->roster().signaturesRequired);

    as(QStringLiteral("Bo Berg"), QStringLiteral("engineer"));
    SignOffEvent bare;
    bare.kind = EventKind::Signed;
    bare.itemId = QStringLiteral("1.1");
    bare.actor = *operatorOnDuty();
    QVERIFY(!window.session()->submit(bare, &why));
    QVERIFY2(why.contains(QStringLiteral("this run requires signed sign-offs")), qPrintable(why));
    window.close();
}

QTEST_MAIN(TestSigningWindow)
#include "tst_signingwindow.moc"
