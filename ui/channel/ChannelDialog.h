// Tools > War-room channel…: the open run's incoming-webhook URL (typed hidden; kept in the
// keychain, shown only masked), its format, the moments it hears, a Test button that posts and
// says what came back, and Clear.
#pragma once

#include <QDialog>
#include <QHash>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace golive {

class ChannelController;
struct ChannelOutcome;

class ChannelDialog : public QDialog
{
    Q_OBJECT
public:
    ChannelDialog(ChannelController* controller, QWidget* parent = nullptr);
    ~ChannelDialog() override;

    void accept() override;

private:
    void loadForm(); // the format and moments kept (or the defaults)
    void refresh();  // what is kept, and what may be cleared
    void saved(const QString& error);
    void test();
    void clearChannel();
    void onOutcome(const ChannelOutcome& outcome);
    void setBusy(bool busy, const QString& status);

    ChannelController* m_controller = nullptr;
    QLabel* m_current = nullptr;
    QLineEdit* m_url = nullptr;
    QComboBox* m_format = nullptr;
    QHash<QString, QCheckBox*> m_moments;
    QLabel* m_status = nullptr;
    QPushButton* m_test = nullptr;
    QPushButton* m_clear = nullptr;
    QPushButton* m_ok = nullptr;
    quint64 m_testId = 0;
};

} // namespace golive
