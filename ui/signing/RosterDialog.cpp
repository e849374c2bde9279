// The roster dialog: the roster in force, its history, and a commander's changes to it.
#include "RosterDialog.h"

#include "AllowedSigners.h"
#include "SafeText.h"
#include "SshSignature.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <utility>

namespace golive {

using signing::AllowedSigner;
using signing::AllowedSigners;

QString rosterWords(const RunRoster& roster, const QString& name, const QString& role,
                    const signing::SshPublicKey& key)
{
    if (roster.allowedSigners.trimmed().isEmpty())
        return roster.signaturesRequired ? QObject::tr("This run requires signatures.") : QString();
    QString words;
    const auto signers = AllowedSigners::parse(roster.allowedSigners, &words);
    if (!signers)
        return QObject::tr("The run's roster does not read: %1").arg(words);
    if (signers->allowsAs(name, role, key, signing::kNamespace, false))
        return QObject::tr("On this run's roster for %1.").arg(name);
    if (signers->allows(name, key, signing::kNamespace))
        return QObject::tr("On this run's roster for %1, but not as %2: its sign-offs in that "
                           "role will be refused.")
            .arg(name, role);
    QStringList others;
    for (const AllowedSigner& s : signers->entriesFor(key))
        others += s.principals;
    return others.isEmpty()
               ? QObject::tr("Not on this run's roster: its sign-offs will be refused until a "
                             "commander adds it (Run > Roster).")
               : QObject::tr("On this run's roster for %1, not for %2: its sign-offs will be "
                             "refused.")
                     .arg(others.join(QStringLiteral(", ")), name);
}

RosterDialog::RosterDialog(const RunRoster& initial, const RunRoster& now,
                           const QList<SignOffEvent>& events, std::optional<Actor> me,
                           std::function<void(const SignOffEvent&)> submit, QWidget* parent)
    : QDialog(parent), m_initial(initial), m_now(now), m_events(events), m_me(std::move(me)),
      m_submit(std::move(submit)), m_summary(new QLabel(this)), m_table(new QTableWidget(this)),
      m_history(new QTextBrowser(this)), m_add(new QPushButton(tr("&Add person…"), this)),
      m_remove(new QPushButton(tr("&Remove"), this)),
      m_require(new QPushButton(tr("Require &signatures"), this)), m_why(new QLabel(this))
{
    setWindowTitle(tr("Roster"));
    setObjectName(QStringLiteral("rosterDialog"));
    m_summary->setObjectName(QStringLiteral("rosterSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_table->setObjectName(QStringLiteral("rosterTable"));
    m_table->setAccessibleName(tr("Roster: who signs with which key"));
    m_table->setColumnCount(5);
    m_table->setHorizontalHeaderLabels(
        {tr("Person"), tr("Roles"), tr("Key type"), tr("Fingerprint"), tr("Namespaces")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_history->setObjectName(QStringLiteral("rosterHistory"));
    m_history->setAccessibleName(tr("How the roster changed"));
    m_history->setOpenLinks(false);
    m_add->setObjectName(QStringLiteral("rosterAdd"));
    m_remove->setObjectName(QStringLiteral("rosterRemove"));
    m_require->setObjectName(QStringLiteral("rosterRequire"));
    m_why->setObjectName(QStringLiteral("rosterWhy"));
    m_why->setTextFormat(Qt::PlainText);
    m_why->setWordWrap(true);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addWidget(m_require);
    buttons->addStretch();
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 2);
    layout->addLayout(buttons);
    layout->addWidget(m_why);
    layout->addWidget(new QLabel(tr("History:"), this));
    layout->addWidget(m_history, 1);
    layout->addWidget(close);
    connect(m_add, &QPushButton::clicked, this, &RosterDialog::addPerson);
    connect(m_remove, &QPushButton::clicked, this, &RosterDialog::removeSelected);
    connect(m_require, &QPushButton::clicked, this, &RosterDialog::requireSignatures);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &RosterDialog::fill);
    fill();
    resize(1040, 520);
}

void RosterDialog::fill()
{
    QString words;
    const auto signers = AllowedSigners::parse(m_now.allowedSigners, &words);
    const int selected = m_table->currentRow();
    {
        const QSignalBlocker block(m_table);
        m_table->setRowCount(0);
        if (signers) {
            for (const AllowedSigner& s : signers->entries()) {
                const int row = m_table->rowCount();
                m_table->insertRow(row);
                QStringList names;
                for (const QString& p : s.principals) {
                    if (!p.startsWith(signing::kRolePrefix))
                        names.append(p);
                }
                const QStringList roles = signing::rolesOf(s);
                const QStringList cells{
                    displaySafe(names.join(QStringLiteral(", "))),
                    roles.isEmpty() ? tr("any but roster changes")
                                    : displaySafe(roles.join(QStringLiteral(", "))),
                    s.key.type, s.key.fingerprint(),
                    s.namespaces.isEmpty() ? tr("any")
                                           : displaySafe(s.namespaces.join(QStringLiteral(", ")))};
                for (int c = 0; c < cells.size(); ++c)
                    m_table->setItem(row, c, new QTableWidgetItem(cells.at(c)));
            }
        }
        m_table->resizeColumnsToContents();
        if (selected >= 0 && selected < m_table->rowCount())
            m_table->selectRow(selected);
    }
    QString summary;
    if (!signers)
        summary = tr("The roster does not read: %1").arg(words);
    else if (signers->isEmpty())
        summary = tr("This run has no roster: sign-offs may be signed, but no key is vouched "
                     "for by the run.");
    else
        summary = signers->entries().size() == 1
                      ? tr("1 key on the roster. ")
                      : tr("%1 keys on the roster. ").arg(signers->entries().size());
    summary += m_now.signaturesRequired
                   ? tr("Every sign-off must be signed.")
                   : tr("Signatures are optional: unsigned sign-offs are allowed and counted.");
    m_summary->setText(displaySafe(summary));

    QStringList history;
    if (!m_initial.allowedSigners.isEmpty())
        history << tr("<p>Made with a roster%1.</p>")
                       .arg(m_initial.signaturesRequired ? tr(" that requires signatures")
                                                         : QString());
    for (const SignOffEvent& e : std::as_const(m_events)) {
        if (e.kind != EventKind::RosterChanged)
            continue;
        history << tr("<p>#%1 %2 UTC: <b>%3</b> by %4 (%5), key %6</p>")
                       .arg(e.seq)
                       .arg(e.timeUtc.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                            htmlSafe(e.fieldKey), htmlSafe(e.actor.name),
                            roleDisplayName(e.actor.role),
                            htmlSafe(e.signature.keyFingerprint.isEmpty()
                                         ? tr("(unsigned)")
                                         : e.signature.keyFingerprint));
    }
    if (history.isEmpty())
        history << tr("<p>No changes.</p>");
    m_history->setHtml(history.join(QString()));

    QString why;
    const bool commander =
        m_me && (m_me->role == Role::IncidentCommander || m_me->role == Role::ReleaseCaptain);
    if (!m_me)
        why = tr("Choose who is on duty first (Ctrl+Shift+O).");
    else if (!commander)
        why = tr("Only the incident commander or the release captain changes the roster.");
    else if (m_me->signingKey.isEmpty())
        why = tr("A change to the roster is signed: choose your key first (Ctrl+Shift+O).");
    const bool may = why.isEmpty() && signers.has_value();
    m_add->setEnabled(may);
    m_remove->setEnabled(may && m_table->currentRow() >= 0 && m_table->rowCount() > 1);
    m_require->setEnabled(may && !m_now.signaturesRequired && signers && !signers->isEmpty());
    m_why->setText(why);
    m_why->setVisible(!why.isEmpty());
}

void RosterDialog::submitChange(const QString& change, const QString& newRoster)
{
    SignOffEvent e;
    e.kind = EventKind::RosterChanged;
    e.fieldKey = change;
    e.text = newRoster;
    e.actor = *m_me;
    m_submit(e);
    accept(); // the window shows the refusal, or the roster changed, as for any sign-off
}

void RosterDialog::addPerson()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Add to the roster"),
                                               tr("The person's name, as they sign on duty:"),
                                               QLineEdit::Normal, QString(), &ok)
                             .simplified();
    if (!ok || name.isEmpty())
        return;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("%1's public key").arg(name), QString(), tr("Public keys (*.pub);;All files (*)"));
    if (path.isEmpty())
        return;
    // The role the key signs in: one, or any but changing the roster.
    const QString any = tr("Any role but changing the roster");
    const QString role = QInputDialog::getItem(
        this, tr("Add to the roster"), tr("%1 signs as:").arg(name),
        {any, roleName(Role::IncidentCommander), roleName(Role::ReleaseCaptain),
         roleName(Role::Engineer), roleName(Role::Observer)},
        0, false, &ok);
    if (!ok)
        return;
    QString words;
    const auto key = signing::SshPublicKey::fromFile(path, &words);
    QString line;
    if (key && signing::acceptableForSigning(*key, &words))
        line = AllowedSigners::lineFor(name, *key, &words,
                                       role == any ? QStringList() : QStringList{role});
    if (line.isEmpty()) {
        QMessageBox::warning(this, tr("Add to the roster"), displaySafe(words));
        return;
    }
    QString roster = m_now.allowedSigners;
    if (!roster.isEmpty() && !roster.endsWith(QLatin1Char('\n')))
        roster += QLatin1Char('\n');
    submitChange(QStringLiteral("add"), roster + line + QLatin1Char('\n'));
}

void RosterDialog::removeSelected()
{
    const int row = m_table->currentRow();
    const auto signers = AllowedSigners::parse(m_now.allowedSigners, nullptr);
    if (!signers || row < 0 || row >= signers->entries().size())
        return;
    const int line = signers->entries().at(row).lineNumber;
    QStringList lines = m_now.allowedSigners.split(QLatin1Char('\n'));
    if (line < 1 || line > lines.size())
        return;
    lines.removeAt(line - 1);
    submitChange(QStringLiteral("remove"), lines.join(QLatin1Char('\n')));
}

void RosterDialog::requireSignatures()
{
    if (QMessageBox::question(this, tr("Require signatures"),
                              tr("From now on every sign-off in this run must be signed with a "
                                 "key on the roster. A run never goes back to optional "
                                 "signatures. Require them?")) != QMessageBox::Yes)
        return;
    submitChange(QStringLiteral("require-signatures"), m_now.allowedSigners);
}

} // namespace golive
