// A one-line label for text that may not fit (a section title, a source's description): cut
// with "…" to the label's width, whole in its tooltip.
#pragma once

#include "UiText.h"

#include <QEvent>
#include <QLabel>

#include <algorithm>

namespace golive {

// A one-line label that cuts its text with "…" to its width, whole in its tooltip. It says so
// (the "elidesOnPurpose" property) to the checks that look for clipped labels.
class ElidingLabel : public QLabel
{
public:
    explicit ElidingLabel(QWidget* parent = nullptr) : QLabel(parent)
    {
        setTextFormat(Qt::PlainText);
        setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        setProperty("elidesOnPurpose", true);
    }
    void setFullText(const QString& text)
    {
        m_full = displaySafe(text);
        setProperty("fullText", m_full);
        setToolTip(plainToolTip(text));
        refit();
    }
    QString fullText() const { return m_full; }

protected:
    void resizeEvent(QResizeEvent* event) override
    {
        QLabel::resizeEvent(event);
        refit();
    }
    void changeEvent(QEvent* event) override
    {
        QLabel::changeEvent(event);
        if (event->type() == QEvent::FontChange) {
            refit();
        }
    }

private:
    void refit()
    {
        setText(
            fontMetrics().elidedText(m_full, Qt::ElideRight, std::max(0, contentsRect().width())));
    }

    QString m_full;
};

} // namespace golive
