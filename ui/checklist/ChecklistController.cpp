// The checklist in the window: banner, run header, release fields, section pages, details,
// status labels and the sign-off actions, over the run session.
#include "ChecklistController.h"

#include "ChecklistModel.h"
#include "ChecklistStyleProxy.h"
#include "ItemDetailsView.h"
#include "Logging.h"
#include "OperatorDialog.h"
#include "OperatorOnDuty.h"
#include "RosterDialog.h"
#include "RunMetadataLabel.h"
#include "RunSession.h"
#include "Settings.h"
#include "SignOffChecks.h"
#include "SignOffDialog.h"
#include "SigningKeyPicker.h"
#include "SshKey.h"
#include "SubItems.h"
#include "Theme.h"
#include "UiText.h"
#include "Undo.h"

#include <QAction>
#include <QDir>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace golive {

ChecklistController::ChecklistController(QWidget* window, RunSession* session, Host host)
    : QObject(window), m_window(window), m_session(session), m_host(std::move(host)),
      m_model(new ChecklistModel(this)), m_proxy(new ChecklistStyleProxy(this))
{
    m_proxy->setSourceModel(m_model);
    connect(m_session, &RunSession::runReleased, this, [this] {
        // The model points into the session's runbook and state: it lets go first.
        m_model->setRun(nullptr, nullptr);
    });
    connect(m_session, &RunSession::opened, this, &ChecklistController::onOpened);
    connect(m_session, &RunSession::openFailed, this, &ChecklistController::onOpenFailed);
    connect(m_session, &RunSession::eventRecorded, this, &ChecklistController::onAppended);
    connect(m_session, &RunSession::appendFailed, this, &ChecklistController::onAppendFailed);
    // An item's row says it is being signed and recorded until the ledger answers.
    connect(m_session, &RunSession::submitted, this, [this](const SignOffEvent& event) {
        if (!event.itemId.isEmpty())
            m_model->setPending(event.itemId, true, !event.actor.signingKey.isEmpty());
    });
    connect(m_session, &RunSession::pendingChanged, this, [this] { updateStatus(); });
    // A shared run: what other workstations recorded shows as this one's does; a break found
    // in their events or on reconnecting shows as breaks do; a lost connection changes what
    // can be recorded (the rules' words say why).
    connect(m_session, &RunSession::recordedElsewhere, this,
            [this](const QList<SignOffEvent>& events) {
                for (const SignOffEvent& e : events)
                    onAppended(e);
            });
    connect(m_session, &RunSession::breaksChanged, this, [this] {
        updateBanners();
        updateActions();
    });
    connect(m_session, &RunSession::connectionChanged, this, [this] { updateActions(); });
    connect(m_model, &ChecklistModel::sectionProgressChanged, this, [this] {
        if (!m_rebuilding) // rebuildTabs() sets the titles once, after every section
            updateTabTitles();
    });
}

void ChecklistController::createBanner(QWidget* parent, QVBoxLayout* layout)
{
    // The banner stays hidden until something needs the room's attention (a broken ledger,
    // a run that cannot be opened, a read-only file).
    m_banner = new QFrame(parent);
    m_banner->setObjectName(QStringLiteral("banner"));
    auto* bannerLayout = new QHBoxLayout(m_banner);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setObjectName(QStringLiteral("bannerText"));
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_bannerButton = new QPushButton(tr("Acknowledge…"), m_banner);
    m_bannerButton->setObjectName(QStringLiteral("bannerButton"));
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_bannerButton);
    m_banner->hide();
    connect(m_bannerButton, &QPushButton::clicked, this, &ChecklistController::acknowledgeBreak);
    layout->addWidget(m_banner);
}

