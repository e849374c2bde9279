// The keyboard help overlay; see HelpOverlay.h. Drawn light on a dark veil in both themes, so
// it reads the same over the dark and the light window.
#include "HelpOverlay.h"

#include "Theme.h"

#include <QAction>
#include <QApplication>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QSet>
#include <QVBoxLayout>

#include <algorithm>

namespace golive {
namespace {

// "&Sign off…" -> "Sign off"; "Decision && Scope" -> "Decision & Scope".
QString plainText(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('&')) {
            if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('&')) {
                out += QLatin1Char('&');
                ++i;
            }
            continue;
        }
        out += text.at(i);
    }
    out = out.trimmed();
    if (out.endsWith(QChar(0x2026))) {
        out.chop(1);
    } else if (out.endsWith(QLatin1String("..."))) {
        out.chop(3);
    }
    return out.trimmed();
}

void collect(QMenu* menu, const QString& group, QSet<const QAction*>& seen,
             QList<HelpOverlay::Entry>& out)
{
    for (QAction* action : menu->actions()) {
        if (action->isSeparator() || !action->isVisible()) {
            continue;
        }
        if (QMenu* sub = action->menu()) {
            collect(sub, group + QStringLiteral(" › ") + plainText(sub->title()), seen, out);
            continue;
        }
        if (seen.contains(action) || action->shortcuts().isEmpty()) {
            continue;
        }
        seen.insert(action);
        QStringList keys;
        for (const QKeySequence& k : action->shortcuts()) {
            keys << k.toString(QKeySequence::NativeText);
        }
        out.append({group, plainText(action->text()), keys.join(HelpOverlay::tr(" or "))});
    }
}

QLabel* label(const QString& text, const QColor& colour, int pixels, bool bold, QWidget* parent)
{
    auto* l = new QLabel(text, parent);
    l->setTextFormat(Qt::PlainText);
    QFont f = l->font();
    f.setPixelSize(pixels);
    f.setBold(bold);
    l->setFont(f);
    QPalette p = l->palette();
    p.setColor(QPalette::WindowText, colour);
    l->setPalette(p);
    return l;
}

} // namespace

HelpOverlay::HelpOverlay(QMainWindow* window) : QWidget(window), m_window(window)
{
    setObjectName(QStringLiteral("helpOverlay"));
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_NoSystemBackground);
    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    auto* middle = new QHBoxLayout;
    middle->addStretch(1);
    m_panel = new QWidget(this);
    m_panel->setObjectName(QStringLiteral("helpPanel"));
    auto* panelLayout = new QVBoxLayout(m_panel);
    panelLayout->setSpacing(6);
    m_title =
        label(tr("Keyboard shortcuts"), themeColour(ThemeColour::HelpText), 30, true, m_panel);
    m_title->setObjectName(QStringLiteral("helpTitle"));
    m_hint = label(tr("Esc, F1 or ? closes this · Alt plus an underlined letter opens a menu"),
                   themeColour(ThemeColour::HelpMutedText), 16, false, m_panel);
    panelLayout->addWidget(m_title);
    panelLayout->addWidget(m_hint);
    panelLayout->addSpacing(10);
    m_columns = new QGridLayout;
    m_columns->setHorizontalSpacing(48);
    panelLayout->addLayout(m_columns);
    middle->addWidget(m_panel);
    middle->addStretch(1);
    outer->addLayout(middle);
    outer->addStretch(1);
    hide();
    window->installEventFilter(this);
}

void HelpOverlay::setExtraEntries(const QList<Entry>& entries)
{
    m_extra = entries;
}

QList<HelpOverlay::Entry> HelpOverlay::entriesOf(QMainWindow* window)
{
    QList<Entry> out;
    QSet<const QAction*> seen;
    for (QAction* top : window->menuBar()->actions()) {
        if (QMenu* menu = top->menu(); menu && top->isVisible()) {
            collect(menu, plainText(menu->title()), seen, out);
        }
    }
    return out;
}

void HelpOverlay::open()
{
    m_entries = entriesOf(m_window);
    for (Entry e : std::as_const(m_extra)) {
        if (e.group.isEmpty()) {
            e.group = tr("More");
        }
        m_entries << e;
    }
    setGeometry(m_window->rect());
    rebuild();
    if (!isVisible()) {
        QWidget* focus = QApplication::focusWidget();
        m_previousFocus = focus != this ? focus : nullptr;
    }
    show();
    raise();
    setFocus(Qt::OtherFocusReason);
}

void HelpOverlay::dismiss()
{
    if (!isVisible()) {
        return;
    }
    hide();
    if (m_previousFocus) {
        m_previousFocus->setFocus(Qt::OtherFocusReason);
    }
    emit closed();
}

void HelpOverlay::toggle()
{
    if (isVisible()) {
        dismiss();
    } else {
        open();
    }
}

