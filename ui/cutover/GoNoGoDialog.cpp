// The Go/No-Go on one screen (see GoNoGoDialog.h).
#include "GoNoGoDialog.h"

#include "Theme.h"
#include "UiText.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace golive {
namespace {

QLabel* plainLabel(const QString& text, QWidget* parent, const QString& name = {})
{
    auto* label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText); // runbook, run and Prometheus text: never markup
    label->setWordWrap(true);
    if (!name.isEmpty()) {
        label->setObjectName(name);
    }
    return label;
}

QLabel* bandLabel(QWidget* parent, const QString& name, ThemeColour fill, ThemeColour text)
{
    QLabel* label = plainLabel(QString(), parent, name);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setStyleSheet(QStringLiteral("QLabel { color: %1; background: %2; "
                                        "border-radius: 4px; padding: 6px; }")
                             .arg(themeColour(text).name(), themeColour(fill).name()));
    label->hide();
    return label;
}

ThemeColour lightColour(GoNoGoDialog::Light light)
{
    switch (light) {
    case GoNoGoDialog::Light::Good:
        return ThemeColour::Ok;
    case GoNoGoDialog::Light::Warning:
        return ThemeColour::AtRisk;
    case GoNoGoDialog::Light::Bad:
        return ThemeColour::Breach;
    case GoNoGoDialog::Light::Unknown:
        break;
    }
    return ThemeColour::Unprobed;
}

// A large choice: outlined in its state colour, filled with it when chosen, and a thick ring
// in the focus colour while it has the keyboard focus.
QPushButton* choiceButton(const QString& text, const QString& name, ThemeColour fill,
                          ThemeColour words, QWidget* parent)
{
    auto* button = new QPushButton(text, parent);
    button->setObjectName(name);
    button->setCheckable(true);
    button->setAutoDefault(false); // Enter records; Space chooses
    button->setFocusPolicy(Qt::StrongFocus);
    QFont big = button->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    button->setFont(big);
    button->setMinimumSize(220, 64);
    button->setStyleSheet(
        QStringLiteral("QPushButton#%1 { color: %2; border: 3px solid %3; border-radius: 8px; "
                       "padding: 8px 24px; } "
                       "QPushButton#%1:checked { color: %4; background: %3; } "
                       "QPushButton#%1:focus { border: 5px solid %5; }")
            .arg(name, themeColour(words).name(), themeColour(fill).name(),
                 themeColour(ThemeColour::OnStateText).name(),
                 themeColour(ThemeColour::FocusRing).name()));
    return button;
}

} // namespace

