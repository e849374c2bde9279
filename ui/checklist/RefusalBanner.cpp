// The refusal banner above the checklist (see RefusalBanner.h).
#include "RefusalBanner.h"

#include "Theme.h"
#include "UiText.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>

namespace golive {

RefusalBanner::RefusalBanner(QWidget* parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("refusalBanner"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    auto* title = new QLabel(tr("Not recorded:"), this);
    title->setObjectName(QStringLiteral("refusalTitle"));
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    title->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("refusalText"));
    m_text->setTextFormat(Qt::PlainText);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_buttons = new QHBoxLayout;
    m_close = new QPushButton(QStringLiteral("\u00d7"), this);
    m_close->setObjectName(QStringLiteral("refusalClose"));
    m_close->setToolTip(tr("Close (Esc)"));
    m_close->setAccessibleName(tr("Close the refusal"));
    m_close->setFlat(true);
    m_close->setFixedWidth(m_close->fontMetrics().height() * 2);
    connect(m_close, &QPushButton::clicked, this, &RefusalBanner::dismiss);
    layout->addWidget(title, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addLayout(m_buttons);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    applyColours();
    connect(ThemeNotifier::instance(), &ThemeNotifier::themeChanged, this,
            &RefusalBanner::applyColours);
    hide();
}

void RefusalBanner::applyColours()
{
    // White words on the danger colour, and a focus ring the keyboard user can see on it.
    const QString on = themeColour(ThemeColour::OnStateText).name();
    setStyleSheet(
        QStringLiteral("#refusalBanner { background: %1; border-radius: 4px; }"
                       " #refusalBanner QLabel { color: %2; font-size: 11pt; }"
                       " #refusalBanner QPushButton { color: %2; border: 1px solid %2;"
                       " border-radius: 3px; padding: 3px 10px; background: transparent; }"
                       " #refusalBanner QPushButton:focus { border: 3px solid %2; }")
            .arg(themeColour(ThemeColour::DangerBanner).name(), on));
}

void RefusalBanner::showRefusal(const QString& message, const QList<Fix>& fixes)
{
    m_text->setText(displaySafeLines(message));
    // The old fix buttons go on the next turn of the event loop: this may run inside one's own
    // click (a fix that is refused in turn).
    while (QLayoutItem* item = m_buttons->takeAt(0)) {
        if (QWidget* old = item->widget()) {
            old->hide();
            old->setObjectName(QString());
            old->deleteLater();
        }
        delete item;
    }
    for (const Fix& fix : fixes) {
        auto* button = new QPushButton(fix.text, this);
        button->setObjectName(fix.objectName.isEmpty() ? QStringLiteral("refusalFix")
                                                       : fix.objectName);
        const std::function<void()> run = fix.run;
        connect(button, &QPushButton::clicked, this, [this, run] {
            dismiss();
            if (run)
                run();
        });
        m_buttons->addWidget(button);
        button->show(); // at once, not on the layout's next turn: the fix is there to take
    }
    show();
}

void RefusalBanner::dismiss()
{
    hide();
}

QString RefusalBanner::text() const
{
    return isHidden() ? QString() : m_text->text();
}

void RefusalBanner::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Escape) {
        dismiss();
        return;
    }
    QFrame::keyPressEvent(event);
}

} // namespace golive