void HelpOverlay::rebuild()
{
    // As large as the window allows (22 px at most), in as many columns as fit: the largest
    // type whose layout fits the window wins; below 11 px it stays at 11 px, clipped.
    int bestPixels = 0;
    int bestColumns = 1;
    for (int columns = 1; columns <= 4; ++columns) {
        for (int pixels = 22; pixels > bestPixels && pixels >= 11; --pixels) {
            layOut(columns, pixels);
            const QSize need = m_panel->sizeHint();
            if (need.width() <= width() - 32 && need.height() <= height() - 32) {
                bestPixels = pixels;
                bestColumns = columns;
                break;
            }
        }
    }
    layOut(bestColumns, bestPixels > 0 ? bestPixels : 11);
}

void HelpOverlay::layOut(int columns, int pixels)
{
    while (QLayoutItem* item = m_columns->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    // Groups in menu order, each whole in one column; the columns about equally long.
    QStringList groups;
    for (const Entry& e : std::as_const(m_entries)) {
        if (!groups.contains(e.group)) {
            groups << e.group;
        }
    }
    const int lines = int(m_entries.size() + groups.size() * 2);
    columns = std::clamp(columns, 1, std::max(1, int(groups.size())));
    const int perColumn = (lines + columns - 1) / columns;
    QFont titleFont = m_title->font();
    titleFont.setPixelSize(pixels + 8);
    m_title->setFont(titleFont);
    QFont hintFont = m_hint->font();
    hintFont.setPixelSize(std::max(11, pixels - 4));
    m_hint->setFont(hintFont);

    int column = 0;
    int used = 0;
    QWidget* box = nullptr;
    QGridLayout* grid = nullptr;
    int row = 0;
    for (const QString& group : std::as_const(groups)) {
        int size = 2;
        for (const Entry& e : std::as_const(m_entries)) {
            size += e.group == group ? 1 : 0;
        }
        if (box && used > 0 && used + size > perColumn && column + 1 < columns) {
            ++column;
            box = nullptr;
            used = 0;
        }
        if (!box) {
            box = new QWidget(m_panel);
            box->setObjectName(QStringLiteral("helpColumn%1").arg(column));
            grid = new QGridLayout(box);
            grid->setContentsMargins(0, 0, 0, 0);
            grid->setHorizontalSpacing(20);
            grid->setVerticalSpacing(4);
            m_columns->addWidget(box, 0, column, Qt::AlignTop);
            row = 0;
        }
        QLabel* heading =
            label(group, themeColour(ThemeColour::HelpGroupText), pixels + 2, true, box);
        heading->setObjectName(QStringLiteral("helpGroup"));
        if (row > 0) {
            grid->setRowMinimumHeight(row++, pixels / 2);
        }
        grid->addWidget(heading, row++, 0, 1, 2);
        for (const Entry& e : std::as_const(m_entries)) {
            if (e.group != group) {
                continue;
            }
            QLabel* keys = label(e.keys, themeColour(ThemeColour::HelpKeysText), pixels, true, box);
            keys->setObjectName(QStringLiteral("helpKeys"));
            QLabel* text = label(e.text, themeColour(ThemeColour::HelpText), pixels, false, box);
            text->setObjectName(QStringLiteral("helpText"));
            grid->addWidget(keys, row, 0, Qt::AlignLeft | Qt::AlignTop);
            grid->addWidget(text, row, 1, Qt::AlignLeft | Qt::AlignTop);
            ++row;
        }
        grid->setColumnStretch(1, 1);
        used += size;
    }
}

bool HelpOverlay::closesOverlay(const QKeyEvent* event)
{
    return event->key() == Qt::Key_Escape || event->key() == Qt::Key_F1 ||
           event->key() == Qt::Key_Question || event->matches(QKeySequence::HelpContents);
}

bool HelpOverlay::event(QEvent* event)
{
    // The keys that close the overlay are the overlay's while it has the focus, not the
    // window's shortcuts (F1 would open it again).
    if (event->type() == QEvent::ShortcutOverride &&
        closesOverlay(static_cast<QKeyEvent*>(event))) {
        event->accept();
        return true;
    }
    return QWidget::event(event);
}

bool HelpOverlay::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_window && event->type() == QEvent::Resize && isVisible()) {
        setGeometry(m_window->rect());
        rebuild();
    }
    return QWidget::eventFilter(watched, event);
}

void HelpOverlay::keyPressEvent(QKeyEvent* event)
{
    if (closesOverlay(event)) {
        dismiss();
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

void HelpOverlay::mousePressEvent(QMouseEvent* event)
{
    dismiss();
    event->accept();
}

void HelpOverlay::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), themeColour(ThemeColour::HelpVeil));
}

} // namespace golive