void ChecklistController::createWidgets(QWidget* parent, QVBoxLayout* layout)
{
    createRunHeader(parent, layout);
    // The section tabs span the whole window so every section's title and progress is
    // readable at once; the checklist and the details pane share the space below them.
    m_tabs = new QTabBar(parent);
    m_tabs->setObjectName(QStringLiteral("sectionTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->setElideMode(Qt::ElideNone);
    m_tabs->setUsesScrollButtons(true);
    m_tabs->setExpanding(false);
    m_tabs->setDrawBase(true);
    layout->addWidget(m_tabs);
    m_splitter = new QSplitter(Qt::Horizontal, parent);
    m_splitter->setObjectName(QStringLiteral("detailsSplitter"));
    m_pages = new QStackedWidget(m_splitter);
    m_details = new ItemDetailsView(m_splitter);
    m_splitter->addWidget(m_pages);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    layout->addWidget(m_splitter, 1);
    connect(m_tabs, &QTabBar::currentChanged, this, [this](int index) {
        m_pages->setCurrentIndex(index);
        showSelectionDetails();
        updateActions();
    });
}

void ChecklistController::createRunHeader(QWidget* parent, QVBoxLayout* layout)
{
    auto* header = new QWidget(parent);
    auto* headerLayout = new QHBoxLayout(header);
    headerLayout->setContentsMargins(0, 0, 0, 0);
    auto* titleBox = new QVBoxLayout;
    m_titleLabel = new QLabel(header);
    m_titleLabel->setObjectName(QStringLiteral("runTitle"));
    // The runbook's title is its text, never markup (an <img> would be loaded).
    m_titleLabel->setTextFormat(Qt::PlainText);
    QFont titleFont = m_titleLabel->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_titleLabel->setFont(titleFont);
    m_progressLabel = new QLabel(header);
    m_progressLabel->setObjectName(QStringLiteral("runProgress"));
    m_progressLabel->setTextFormat(Qt::PlainText);
    m_operatorLabel = new QLabel(header);
    m_operatorLabel->setObjectName(QStringLiteral("operatorLabel"));
    m_operatorLabel->setTextFormat(Qt::RichText);
    connect(m_operatorLabel, &QLabel::linkActivated, this, [this] { chooseOperator(); });
    titleBox->addWidget(m_titleLabel);
    titleBox->addWidget(m_progressLabel);
    titleBox->addWidget(m_operatorLabel);
    m_metadataLabel = new RunMetadataLabel(header);
    titleBox->addWidget(m_metadataLabel);
    titleBox->addStretch();
    headerLayout->addLayout(titleBox, 2);
    m_fieldsBox = new QWidget(header);
    m_fieldsBox->setObjectName(QStringLiteral("releaseFields"));
    m_fieldsLayout = new QGridLayout(m_fieldsBox);
    m_fieldsLayout->setContentsMargins(0, 0, 0, 0);
    m_fieldsLayout->setVerticalSpacing(2);
    headerLayout->addWidget(m_fieldsBox, 3);
    layout->addWidget(header);
}

void ChecklistController::createStatusLabels(QStatusBar* bar)
{
    m_statusRun = new QLabel(bar);
    m_statusHead = new QLabel(bar);
    m_statusHead->setObjectName(QStringLiteral("ledgerHead"));
    m_statusPending = new QLabel(bar);
    // A run's path is a file name, not markup.
    for (QLabel* label : {m_statusRun, m_statusHead, m_statusPending}) {
        label->setTextFormat(Qt::PlainText);
    }
    bar->addWidget(m_statusRun, 1);
    bar->addPermanentWidget(m_statusPending);
    bar->addPermanentWidget(m_statusHead);
}

void ChecklistController::refresh()
{
    updateOperatorLabel();
    updateActions();
    updateStatus();
}

void ChecklistController::createActions()
{
    auto make = [this](const QString& text, const QKeySequence& key, auto slot) {
        auto* action = new QAction(text, this);
        action->setShortcut(key);
        connect(action, &QAction::triggered, this, slot);
        m_windowActions << action;
        return action;
    };
    m_signAction = make(tr("&Sign off…"), QKeySequence(Qt::Key_Space),
                        [this] { recordForCurrent(EventKind::Signed); });
    m_signAction->setObjectName(QStringLiteral("signAction"));
    // Space must sign only while a checklist has focus, never while typing in a field.
    m_signAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_pages->addAction(m_signAction);
    m_windowActions.removeOne(m_signAction);
    m_noteAction = make(tr("Add &note…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M),
                        [this] { recordForCurrent(EventKind::NoteAdded); });
    m_naAction = make(tr("Mark not &applicable…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
                      [this] { recordForCurrent(EventKind::NotApplicable); });
    m_blockAction = make(tr("Mark &blocked…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B),
                         [this] { recordForCurrent(EventKind::Blocked); });
    m_noteAction->setObjectName(QStringLiteral("noteAction"));
    m_naAction->setObjectName(QStringLiteral("naAction"));
    m_blockAction->setObjectName(QStringLiteral("blockAction"));
    m_revokeAction = make(tr("&Revoke…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                          [this] { recordForCurrent(EventKind::Revoked); });
    m_revokeAction->setObjectName(QStringLiteral("revokeAction"));
    m_undoAction =
        make(tr("&Undo my last sign-off"), QKeySequence::Undo, [this] { undoLastSignOff(); });
    m_undoAction->setObjectName(QStringLiteral("undoAction"));
    m_ackAction =
        make(tr("Ac&knowledge ledger break…"), QKeySequence(), [this] { acknowledgeBreak(); });
    m_nextOpenAction =
        make(tr("Next &open item"), QKeySequence(Qt::Key_F8), [this] { jumpToNextOpen(); });
}

void ChecklistController::createMenus(QMenuBar* bar)
{
    QMenu* item = bar->addMenu(tr("&Item"));
    item->setObjectName(QStringLiteral("itemMenu"));
    item->addAction(m_signAction);
    item->addAction(m_noteAction);
    item->addSeparator();
    item->addAction(m_naAction);
    item->addAction(m_blockAction);
    item->addAction(m_revokeAction);
    item->addSeparator();
    item->addAction(m_nextOpenAction);

    QMenu* edit = bar->addMenu(tr("&Run"));
    edit->addAction(m_undoAction);
    edit->addSeparator();
    auto* op = edit->addAction(tr("Change &operator…"), this, &ChecklistController::chooseOperator);
    op->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    op->setObjectName(QStringLiteral("changeOperatorAction"));
    m_windowActions << op;
    auto* roster = edit->addAction(tr("Roster (who signs with which key)…"), this,
                                   &ChecklistController::showRoster);
    roster->setObjectName(QStringLiteral("rosterAction"));
    edit->addAction(m_ackAction);
}

void ChecklistController::showRoster()
{
    if (!m_session->hasRun()) {
        m_host.showMessage(tr("Open a run first: the roster is the run's."), 4000);
        return;
    }
    auto* dialog = new RosterDialog(
        m_session->openedSnapshot().initialRoster, m_session->roster(), m_session->state().events(),
        operatorOnDuty(), [this](const SignOffEvent& e) { submit(e); }, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void ChecklistController::restoreLayout()
{
    if (!m_splitter->restoreState(
            Settings::instance()->value(Settings::Key::DetailsSplitterState).toByteArray())) {
        m_splitter->setSizes({940, 340});
    }
}

void ChecklistController::saveLayout() const
{
    Settings::instance()->setValue(Settings::Key::DetailsSplitterState, m_splitter->saveState());
}

QTreeView* ChecklistController::currentTree() const
{
    const int i = m_tabs->currentIndex();
    return i >= 0 && i < m_trees.size() ? m_trees.at(i) : nullptr;
}

void ChecklistController::showSection(int index)
{
    if (index < m_tabs->count()) {
        m_tabs->setCurrentIndex(index);
        if (QTreeView* tree = currentTree()) {
            tree->setFocus();
        }
    }
}

void ChecklistController::stepSection(int by)
{
    if (m_tabs->count() > 0) {
        m_tabs->setCurrentIndex((m_tabs->currentIndex() + by + m_tabs->count()) % m_tabs->count());
        if (QTreeView* tree = currentTree()) {
            tree->setFocus();
        }
    }
}

void ChecklistController::expandAll()
{
    if (QTreeView* tree = currentTree()) {
        tree->expandAll();
    }
}

void ChecklistController::clockTicked()
{
    m_model->clockTicked();
}

void ChecklistController::showOpening(const QString& path)
{
    m_statusRun->setText(tr("Opening %1…").arg(QDir::toNativeSeparators(path)));
}

void ChecklistController::onOpened(const RunSnapshot&)
{
    // The session folded the run (the store parsed the runbook off the UI thread).
    m_showsRun = true;
    m_rebuilding = true; // until rebuildTabs() below: each section's progress is set anew
    m_model->setRun(&m_session->runbook(), &m_session->state());
    m_titleLabel->setText(displaySafe(m_session->runbook().title));
    m_metadataLabel->setRunbook(m_session->runbook());
    rebuildTabs();
    rebuildFields();
    updateBanners();
    updateActions();
    updateStatus();
}

void ChecklistController::onOpenFailed()
{
    // The session let the previous run go (runReleased): nothing of it stays on screen.
    if (m_showsRun) {
        m_showsRun = false;
        rebuildTabs();
        rebuildFields();
        m_titleLabel->setText(tr("No run open"));
        m_metadataLabel->clearRunbook();
        m_progressLabel->clear();
    }
    updateBanners();
    updateActions();
    updateStatus();
}

QTreeView* ChecklistController::makeTree(int section)
{
    auto* tree = new QTreeView;
    tree->setObjectName(QStringLiteral("sectionTree%1").arg(section));
    tree->setAccessibleName(
        tr("Checklist: %1").arg(m_model->sectionIndex(section).data(Qt::DisplayRole).toString()));
    tree->setModel(m_proxy);
    tree->setRootIndex(m_proxy->mapFromSource(m_model->sectionIndex(section)));
    tree->setUniformRowHeights(true);
    tree->setAlternatingRowColors(true);
    tree->setSelectionMode(QAbstractItemView::SingleSelection);
    tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    tree->setExpandsOnDoubleClick(false);
    tree->header()->setStretchLastSection(true);
    tree->header()->setSectionResizeMode(ChecklistModel::ItemColumn, QHeaderView::Interactive);
    tree->setColumnWidth(ChecklistModel::ItemColumn, 500);
    for (int c = ChecklistModel::StatusColumn; c < ChecklistModel::NoteColumn; ++c) {
        tree->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    }
    tree->expandAll();
    tree->installEventFilter(this);
    connect(tree, &QTreeView::doubleClicked, this, [this](const QModelIndex& index) {
        if (m_model->nodeKind(m_proxy->mapToSource(index)) == ChecklistModel::NodeKind::Item) {
            recordForCurrent(EventKind::Signed);
        } else if (QTreeView* t = currentTree()) {
            t->setExpanded(index, !t->isExpanded(index));
        }
    });
    connect(tree->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        if (m_rebuilding) // rebuildTabs() shows the details once, when every tree is made
            return;
        showSelectionDetails();
        updateActions();
    });
    return tree;
}

void ChecklistController::rebuildTabs()
{
    // Every tab stays on screen on a narrow window: a long title is cut with "…" (whole in the
    // tooltip) rather than scrolled out of sight behind arrows.
    m_tabs->setElideMode(Qt::ElideRight);
    m_tabs->setUsesScrollButtons(false);
    const int current = m_tabs->currentIndex();
    const QSignalBlocker blocker(m_tabs);
    m_trees.clear(); // before the pages go: focus moving off them asks for the trees
    while (m_tabs->count() > 0)
        m_tabs->removeTab(0);
    // The trees went from the list above: removing a page moves the focus to the next one, and
    // whatever follows the selection then (the evidence's drop targets) must not reach a tree
    // already deleted.
    while (m_pages->count() > 0) {
        QWidget* page = m_pages->widget(0);
        m_pages->removeWidget(page);
        delete page;
    }
    m_rebuilding = true;
    for (int s = 0; s < m_model->sectionCount(); ++s) {
        QTreeView* tree = makeTree(s);
        m_trees << tree;
        m_pages->addWidget(tree);
        m_tabs->addTab(QString());
        if (tree->model()->rowCount(tree->rootIndex()) > 0) {
            tree->setCurrentIndex(tree->model()->index(0, 0, tree->rootIndex()));
        }
    }
    m_rebuilding = false;
    // The tab shown stays; else (a new run, or a tab with nothing to sign, as a run read with
    // the legacy rules may have) the first tab that has items.
    int show = current >= 0 && current < m_tabs->count() ? current : -1;
    if (show < 0 || m_model->sectionProgress(show).total == 0) {
        show = 0;
        for (int s = 0; s < m_tabs->count(); ++s) {
            if (m_model->sectionProgress(s).total > 0) {
                show = s;
                break;
            }
        }
    }
    m_tabs->setCurrentIndex(show);
    m_pages->setCurrentIndex(show);
    updateTabTitles();
    showSelectionDetails();
}
void ChecklistController::rebuildFields()
{
    while (QLayoutItem* child = m_fieldsLayout->takeAt(0)) {
        delete child->widget();
        delete child;
    }
    int row = 0;
    int col = 0;
    for (const RunbookField& field : m_session->runbook().fields) {
        auto* label = new QLabel(m_fieldsBox);
        setPlainLabel(label, field.label + QLatin1Char(':'));
        QWidget* value = nullptr;
        if (field.isPlaceholder) {
            auto* edit = new QLineEdit(m_fieldsBox);
            edit->setObjectName(QStringLiteral("field-") + field.key);
            edit->setMinimumWidth(150);
            edit->setPlaceholderText(field.templateValue);
            edit->setText(m_session->state().fieldValue(field.key));
            edit->setReadOnly(m_session->isReadOnly());
            edit->setToolTip(
                tr("Runbook line %1. Enter records the value in the ledger.").arg(field.pos.line));
            const QString key = field.key;
            connect(edit, &QLineEdit::editingFinished, this, [this, edit, key] {
                if (edit->text().trimmed() != m_session->state().fieldValue(key)) {
                    fillField(key, edit->text().trimmed());
                }
            });
            value = edit;
        } else {
            auto* fixed = new QLabel(m_fieldsBox);
            setPlainLabel(fixed, field.templateValue);
            fixed->setTextInteractionFlags(Qt::TextSelectableByMouse);
            value = fixed;
        }
        label->setBuddy(value);
        m_fieldsLayout->addWidget(label, row, col * 2, Qt::AlignRight);
        m_fieldsLayout->addWidget(value, row, col * 2 + 1);
        if (++col == 2) {
            col = 0;
            ++row;
        }
    }
}

void ChecklistController::updateTabTitles()
{
    for (int s = 0; s < m_tabs->count() && s < m_session->runbook().sections.size(); ++s) {
        const RunbookSection& section = m_session->runbook().sections.at(s);
        const Progress p = m_session->state().sectionProgress(s);
        // Tabs carry the short title ("Safety Nets", not "Safety Nets: Observability, …") so
        // all of them fit across the screen; the full title is in the tooltip and the details.
        QString shortTitle =
            renderPlain(section.title, m_session->runbook(),
                        [this](const QString& k) { return m_session->state().fieldValue(k); });
        const qsizetype cut = shortTitle.indexOf(QRegularExpression(QStringLiteral("[:(]")));
        if (cut > 0) {
            shortTitle = shortTitle.left(cut).trimmed();
        }
        QString text = displaySafe(section.number + QStringLiteral(". ") + shortTitle);
        if (p.total > 0) {
            text += QStringLiteral("  ") + p.toString();
        }
        // A literal '&' in a section title ("Decision & Scope Lock") is not a mnemonic.
        m_tabs->setTabText(s, text.replace(QLatin1Char('&'), QStringLiteral("&&")));
        m_tabs->setTabToolTip(s, plainToolTip(tr("%1\n%2 of %3 items done")
                                                  .arg(m_model->sectionTabTitle(s))
                                                  .arg(p.done)
                                                  .arg(p.total)));
    }
    if (m_session->hasRun()) {
        const Progress total = m_session->state().totalProgress();
        m_progressLabel->setText(tr("%1 of %2 items done · %3")
                                     .arg(total.done)
                                     .arg(total.total)
                                     .arg(m_session->runbook().fileName));
    }
    // Views that copy the run (the wall screen) follow.
    emit progressChanged();
}

void ChecklistController::updateActions()
{
    const bool writable = m_session->hasRun() && !m_session->isReadOnly();
    const bool intact = m_session->unacknowledgedBreaks().isEmpty();
    const bool verifying = m_session->isVerifying(); // nothing is signed until it is checked
    const RunbookItem* item = currentItem();
    const struct
    {
        QAction* action;
        EventKind kind;
        QString tip;
    } moves[] = {
        {m_signAction, EventKind::Signed, tr("Sign off the selected item, with an optional note")},
        {m_noteAction, EventKind::NoteAdded, tr("Add a note to the selected item")},
        {m_naAction, EventKind::NotApplicable,
         tr("Mark the selected item not applicable, saying why")},
        {m_blockAction, EventKind::Blocked,
         tr("Mark the selected item blocked, saying what blocks it")},
        {m_revokeAction, EventKind::Revoked,
         tr("Revoke the selected item's sign-off, N/A or block")},
    };
    for (const auto& m : moves) {
        QString why;
        bool enabled = writable && intact && !verifying && item;
        if (!writable) {
            why = m_session->hasRun() ? tr("the run is open read-only") : tr("no run is open");
        } else if (verifying) {
            why = tr("the ledger is still being verified");
        } else if (!intact) {
            why = tr("the ledger break must be acknowledged first");
        } else if (!item) {
            why = tr("select an item first");
        } else if (m_session->wouldRecord(
                       eventFor(m.kind, *item, QStringLiteral("-"),
                                operatorOnDuty().value_or(Actor::local(QStringLiteral("(on duty)"),
                                                                       Role::IncidentCommander))),
                       &why)) {
            why.clear();
        } else {
            // Greyed only when it is the role that cannot: another role could. Other refusals
            // keep the action, so pressing it shows the rule's words and the way out.
            enabled = !roleCannot(m.kind, *item);
        }
        // The go-decision pre-check: no role signs it, the GO does; say where that is.
        const bool marks = m.kind == EventKind::Signed || m.kind == EventKind::NotApplicable;
        if (item && marks && item->id == m_session->state().plan().goDecisionItemId) {
            why = tr("%1 is recorded by the GO decision (Ctrl+G)").arg(item->id);
        }
        m.action->setEnabled(enabled);
        const QString text = why.isEmpty() ? m.tip : tr("Not now: %1").arg(withReadableTimes(why));
        m.action->setToolTip(plainToolTip(text));
        m.action->setStatusTip(text);
    }
    const auto undo = writable && intact && !verifying ? undoable() : std::nullopt;
    m_undoAction->setEnabled(undo.has_value());
    m_undoAction->setText(undo ? undo->menuText() : tr("&Undo"));
    m_undoAction->setToolTip(
        plainToolTip(undo ? tr("%1 (the record keeps both)").arg(undo->menuText())
                          : tr("Nothing to undo: your last action is not one that still stands")));
    m_ackAction->setEnabled(writable && !intact && !verifying);
    m_nextOpenAction->setEnabled(m_session->hasRun());
    emit actionsUpdated();
}

bool ChecklistController::roleCannot(EventKind kind, const RunbookItem& item) const
{
    const auto me = operatorOnDuty();
    if (!me) {
        return false; // the move asks who is on duty first
    }
    for (Role role : {Role::IncidentCommander, Role::ReleaseCaptain, Role::Engineer}) {
        if (role == me->role) {
            continue;
        }
        Actor other = *me;
        other.role = role;
        QString ignored;
        if (m_session->wouldRecord(eventFor(kind, item, QStringLiteral("-"), other), &ignored)) {
            return true;
        }
    }
    return false;
}

void ChecklistController::updateStatus()
{
    if (m_session->hasRun()) {
        m_statusRun->setText(QDir::toNativeSeparators(m_session->runPath()));
        m_statusHead->setText(tr("ledger %1 events · head %2")
                                  .arg(m_session->state().events().size())
                                  .arg(QString::fromLatin1(m_session->head().left(12))));
    } else if (!m_session->openError().isEmpty()) {
        m_statusRun->setText(tr("No run open"));
    }
    const auto me = operatorOnDuty();
    const bool signing = me && !me->signingKey.isEmpty();
    m_statusPending->setText(
        m_session->pendingEvents() == 0 ? QString()
        : signing ? tr("Signing and recording %n event(s)… (a hardware key waits for a touch)",
                       nullptr, m_session->pendingEvents())
                  : tr("Recording %n event(s)…", nullptr, m_session->pendingEvents()));
}

void ChecklistController::updateOperatorLabel()
{
    Settings* s = Settings::instance();
    const QString name = s->value(Settings::Key::OperatorName).toString();
    const auto role = roleFromName(s->value(Settings::Key::OperatorRole).toString());
    if (name.isEmpty() || !role) {
        m_operatorLabel->setText(tr("On duty: <i>nobody yet</i> — <a href='#'>choose…</a>"));
    } else {
        // The key's public half: a small local file (at most 64 KiB is read).
        const QString keyPath = signingKeyFor(name);
        QString keyText = tr("unsigned");
        if (!keyPath.isEmpty()) {
            const auto key = signing::SshPublicKey::fromFile(keyPath, nullptr);
            keyText = key ? tr("key %1").arg(key->shortFingerprint()) : tr("key file unreadable");
        }
        m_operatorLabel->setText(tr("On duty: <b>%1</b> · %2 · %3 — <a href='#'>change…</a>")
                                     .arg(htmlSafe(name), roleDisplayName(*role), keyText));
    }
}

const RunbookItem* ChecklistController::currentItem() const
{
    QTreeView* tree = currentTree();
    if (!tree || !m_session->hasRun()) {
        return nullptr;
    }
    const QString id = m_model->itemId(m_proxy->mapToSource(tree->currentIndex()));
    return id.isEmpty() ? nullptr : m_session->runbook().findItem(id);
}

void ChecklistController::showSelectionDetails()
{
    QTreeView* tree = currentTree();
    if (!tree || !m_session->hasRun()) {
        m_details->clear();
        return;
    }
    const QModelIndex source = m_proxy->mapToSource(tree->currentIndex());
    const int section = m_tabs->currentIndex();
    if (const RunbookItem* item = currentItem()) {
        m_details->showItem(m_session->runbook(), m_session->state(), *item);
        return;
    }
    if (source.isValid() && m_model->nodeKind(source) == ChecklistModel::NodeKind::Group) {
        m_details->showGroup(m_session->runbook(), m_session->state(),
                             m_session->runbook().sections.at(section),
                             m_model->groupParts(source.siblingAtColumn(0)));
        return;
    }
    m_details->showSection(m_session->runbook(), m_session->state(), section);
}

bool ChecklistController::ensureOperator()
{
    Settings* s = Settings::instance();
    if (!s->value(Settings::Key::OperatorName).toString().isEmpty() &&
        roleFromName(s->value(Settings::Key::OperatorRole).toString())) {
        return true;
    }
    chooseOperator();
    return !s->value(Settings::Key::OperatorName).toString().isEmpty();
}

void ChecklistController::chooseOperator()
{
    Settings* s = Settings::instance();
    OperatorDialog dialog(m_window);
    if (const auto role = roleFromName(s->value(Settings::Key::OperatorRole).toString())) {
        dialog.setOperator(s->value(Settings::Key::OperatorName).toString(), *role);
    }
    if (m_session->hasRun()) {
        // Whether the run open now takes the key from the person named in the dialog.
        const RunRoster roster = m_session->roster();
        dialog.keyPicker()->setRosterCheck([roster, &dialog](const signing::SshPublicKey& key) {
            return rosterWords(roster, dialog.name(), roleName(dialog.role()), key);
        });
    }
    if (dialog.exec() == QDialog::Accepted) {
        s->setValue(Settings::Key::OperatorName, dialog.name());
        s->setValue(Settings::Key::OperatorRole, roleName(dialog.role()));
        setSigningKeyFor(dialog.name(), dialog.signingKey());
        qCInfo(lcUi) << "operator on duty:" << dialog.name() << roleName(dialog.role())
                     << (dialog.signingKey().isEmpty() ? QStringLiteral("unsigned")
                                                       : dialog.signingKey());
        updateOperatorLabel();
        updateActions(); // the cutover's moves depend on the role too
    }
}

std::optional<Actor> ChecklistController::operatorOnDuty() const
{
    return golive::operatorOnDuty();
}

SignOffEvent ChecklistController::eventFor(EventKind kind, const RunbookItem& item,
                                           const QString& text, const Actor& actor) const
{
    // A sign-off names the open checks (the incident commander's override) and the open
    // sub-items before the reason, and records what golive sees now (SignOffChecks.h).
    if (kind == EventKind::Signed)
        return composeSignOff(*m_session, item, text, actor, actor.role == Role::IncidentCommander);
    SignOffEvent event;
    event.kind = kind;
    event.itemId = item.id;
    event.actor = actor;
    event.text = text;
    return event;
}

void ChecklistController::recordForCurrent(EventKind kind)
{
    const RunbookItem* item = currentItem();
    if (!item || !m_session->hasRun() || m_session->isReadOnly() || !ensureOperator()) {
        return;
    }
    const Actor me = *operatorOnDuty();
    const SignOffEvent event = eventFor(kind, *item, {}, me);
    // Refuse before asking for a note: under pressure nobody wants to type a note for nothing.
    QString error;
    if (!m_session->wouldRecord(eventFor(kind, *item, QStringLiteral("-"), me), &error)) {
        m_host.refuseOrOfferOverride(event, error); // the IC may override the steps' order
        return;
    }
    const QString label = item->id + QStringLiteral("  ") +
                          renderPlain(item->title, m_session->runbook(), [this](const QString& k) {
                              return m_session->state().fieldValue(k);
                          });
    const QString who = me.name + QStringLiteral(" · ") + roleDisplayName(me.role);
    auto* dialog = new SignOffDialog(kind, label, who, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (kind == EventKind::Signed) {
        dialog->setOpenSubItems(openSubItems(m_session->state(), *item));
        if (me.role == Role::IncidentCommander && !item->requiredChecks.isEmpty())
            watchOpenChecks(dialog, m_session, item->id); // live, as the override names them
        if (m_host.offerEvidence)
            m_host.offerEvidence(dialog, item->id);
    }
    if (kind == EventKind::Revoked) {
        dialog->setRevoking(SignOffDialog::revokedText(m_session->state().item(item->id)));
    }
    const QString id = item->id;
    const auto make = [this, kind, id, me, dialog](const QString& text) {
        const RunbookItem* now = m_session->runbook().findItem(id);
        SignOffEvent e = now ? eventFor(kind, *now, text, me) : SignOffEvent();
        e.fieldKey = dialog->evidenceReferenceKey(); // the evidence ticked, if any
        return e;
    };
    // The rules judge in the dialog: a refused note stays there, as typed.
    dialog->setCheck([this, make, dialog](const QString& text) {
        const SignOffEvent e = make(text);
        if (const QString changed = openChecksChanged(dialog, *m_session, e); !changed.isEmpty())
            return changed; // never over checks the person did not see
        QString why;
        return m_session->wouldRecord(e, &why) ? QString() : why;
    });
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, make] { submit(make(dialog->text())); });
    dialog->open();
}

void ChecklistController::submit(SignOffEvent event)
{
    QString error;
    if (!m_session->submit(event, &error)) {
        if (event.kind == EventKind::FieldFilled) {
            resetFieldEdit(event.fieldKey);
        }
        m_host.refuse(error);
    }
}

void ChecklistController::onAppended(const SignOffEvent& event)
{
    if (!event.itemId.isEmpty()) {
        m_model->setPending(event.itemId, false);
    }
    m_model->eventApplied(event);
    if (event.kind == EventKind::FieldFilled) {
        if (auto* edit =
                m_fieldsBox->findChild<QLineEdit*>(QStringLiteral("field-") + event.fieldKey)) {
            edit->setText(event.text);
        }
    }
    updateTabTitles();
    updateBanners();
    updateActions();
    updateStatus();
    showSelectionDetails();
}

void ChecklistController::onAppendFailed(const SignOffEvent& event)
{
    if (!event.itemId.isEmpty()) {
        m_model->setPending(event.itemId, false);
    }
    // A value that was not recorded goes back to the recorded one.
    if (event.kind == EventKind::FieldFilled) {
        resetFieldEdit(event.fieldKey);
    }
    updateStatus();
}

std::optional<UndoAction> ChecklistController::undoable() const
{
    const auto me = operatorOnDuty();
    if (!m_session->hasRun() || !me) {
        return std::nullopt;
    }
    return lastUndoableAction(m_session->state(), *me, tr("undone by %1 (Ctrl+Z)").arg(me->name));
}

void ChecklistController::undoLastSignOff()
{
    if (!m_session->hasRun() || !ensureOperator()) {
        return;
    }
    const Actor me = *operatorOnDuty();
    // Only the operator's own newest action is undoable, never an older one behind it.
    const auto last = undoable();
    if (!last) {
        m_host.showMessage(tr("Nothing to undo: your last action as %1 is not a sign-off, N/A, "
                              "block or revoke that still stands.")
                               .arg(me.name),
                           6000);
        return;
    }
    SignOffEvent event = last->undo;
    event.actor = me;
    submit(event);
}

void ChecklistController::acknowledgeBreak()
{
    if (m_session->unacknowledgedBreaks().isEmpty() || m_session->isReadOnly() ||
        !ensureOperator()) {
        return;
    }
    Settings* s = Settings::instance();
    SignOffDialog dialog(EventKind::ChainBreakAcknowledged,
                         m_session->unacknowledgedBreaks().first(),
                         s->value(Settings::Key::OperatorName).toString(), m_window);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    SignOffEvent event;
    event.kind = EventKind::ChainBreakAcknowledged;
    // The acknowledgement names exactly the breaks seen, so a later break is not covered by it.
    event.fieldKey = m_session->acknowledgementKey();
    event.text = tr("%1 — %2").arg(m_session->unacknowledgedBreaks().first(), dialog.text());
    event.actor = *operatorOnDuty();
    submit(event);
}

void ChecklistController::fillField(const QString& key, const QString& value)
{
    if (!m_session->hasRun() || m_session->isReadOnly() || !ensureOperator()) {
        return;
    }
    SignOffEvent event;
    event.kind = EventKind::FieldFilled;
    event.fieldKey = key;
    event.text = value;
    event.actor = *operatorOnDuty();
    submit(event);
}

void ChecklistController::resetFieldEdit(const QString& key)
{
    // A value that was not recorded must not stay on screen looking as if it were.
    if (auto* edit = m_fieldsBox->findChild<QLineEdit*>(QStringLiteral("field-") + key)) {
        edit->setText(m_session->state().fieldValue(key));
    }
}

void ChecklistController::flushFieldEdits()
{
    if (!m_session->hasRun() || m_session->isReadOnly()) {
        return;
    }
    for (const RunbookField& field : std::as_const(m_session->runbook().fields)) {
        auto* edit = m_fieldsBox->findChild<QLineEdit*>(QStringLiteral("field-") + field.key);
        if (edit && edit->text().trimmed() != m_session->state().fieldValue(field.key)) {
            fillField(field.key, edit->text().trimmed());
        }
    }
}

void ChecklistController::showItem(const QString& id)
{
    const QModelIndex source = m_model->indexForItem(id);
    const RunbookSection* section = m_session->runbook().sectionOf(id);
    if (!source.isValid() || !section) {
        return;
    }
    m_tabs->setCurrentIndex(static_cast<int>(section - m_session->runbook().sections.constData()));
    if (QTreeView* tree = currentTree()) {
        tree->setCurrentIndex(m_proxy->mapFromSource(source));
        tree->scrollTo(tree->currentIndex());
        tree->setFocus();
    }
}

void ChecklistController::jumpToNextOpen()
{
    if (!m_session->hasRun()) {
        return;
    }
    const QList<const RunbookItem*> items = m_session->runbook().allItems();
    const RunbookItem* current = currentItem();
    int start = 0;
    for (int i = 0; current && i < items.size(); ++i) {
        if (items.at(i) == current) {
            start = i + 1;
        }
    }
    for (int n = 0; n < items.size(); ++n) {
        const RunbookItem* item = items.at((start + n) % items.size());
        if (!m_session->state().item(item->id).isDone()) {
            // Past the last item: say so, so the jump up is not taken for a jump down.
            if (current && start + n >= items.size()) {
                m_host.showMessage(tr("No open item below %1: back to the first open item, %2.")
                                       .arg(current->id, item->id),
                                   6000);
            }
            showItem(item->id);
            return;
        }
    }
    m_host.showMessage(tr("Every item is done."), 5000);
}

bool ChecklistController::eventFilter(QObject* watched, QEvent* event)
{
    // Enter on an item signs it too: on a war-room keyboard it is the key people reach for.
    if (event->type() == QEvent::KeyPress && m_trees.contains(qobject_cast<QTreeView*>(watched))) {
        auto* key = static_cast<QKeyEvent*>(event);
        // Space on a greyed Sign off says why (the action itself no longer fires).
        const bool greyedSpace = key->key() == Qt::Key_Space && !m_signAction->isEnabled();
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter || greyedSpace) &&
            key->modifiers() == Qt::NoModifier && currentItem()) {
            recordForCurrent(EventKind::Signed);
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace golive