GoNoGoDialog::GoNoGoDialog(const Inputs& inputs, QWidget* parent)
    : QDialog(parent), m_inputs(inputs)
{
    setObjectName(QStringLiteral("goNoGoDialog"));
    setWindowTitle(tr("Go/No-Go"));
    setMinimumSize(900, 620); // whole at 1280x720
    auto* layout = new QVBoxLayout(this);

    auto* top = new QHBoxLayout;
    auto* title = new QLabel(tr("Go/No-Go"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);
    top->addWidget(title);
    QLabel* timing = plainLabel(inputs.timing, this, QStringLiteral("goNoGoTiming"));
    m_timing = timing;
    QFont timingFont = timing->font();
    timingFont.setPointSizeF(timingFont.pointSizeF() * 1.2);
    timingFont.setBold(true);
    timing->setFont(timingFont);
    timing->setWordWrap(false);
    top->addWidget(timing, 1, Qt::AlignRight | Qt::AlignVCenter);
    layout->addLayout(top);
    layout->addWidget(plainLabel(tr("Recorded by %1. A GO starts the cutover and signs the "
                                    "\"go\" decision; a NO-GO keeps the run at the Go/No-Go.")
                                     .arg(inputs.who),
                                 this));
    m_gateNote = bandLabel(this, QStringLiteral("goNoGoGateNote"), ThemeColour::WarningFill,
                           ThemeColour::OnLightFillText);
    m_gateNote->setText(tr("The Go/No-Go is not open yet: recording the decision opens it first "
                           "(two events in the ledger, in this order)."));
    m_gateNote->setVisible(!inputs.gateOpen);
    layout->addWidget(m_gateNote);

    layout->addWidget(buildSummary(), 1);

    if (!inputs.abortHint.isEmpty()) {
        QLabel* abort = bandLabel(this, QStringLiteral("goNoGoAbortHint"),
                                  ThemeColour::DangerBanner, ThemeColour::OnStateText);
        abort->setText(inputs.abortHint);
        abort->show();
        layout->addWidget(abort);
    }

    auto* choice = new QHBoxLayout;
    m_goButton = choiceButton(tr("&GO"), QStringLiteral("goButton"), ThemeColour::Ok,
                              ThemeColour::OkText, this);
    m_noGoButton = choiceButton(tr("&NO-GO"), QStringLiteral("noGoButton"), ThemeColour::Breach,
                                ThemeColour::ErrorText, this);
    m_goButton->setToolTip(tr("GO: the cutover starts (Alt+G, or Space with the focus here)"));
    m_noGoButton->setToolTip(tr("NO-GO: the run stays at the Go/No-Go, with a reason (Alt+N)"));
    auto* group = new QButtonGroup(this);
    group->setExclusive(true);
    group->addButton(m_goButton);
    group->addButton(m_noGoButton);
    choice->addWidget(m_goButton, 1);
    choice->addSpacing(24);
    choice->addWidget(m_noGoButton, 1);
    layout->addLayout(choice);

    m_hint = plainLabel(QString(), this, QStringLiteral("goNoGoHint"));
    layout->addWidget(m_hint);
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("goNoGoReason"));
    m_reason->setMaxLength(2000);
    m_reason->setPlaceholderText(tr("Reason (the ledger keeps it)"));
    layout->addWidget(m_reason);
    m_error = bandLabel(this, QStringLiteral("cutoverDialogError"), ThemeColour::DangerBanner,
                        ThemeColour::OnStateText);
    layout->addWidget(m_error);

    auto* buttons = new QDialogButtonBox(this);
    m_record = buttons->addButton(tr("Record decision"), QDialogButtonBox::AcceptRole);
    m_record->setObjectName(QStringLiteral("goNoGoRecord"));
    m_record->setDefault(true);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_goButton, &QPushButton::clicked, this, [this] { choose(true); });
    connect(m_noGoButton, &QPushButton::clicked, this, [this] { choose(false); });
    // What the person types answers the refusal: it goes once they act on it.
    connect(m_reason, &QLineEdit::textEdited, this, [this] { showError(QString()); });
    setTabOrder(m_goButton, m_noGoButton);
    setTabOrder(m_noGoButton, m_reason);
    setTabOrder(m_reason, m_record);
    setTabOrder(m_record, m_cancel);
    updateHint();
    m_goButton->setFocus();
}

