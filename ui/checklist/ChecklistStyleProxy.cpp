// Adds the checklist's colours, icons and fonts (QtGui, so not in the Qt-Core-only model).
#include "ChecklistStyleProxy.h"

#include "UiText.h"

#include "ChecklistModel.h"
#include "RunState.h"
#include "Theme.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

namespace golive {
namespace {

QColor colourOf(ItemStatus status)
{
    switch (status) {
    case ItemStatus::Signed:
    case ItemStatus::CheckedInTemplate:
        return themeColour(ThemeColour::Ok);
    case ItemStatus::NotApplicable:
        return themeColour(ThemeColour::Unknown);
    case ItemStatus::Blocked:
        return themeColour(ThemeColour::Breach);
    case ItemStatus::Open:
        break;
    }
    return themeColour(ThemeColour::Open);
}

// The status in words, in the theme's text colours: legible on the list in both themes (the
// marks' fills are not, on the dark one).
QColor wordColourOf(ItemStatus status)
{
    switch (status) {
    case ItemStatus::Signed:
    case ItemStatus::CheckedInTemplate:
        return themeColour(ThemeColour::OkText);
    case ItemStatus::NotApplicable:
        return themeColour(ThemeColour::NeutralText);
    case ItemStatus::Blocked:
        return themeColour(ThemeColour::ErrorText);
    case ItemStatus::Open:
        break;
    }
    return themeColour(ThemeColour::WarningText);
}

// A status mark that reads in grayscale too: filled = done, ring = open, cross = blocked.
QIcon iconOf(ItemStatus status)
{
    static QHash<int, QIcon> cache;
    const int key = static_cast<int>(status);
    if (const auto it = cache.constFind(key); it != cache.constEnd()) {
        return *it;
    }
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor c = colourOf(status);
    QPen pen(c, 3);
    p.setPen(pen);
    switch (status) {
    case ItemStatus::Signed:
    case ItemStatus::CheckedInTemplate:
        p.setBrush(c);
        p.drawEllipse(QRectF(4, 4, 24, 24));
        p.setPen(QPen(themeColour(ThemeColour::OnStateText), 3.5, Qt::SolidLine, Qt::RoundCap,
                      Qt::RoundJoin));
        p.drawPolyline(QPolygonF({QPointF(10, 16.5), QPointF(14.5, 21), QPointF(22.5, 11)}));
        break;
    case ItemStatus::NotApplicable:
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(QRectF(4, 4, 24, 24));
        p.drawLine(QPointF(10, 16), QPointF(22, 16));
        break;
    case ItemStatus::Blocked:
        p.setBrush(c);
        p.drawEllipse(QRectF(4, 4, 24, 24));
        p.setPen(QPen(themeColour(ThemeColour::OnStateText), 3.5, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(11, 11), QPointF(21, 21));
        p.drawLine(QPointF(21, 11), QPointF(11, 21));
        break;
    case ItemStatus::Open:
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(QRectF(5, 5, 22, 22));
        break;
    }
    p.end();
    const QIcon icon(pixmap);
    cache.insert(key, icon);
    return icon;
}

// A failed step: a filled disc in the failure colour with an exclamation mark, unlike any
// status mark (and readable in grayscale).
QIcon failedIcon()
{
    static QHash<QRgb, QIcon> cache; // by colour: the theme can change
    const QColor c = themeColour(ThemeColour::Breach);
    if (const auto it = cache.constFind(c.rgba()); it != cache.constEnd()) {
        return *it;
    }
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(c);
    p.drawEllipse(QRectF(2, 2, 28, 28));
    p.setPen(QPen(themeColour(ThemeColour::OnStateText), 4, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(QPointF(16, 8), QPointF(16, 18));
    p.drawPoint(QPointF(16, 24));
    p.end();
    const QIcon icon(pixmap);
    cache.insert(c.rgba(), icon);
    return icon;
}

// Reading material (a group with nothing to sign): an "i" in a ring, unlike any status mark,
// so the row does not read as a checkbox.
QPixmap readingMark(const QColor& c)
{
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(c, 2.5));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(QRectF(5, 5, 22, 22), 4, 4);
    p.setPen(QPen(c, 3.5, Qt::SolidLine, Qt::RoundCap));
    p.drawPoint(QPointF(16, 10.5));
    p.drawLine(QPointF(16, 15), QPointF(16, 22));
    p.end();
    return pixmap;
}

QIcon readingIcon()
{
    static QHash<QRgb, QIcon> cache; // by colour: the theme can change
    const QColor c = themeColour(ThemeColour::MutedText);
    if (const auto it = cache.constFind(c.rgba()); it != cache.constEnd()) {
        return *it;
    }
    QIcon icon(readingMark(c));
    // On the selection's fill the muted mark would vanish: there it takes the text on a fill.
    icon.addPixmap(readingMark(themeColour(ThemeColour::OnStateText)), QIcon::Selected);
    cache.insert(c.rgba(), icon);
    return icon;
}

// The mark after an item's title when notes were added to it (who and when: the tooltip).
const QString kNoteMark = QStringLiteral("  \u270e");

} // namespace

ChecklistStyleProxy::ChecklistStyleProxy(QObject* parent) : QIdentityProxyModel(parent) {}

QVariant ChecklistStyleProxy::data(const QModelIndex& index, int role) const
{
    // Titles, names and notes are shown as the text they are: tooltips never as the markup
    // they may hold, cells on one line with their control characters as escapes.
    if (role == Qt::ToolTipRole || role == Qt::DisplayRole) {
        const QVariant v = QIdentityProxyModel::data(index, role);
        if (v.typeId() != QMetaType::QString)
            return v;
        if (role == Qt::ToolTipRole)
            return plainToolTip(v.toString());
        QString text = displaySafe(v.toString());
        if (index.column() == ChecklistModel::ItemColumn &&
            mapToSource(index).data(ChecklistModel::NoteCountRole).toInt() > 0) {
            text += kNoteMark;
        }
        // Evidence on the record, counted in words (the tooltip says the same; the details
        // pane lists it): no symbol font is needed to read it.
        if (const int n = mapToSource(index).data(ChecklistModel::EvidenceCountRole).toInt();
            index.column() == ChecklistModel::ItemColumn && n > 0) {
            text += n == 1 ? tr("  · 1 file") : tr("  · %1 files").arg(n);
        }
        return text;
    }
    const QModelIndex source = mapToSource(index);
    const auto kind = static_cast<ChecklistModel::NodeKind>(
        source.siblingAtColumn(0).data(ChecklistModel::NodeKindRole).toInt());
    if (kind != ChecklistModel::NodeKind::Item) {
        if (source.siblingAtColumn(0).data(ChecklistModel::ReadingRole).toBool()) {
            // Notes to read: marked as such, in italics, never bold like a group to work through.
            if (role == Qt::DecorationRole && index.column() == ChecklistModel::ItemColumn)
                return readingIcon();
            if (role == Qt::FontRole) {
                QFont font;
                font.setItalic(true);
                return font;
            }
            return QIdentityProxyModel::data(index, role);
        }
        if (role == Qt::FontRole) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return QIdentityProxyModel::data(index, role);
    }
    // A failed step stands out from the whole list: its row filled, its status in the failure
    // colour and bold, its own mark.
    if (source.siblingAtColumn(0).data(ChecklistModel::StepFailedRole).toBool()) {
        switch (role) {
        case Qt::BackgroundRole:
            return QBrush(themeColour(ThemeColour::FailedRow));
        case Qt::DecorationRole:
            if (index.column() == ChecklistModel::ItemColumn)
                return failedIcon();
            break;
        case Qt::ForegroundRole:
            if (index.column() == ChecklistModel::StatusColumn ||
                index.column() == ChecklistModel::NoteColumn)
                return QBrush(themeColour(ThemeColour::ErrorText));
            break;
        case Qt::FontRole:
            if (index.column() != ChecklistModel::ItemColumn) {
                QFont font;
                font.setBold(true);
                return font;
            }
            break;
        default:
            break;
        }
    }
    const auto status =
        static_cast<ItemStatus>(source.siblingAtColumn(0).data(ChecklistModel::StatusRole).toInt());
    if (role == Qt::DecorationRole && index.column() == ChecklistModel::ItemColumn) {
        return iconOf(status);
    }
    if (role == Qt::ForegroundRole && index.column() == ChecklistModel::StatusColumn) {
        return QBrush(wordColourOf(status));
    }
    if (role == Qt::FontRole && index.column() == ChecklistModel::StatusColumn &&
        status == ItemStatus::Open) {
        QFont font;
        font.setBold(true);
        return font;
    }
    return QIdentityProxyModel::data(index, role);
}

} // namespace golive
