// The small dialog behind a sign-off, revocation, N/A, block or note: shows what is being
// recorded and by whom, and takes the note (optional) or reason (required).
#pragma once

#include "SignOffEvent.h"

#include <QDialog>

class QPlainTextEdit;
class QDialogButtonBox;
class QLabel;

namespace golive {

class SignOffDialog : public QDialog
{
    Q_OBJECT
public:
    // `itemLabel` is "1.2  Data Stores Ready & Backed Up"; `who` is "Ana · Release Captain".
    SignOffDialog(EventKind kind, const QString& itemLabel, const QString& who,
                  QWidget* parent = nullptr);

    EventKind kind() const { return m_kind; }
    QString text() const;
    void setText(const QString& text);
    bool textRequired() const;

private:
    void updateOk();

    EventKind m_kind;
    QPlainTextEdit* m_text;
    QDialogButtonBox* m_buttons;
    QLabel* m_problem = nullptr;
};

} // namespace golive
