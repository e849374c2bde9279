// The band that says a shared run is read-only because its server cannot be reached.
#include "ConnectionBand.h"

#include "RunSession.h"
#include "Theme.h"
#include "UiText.h"

#include <QHBoxLayout>
#include <QLabel>

namespace golive {

ConnectionBand::ConnectionBand(RunSession* session, QWidget* parent)
    : QFrame(parent), m_session(session)
{
    setObjectName(QStringLiteral("connectionBand"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("connectionBandText"));
    m_text->setTextFormat(Qt::PlainText);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_text->font();
    bold.setBold(true);
    m_text->setFont(bold);
    layout->addWidget(m_text, 1);
    setAccessibleName(tr("Connection to the server"));
    applyColours();
    connect(ThemeNotifier::instance(), &ThemeNotifier::themeChanged, this,
            &ConnectionBand::applyColours);
    connect(m_session, &RunSession::connectionChanged, this, &ConnectionBand::refresh);
    connect(m_session, &RunSession::opened, this, &ConnectionBand::refresh);
    connect(m_session, &RunSession::openFailed, this, &ConnectionBand::refresh);
    hide();
}

QString ConnectionBand::text() const
{
    return isVisibleTo(parentWidget()) ? m_text->text() : QString();
}

void ConnectionBand::refresh()
{
    if (m_session->isConnected()) {
        m_text->clear();
        setToolTip(QString());
        hide();
        return;
    }
    // The host comes from the URI the user gave: data, shown as the characters it is.
    m_text->setText(displaySafe(m_session->disconnectedText()));
    setToolTip(plainToolTip(
        tr("Nothing can be recorded until the connection is back; golive keeps trying and "
           "catches up with what others recorded meanwhile.\n\nThe server said: %1")
            .arg(m_session->connectionError())));
    show();
}

void ConnectionBand::applyColours()
{
    setStyleSheet(QStringLiteral("#connectionBand { background: %1; border-radius: 4px; }"
                                 " #connectionBand QLabel { color: %2; font-size: 11pt; }")
                      .arg(themeColour(ThemeColour::DangerBanner).name(),
                           themeColour(ThemeColour::OnStateText).name()));
}

} // namespace golive
