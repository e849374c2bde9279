// Settings > Appearance: whether the desktop is notified while golive is behind another window
// (on at first), and with a sound (off at first); saved by OK, kept by Cancel.
#include "CredentialStore.h"
#include "Settings.h"
#include "SettingsDialog.h"
#include "WindowTestSupport.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace golive;

class TestAttentionSettings : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        test::isolateSettings(m_dir, QStringLiteral("tst_attentionsettings"));
    }
    void notificationAndSoundAreSavedByOk();

private:
    QTemporaryDir m_dir;
};

void TestAttentionSettings::notificationAndSoundAreSavedByOk()
{
    Settings* s = Settings::instance();
    QCOMPARE(s->value(Settings::Key::NotifyDesktop).toBool(), true);
    QCOMPARE(s->value(Settings::Key::NotifySound).toBool(), false);
    CredentialStore store;
    for (const bool ok : {false, true}) {
        SettingsDialog dialog(&store);
        dialog.show();
        auto* notify = dialog.findChild<QCheckBox*>(QStringLiteral("notifyDesktop"));
        auto* sound = dialog.findChild<QCheckBox*>(QStringLiteral("notifySound"));
        QVERIFY(notify && sound);
        QVERIFY(notify->isChecked());
        QVERIFY(!sound->isChecked());
        notify->setChecked(false);
        sound->setChecked(true);
        if (ok)
            dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        else
            dialog.reject();
        QCOMPARE(s->value(Settings::Key::NotifyDesktop).toBool(), !ok);
        QCOMPARE(s->value(Settings::Key::NotifySound).toBool(), ok);
    }
}

QTEST_MAIN(TestAttentionSettings)
#include "tst_attentionsettings.moc"