QWidget* GoNoGoDialog::buildSummary()
{
    auto* area = new QWidget(this);
    auto* row = new QHBoxLayout(area);
    row->setContentsMargins(0, 0, 0, 0);

    // The pre-checks: which are done, by whom, and which the GO would override.
    auto* left = new QVBoxLayout;
    int done = 0;
    int counted = 0;
    for (const PreCheck& p : m_inputs.preChecks) {
        if (p.isGoDecision) {
            continue;
        }
        ++counted;
        done += p.open ? 0 : 1;
    }
    const QStringList open = openPreChecks();
    const QString preLine = open.isEmpty() ? tr("Pre-checks: all %1 done").arg(counted)
                                           : tr("Pre-checks: %1 of %2 done; open: %3")
                                                 .arg(done)
                                                 .arg(counted)
                                                 .arg(open.join(QStringLiteral(", ")));
    m_summary << preLine;
    QLabel* preHeader = plainLabel(preLine, area, QStringLiteral("goNoGoPreCheckSummary"));
    QFont bold = preHeader->font();
    bold.setBold(true);
    preHeader->setFont(bold);
    left->addWidget(preHeader);
    m_list = new QTreeWidget(area);
    m_list->setObjectName(QStringLiteral("goNoGoPreChecks"));
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->setWordWrap(true);
    m_list->setHeaderLabels({tr("Pre-check"), tr("What"), tr("State")});
    m_list->header()->setStretchLastSection(true);
    for (const PreCheck& p : m_inputs.preChecks) {
        auto* item = new QTreeWidgetItem(m_list, {p.id, p.title, p.status});
        for (int c = 0; c < 3; ++c) {
            item->setToolTip(c, plainToolTip(p.title + QStringLiteral(" \u2014 ") + p.status));
        }
        if (p.open && !p.isGoDecision) {
            QFont f = item->font(0);
            f.setBold(true);
            for (int c = 0; c < 3; ++c) {
                item->setFont(c, f);
                item->setBackground(c, themeColour(ThemeColour::NextRow));
                item->setForeground(c, themeColour(ThemeColour::OnLightFillText));
            }
        }
    }
    m_list->resizeColumnToContents(0);
    m_list->setColumnWidth(1, 280);
    left->addWidget(m_list, 1);
    row->addLayout(left, 3);

    // The checks, health, SLOs and alerts, each summarised in a line above its lights.
    auto* scroll = new QScrollArea(area);
    scroll->setObjectName(QStringLiteral("goNoGoSignals"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* signalsWidget = new QWidget(scroll);
    auto* column = new QVBoxLayout(signalsWidget);
    column->setContentsMargins(4, 0, 4, 0);
    // First what golive verifies itself for the pre-checks (and what was signed over it), then
    // the most urgent first: what fires now, then the SLOs, then the lights.
    m_checksBox = new QWidget(signalsWidget);
    m_checksBox->setObjectName(QStringLiteral("goNoGoChecks"));
    column->addWidget(m_checksBox);
    setChecks(m_inputs.checks);
    m_summary << addSection(column, tr("Alerts firing"), m_inputs.alerts, m_inputs.alertsNote);
    m_summary << addSection(column, tr("SLOs"), m_inputs.slos, m_inputs.sloNote);
    m_summary << addSection(column, tr("Health"), m_inputs.health, m_inputs.healthNote);
    column->addStretch();
    scroll->setWidget(signalsWidget);
    row->addWidget(scroll, 2);
    return area;
}

QString GoNoGoDialog::addSection(QVBoxLayout* column, const QString& title,
                                 const QList<Signal>& signalList, const QString& note,
                                 const QString& warningWords)
{
    QWidget* parent = column->parentWidget();
    int counts[4] = {0, 0, 0, 0};
    QStringList bad;
    for (const Signal& s : signalList) {
        ++counts[int(s.light)];
        if (s.light == Light::Bad) {
            bad << s.name;
        }
    }
    QStringList parts;
    if (signalList.isEmpty()) {
        parts << note;
    } else {
        if (counts[int(Light::Bad)] > 0) {
            parts << tr("%1 bad (%2)")
                         .arg(counts[int(Light::Bad)])
                         .arg(bad.join(QStringLiteral(", ")));
        }
        if (counts[int(Light::Warning)] > 0) {
            parts << (warningWords.isEmpty() ? tr("%1 at risk") : warningWords)
                         .arg(counts[int(Light::Warning)]);
        }
        if (counts[int(Light::Good)] > 0) {
            parts << tr("%1 good").arg(counts[int(Light::Good)]);
        }
        if (counts[int(Light::Unknown)] > 0) {
            parts << tr("%1 unknown").arg(counts[int(Light::Unknown)]);
        }
        if (!note.isEmpty()) {
            parts << note;
        }
    }
    const QString line = QStringLiteral("%1: %2").arg(title, parts.join(QStringLiteral("; ")));
    QLabel* header = plainLabel(line, parent);
    QFont bold = header->font();
    bold.setBold(true);
    header->setFont(bold);
    column->addWidget(header);
    for (const Signal& s : signalList) {
        auto* lightRow = new QHBoxLayout;
        auto* dot = new QLabel(parent);
        dot->setFixedSize(14, 14);
        dot->setStyleSheet(QStringLiteral("QLabel { background: %1; border-radius: 7px; }")
                               .arg(themeColour(lightColour(s.light)).name()));
        lightRow->addWidget(dot, 0, Qt::AlignTop);
        QString text = s.name + QStringLiteral("  ") + s.state;
        if (!s.detail.isEmpty()) {
            text += QStringLiteral(" \u2014 ") + s.detail;
        }
        QLabel* words = plainLabel(text, parent);
        words->setToolTip(plainToolTip(text));
        lightRow->addWidget(words, 1);
        column->addLayout(lightRow);
    }
    column->addSpacing(8);
    return line;
}

void GoNoGoDialog::setChecks(const QList<Signal>& checks)
{
    // Rebuilt only when something changed: refreshed every second, it must not flicker.
    const auto key = [](const QList<Signal>& list) {
        QStringList parts;
        for (const Signal& s : list)
            parts << s.name << s.state << s.detail << QString::number(int(s.light));
        return parts;
    };
    if (m_checksBox->layout() && key(checks) == key(m_inputs.checks))
        return;
    m_inputs.checks = checks;
    m_checksSummary.clear();
    qDeleteAll(m_checksBox->findChildren<QWidget*>(Qt::FindDirectChildrenOnly));
    delete m_checksBox->layout();
    m_checksBox->setVisible(!checks.isEmpty());
    if (checks.isEmpty())
        return;
    auto* column = new QVBoxLayout(m_checksBox);
    column->setContentsMargins(0, 0, 0, 0);
    m_checksSummary =
        addSection(column, tr("Checks golive verifies"), checks, QString(), tr("%1 signed over"));
}

QStringList GoNoGoDialog::openPreChecks() const
{
    QStringList open;
    for (const PreCheck& p : m_inputs.preChecks) {
        if (p.open && !p.isGoDecision) {
            open << p.id;
        }
    }
    return open;
}

void GoNoGoDialog::choose(bool go)
{
    (go ? m_goButton : m_noGoButton)->setChecked(true);
    showError(QString()); // a new choice answers whatever was refused before
    updateHint();
}

void GoNoGoDialog::updateHint()
{
    const QStringList open = openPreChecks();
    QStringList needs;
    if (!m_inputs.early.isEmpty()) {
        needs << tr("it is %1").arg(m_inputs.early);
    }
    if (!open.isEmpty()) {
        needs << tr("it goes over open pre-checks %1").arg(open.join(QStringLiteral(", ")));
    }
    QString hint;
    QString record = tr("Record decision");
    if (m_noGoButton->isChecked()) {
        hint = tr("NO-GO: say why (required). The run stays in Go/No-Go.");
        record = m_inputs.gateOpen ? tr("Record NO-GO") : tr("Open the gate and record NO-GO");
    } else if (m_goButton->isChecked()) {
        hint = needs.isEmpty() ? tr("GO: every pre-check is done and it is on time; a note is "
                                    "optional.")
                               : tr("GO: a reason is required, because %1; the ledger records "
                                    "that.")
                                     .arg(needs.join(tr(" and ")));
        record = m_inputs.gateOpen ? tr("Record GO") : tr("Open the gate and record GO");
    } else {
        hint = tr("Choose GO or NO-GO (Alt+G / Alt+N), then record (Enter).");
        if (!needs.isEmpty()) {
            hint += QLatin1Char(' ') + tr("A GO now needs a reason: %1.").arg(needs.join(tr("; ")));
        }
    }
    m_hint->setText(hint);
    m_record->setText(record);
}

bool GoNoGoDialog::hasChoice() const
{
    return m_goButton->isChecked() || m_noGoButton->isChecked();
}

bool GoNoGoDialog::isGo() const
{
    return m_goButton->isChecked();
}

void GoNoGoDialog::setGo(bool go)
{
    choose(go);
}

QString GoNoGoDialog::reason() const
{
    return m_reason->text().trimmed();
}

void GoNoGoDialog::setReason(const QString& reason)
{
    m_reason->setText(reason);
}

QString GoNoGoDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

QString GoNoGoDialog::hintText() const
{
    return m_hint->text();
}

QString GoNoGoDialog::summaryText() const
{
    QStringList lines = m_summary;
    if (!m_checksSummary.isEmpty())
        lines << m_checksSummary;
    return lines.join(QLatin1Char('\n'));
}

void GoNoGoDialog::showError(const QString& error)
{
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
}

void GoNoGoDialog::setWaiting(bool waiting)
{
    m_waiting = waiting;
    for (QWidget* w : {static_cast<QWidget*>(m_goButton), static_cast<QWidget*>(m_noGoButton),
                       static_cast<QWidget*>(m_reason), static_cast<QWidget*>(m_record),
                       static_cast<QWidget*>(m_cancel)}) {
        w->setEnabled(!waiting);
    }
    if (waiting) {
        m_hint->setText(m_inputs.gateOpen
                            ? tr("Recording the decision\u2026")
                            : tr("Opening the Go/No-Go, then recording the decision\u2026"));
    } else {
        updateHint();
    }
}

void GoNoGoDialog::accept()
{
    if (m_waiting) {
        return;
    }
    if (!hasChoice()) {
        showError(tr("Choose GO or NO-GO first; nothing was recorded."));
        m_goButton->setFocus();
        return;
    }
    const QString error = m_check ? m_check(isGo(), reason()) : QString();
    showError(error);
    if (!error.isEmpty()) {
        m_reason->setFocus();
        return;
    }
    // The window records it and answers with recorded() or refused() once the ledger has it
    // (the gate first, when it is not open): the dialog waits until then.
    setWaiting(true);
    emit recordRequested(isGo(), reason());
}

void GoNoGoDialog::recorded()
{
    m_waiting = false;
    emit answered();
    QDialog::accept();
}

void GoNoGoDialog::setTiming(const QString& timing, const QString& early)
{
    m_timing->setText(timing);
    if (early == m_inputs.early) {
        return;
    }
    m_inputs.early = early;
    if (!m_waiting) {
        updateHint();
    }
}

QString GoNoGoDialog::timingText() const
{
    return m_timing->text();
}

void GoNoGoDialog::reject()
{
    if (m_waiting) {
        return;
    }
    QDialog::reject();
}

void GoNoGoDialog::refused(const QString& error, bool gateNowOpen)
{
    if (gateNowOpen) {
        m_inputs.gateOpen = true;
        m_gateNote->hide();
    }
    setWaiting(false);
    showError(error);
    m_reason->setFocus();
    emit answered();
}

} // namespace golive
