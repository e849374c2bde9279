// The rollback checklist: the runbook's rollback plan as ordered, signable steps.
#include "RollbackView.h"

#include "RunState.h"
#include "Theme.h"
#include "UiText.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace golive {
namespace {

enum Column
{
    NumberColumn,
    StepColumn,
    StatusColumn,
    ByColumn,
    AtColumn,
    NoteColumn,
    ColumnCount
};

} // namespace

RollbackView::RollbackView(QWidget* parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("rollbackView"));
    setStyleSheet(QStringLiteral("QFrame#rollbackView { border: 3px solid %1; "
                                 "border-radius: 6px; }")
                      .arg(themeColour(ThemeColour::PhaseRollback).name()));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    auto* top = new QHBoxLayout;
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("rollbackTitle"));
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_title->setFont(big);
    m_sign = new QPushButton(this);
    m_sign->setObjectName(QStringLiteral("rollbackSignButton"));
    QFont buttonFont = m_sign->font();
    buttonFont.setPointSizeF(buttonFont.pointSizeF() * 1.2);
    buttonFont.setBold(true);
    m_sign->setFont(buttonFont);
    connect(m_sign, &QPushButton::clicked, this, [this] {
        if (m_next > 0) {
            emit signRequested(m_next);
        }
    });
    top->addWidget(m_title, 1);
    top->addWidget(m_sign);
    layout->addLayout(top);
    m_reason = new QLabel(this);
    m_reason->setObjectName(QStringLiteral("rollbackReason"));
    m_reason->setWordWrap(true);
    m_reason->setTextFormat(Qt::PlainText);
    layout->addWidget(m_reason);

    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("rollbackSteps"));
    m_list->setRootIsDecorated(false);
    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels(
        {tr("#"), tr("Rollback step"), tr("Status"), tr("Done by"), tr("At (UTC)"), tr("Note")});
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->header()->setStretchLastSection(true);
    QFont listFont = m_list->font();
    listFont.setPointSizeF(listFont.pointSizeF() * 1.15);
    m_list->setFont(listFont);
    layout->addWidget(m_list, 1);
}

void RollbackView::showState(const RunState& state)
{
    const CutoverState& cut = state.cutover();
    const CutoverPlan& plan = state.plan();
    const QStringList& steps = plan.rollbackSteps;
    const QList<RollbackStepRecord>& done = cut.rollbackStepsDone();
    m_next = cut.nextRollbackStep();
    const QString titleStyle =
        QStringLiteral("QLabel { color: %1; }").arg(themeColour(ThemeColour::ErrorText).name());
    if (m_title->styleSheet() != titleStyle) {
        m_title->setStyleSheet(titleStyle);
    }
    if (cut.phase() == Phase::RolledBack) {
        m_title->setText(
            tr("ROLLED BACK · %1 of %2 rollback steps done").arg(done.size()).arg(steps.size()));
    } else {
        m_title->setText(tr("ROLLBACK · step %1 of %2 next").arg(m_next).arg(steps.size()));
    }
    if (const auto& r = cut.rollback()) {
        m_reason->setText(displaySafeLines(
            tr("Started by %1 (%2) at %3 UTC: %4")
                .arg(displaySafe(r->by), roleDisplayName(r->role),
                     r->atUtc.toUTC().toString(QStringLiteral("HH:mm:ss")), r->reason)));
    } else {
        m_reason->clear();
    }

    m_list->clear();
    for (int n = 1; n <= steps.size(); ++n) {
        const QString text =
            renderPlain(steps.at(n - 1), state.runbook() ? *state.runbook() : Runbook(),
                        [&state](const QString& key) { return state.fieldValue(key); });
        QStringList cells(ColumnCount);
        cells[NumberColumn] = QString::number(n);
        cells[StepColumn] = text;
        QColor background;
        bool bold = false;
        if (n <= done.size()) {
            const RollbackStepRecord& d = done.at(n - 1);
            cells[StatusColumn] = tr("Done");
            cells[ByColumn] = tr("%1 (%2)").arg(d.by, roleDisplayName(d.role));
            cells[AtColumn] = d.atUtc.toUTC().toString(QStringLiteral("HH:mm:ss"));
            cells[NoteColumn] = d.note;
            background = themeColour(ThemeColour::DoneRow);
        } else if (n == m_next) {
            cells[StatusColumn] = tr("Next");
            background = themeColour(ThemeColour::NextRow);
            bold = true;
        } else {
            cells[StatusColumn] = tr("Waiting");
        }
        auto* row = new QTreeWidgetItem(m_list, cells);
        row->setToolTip(StepColumn, plainToolTip(text));
        for (int c = 0; c < ColumnCount; ++c) {
            if (background.isValid()) {
                row->setBackground(c, background);
                row->setForeground(c, themeColour(ThemeColour::OnLightFillText));
            }
            if (bold) {
                QFont f = m_list->font();
                f.setBold(true);
                row->setFont(c, f);
            }
        }
    }
    for (int c = NumberColumn; c < NoteColumn; ++c) {
        m_list->resizeColumnToContents(c);
    }
    m_list->setColumnWidth(StepColumn, qMax(m_list->columnWidth(StepColumn) + 24, 380));
    // Tall enough for every step without scrolling: a rollback is read at a glance.
    const int rowHeight = m_list->sizeHintForRow(0) > 0 ? m_list->sizeHintForRow(0) : 24;
    const int listHeight = m_list->header()->sizeHint().height() +
                           rowHeight * int(qMax<qsizetype>(steps.size(), 1)) + 8;
    m_list->setMinimumHeight(listHeight);
    m_list->setMaximumHeight(listHeight);
    m_sign->setVisible(m_next > 0);
    if (m_next > 0) {
        m_sign->setText(tr("Step %1 done…").arg(m_next));
    }
}

void RollbackView::setCanSign(bool can, const QString& why)
{
    m_sign->setEnabled(can);
    m_sign->setToolTip(can ? tr("Record that the next rollback step is done (Ctrl+Shift+J)") : why);
}

int RollbackView::stepCount() const
{
    return m_list->topLevelItemCount();
}

QString RollbackView::stepText(int number) const
{
    const QTreeWidgetItem* row = m_list->topLevelItem(number - 1);
    return row ? row->text(StepColumn) : QString();
}

QString RollbackView::stepStatus(int number) const
{
    const QTreeWidgetItem* row = m_list->topLevelItem(number - 1);
    return row ? row->text(StatusColumn) : QString();
}

QString RollbackView::stepBy(int number) const
{
    const QTreeWidgetItem* row = m_list->topLevelItem(number - 1);
    return row ? row->text(ByColumn) : QString();
}

QString RollbackView::titleText() const
{
    return m_title->text();
}

} // namespace golive
