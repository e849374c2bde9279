// The small dialog behind a sign-off, revocation, N/A, block or note: shows what is being
// recorded and by whom, and takes the note (optional) or reason (required).
#pragma once

#include "SignOffEvent.h"

#include <QDialog>
#include <QStringList>

#include <functional>

class QCheckBox;
class QPlainTextEdit;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QVBoxLayout;

namespace golive {

struct ItemState;

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

    // A piece of the item's evidence a sign-off may name (the event's seq and one plain line).
    struct EvidenceChoice
    {
        qint64 seq = 0;
        QString label;
        bool checked = false;
    };
    // A sign-off offers the item's evidence as boxes to tick ("Reference evidence"); the
    // sign-off then names the ticked ones (evidenceReferenceKey()).
    void setEvidence(const QList<EvidenceChoice>& choices);
    // The ticked evidence as a Signed event's fieldKey ("evidence:12,15"), empty for none.
    QString evidenceReferenceKey() const;

    // Asked when the person records: the rules' refusal for `text`, or empty. A refusal is
    // shown in the dialog, which stays open with what was typed.
    void setCheck(std::function<QString(const QString&)> check) { m_check = std::move(check); }
    // A sign-off over open sub-items: asks first ("2 sub-items open: sign anyway?") and needs
    // the reason, which the ledger keeps with their numbers.
    void setOpenSubItems(const QStringList& openIds);
    // A sign-off over the item's open checks (requires=health-green, ...), as golive sees them
    // now: the dialog names each one and needs the reason. Called again as they change, so the
    // dialog shows them live; an empty list says they all hold now.
    void setOpenChecks(const QStringList& openChecks);
    QStringList openChecks() const { return m_openChecks; }
    bool showsOpenChecks() const { return m_checksShown; }
    // A revocation looks like the warning it is: says what it revokes (`what`: "the sign-off by
    // Ana Lima (Release Captain) at 16:54 UTC") and that the record keeps both.
    void setRevoking(const QString& what);
    // What a revocation of `s` takes back: "the sign-off by Ana Lima (Release Captain) at
    // 16:54 UTC".
    static QString revokedText(const ItemState& s);
    // What the dialog says is wrong now (a refusal or a text it cannot take), or empty.
    QString problemText() const;
    // The sentence above the note: the open sub-items, or what a revocation revokes.
    QString warningText() const;

    void accept() override;

private:
    void updateOk();
    void showWarning(const QString& text, bool danger);
    void updateSignWarning();

    EventKind m_kind;
    QPlainTextEdit* m_text;
    QDialogButtonBox* m_buttons;
    QLabel* m_problem = nullptr;
    QLabel* m_warningIcon = nullptr;
    QLabel* m_warning = nullptr;
    QLabel* m_prompt = nullptr;
    QVBoxLayout* m_layout = nullptr;
    QGroupBox* m_evidenceBox = nullptr;
    QList<QPair<qint64, QCheckBox*>> m_evidence;
    QString m_refusal; // the rules' last refusal, until the text changes
    QString m_notice;  // why it was not recorded though it may be now (the checks moved)
    QStringList m_openSubItems;
    QStringList m_openChecks;
    bool m_checksShown = false; // setOpenChecks() was called: the checks are watched
    std::function<QString(const QString&)> m_check;
};

} // namespace golive
