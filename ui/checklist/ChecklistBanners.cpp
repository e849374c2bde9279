// The checklist's banner: what the room must know about the open run before anything else
// (it could not be opened, its ledger is being verified, went back or was altered, or it is
// read-only).
#include "ChecklistController.h"

#include "RunSession.h"
#include "Theme.h"
#include "UiText.h"

#include <QLabel>
#include <QPushButton>
#include <QWidget>

namespace golive {

void ChecklistController::updateBanners()
{
    QString text;
    QString style;
    bool ackButton = false;
    if (!m_session->openError().isEmpty()) {
        text = tr("<b>This run could not be opened.</b> %1").arg(htmlSafe(m_session->openError()));
        style = themeColour(ThemeColour::DangerBanner).name();
    } else if (m_session->isVerifying()) {
        // Shown before the check, so the window says what it does not know yet.
        const qsizetype events = m_session->state().events().size();
        text = tr("<b>Verifying the sign-off ledger…</b> %1 %2 being checked; sign-offs, undo "
                  "and reports are possible once it is done.")
                   .arg(events)
                   .arg(events == 1 ? tr("event is") : tr("events are"));
        style = themeColour(ThemeColour::WarningBanner).name();
    } else if (!m_session->unacknowledgedBreaks().isEmpty() && m_session->wentBack()) {
        text = tr("<b>This run went backwards:</b> %1. New sign-offs are blocked until an "
                  "incident commander or release captain acknowledges this.")
                   .arg(m_session->unacknowledgedBreaks().first().toHtmlEscaped());
        style = themeColour(ThemeColour::DangerBanner).name();
        ackButton = !m_session->isReadOnly();
    } else if (!m_session->unacknowledgedBreaks().isEmpty()) {
        text = tr("<b>The sign-off ledger has been altered outside golive</b> (first bad %1). "
                  "New sign-offs are blocked until someone acknowledges this.")
                   .arg(m_session->unacknowledgedBreaks().first().toHtmlEscaped());
        style = themeColour(ThemeColour::DangerBanner).name();
        ackButton = !m_session->isReadOnly();
    } else if (m_session->isReadOnly()) {
        text = m_session->openWarning().isEmpty()
                   ? tr("This run is open read-only; sign-offs are disabled.")
                   : htmlSafe(m_session->openWarning());
        style = themeColour(ThemeColour::WarningBanner).name();
    }
    m_banner->setVisible(!text.isEmpty());
    m_bannerText->setText(text);
    m_bannerButton->setVisible(ackButton);
    m_banner->setStyleSheet(
        QStringLiteral("#banner { background: %1; border-radius: 4px; } #banner QLabel { color: "
                       "white; font-size: 11pt; }")
            .arg(style));
}

} // namespace golive
