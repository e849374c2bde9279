// The item's commands and the output of the one running, in the details column.
#include "CommandsPane.h"

#include "Runbook.h"
#include "Theme.h"

#include <QFontDatabase>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QVBoxLayout>

#include <climits>

namespace golive {
namespace {

QString elapsedText(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

CommandsPane::CommandsPane(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(tr("Commands"), this)), m_list(new QWidget(this)),
      m_listLayout(new QVBoxLayout(m_list)), m_run(new QWidget(this)), m_status(new QLabel(m_run)),
      m_note(new QLabel(m_run)), m_stop(new QPushButton(tr("Stop"), m_run)),
      m_signOff(new QPushButton(tr("Sign off…"), m_run)), m_output(new QPlainTextEdit(m_run))
{
    setObjectName(QStringLiteral("commandsPane"));
    m_title->setObjectName(QStringLiteral("commandsTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_listLayout->setContentsMargins(0, 0, 0, 0);
    m_listLayout->setSpacing(4);

    m_status->setObjectName(QStringLiteral("commandStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_note->setObjectName(QStringLiteral("commandNote"));
    m_note->setTextFormat(Qt::PlainText);
    m_note->setWordWrap(true);
    m_note->hide();
    m_stop->setObjectName(QStringLiteral("commandStop"));
    m_signOff->setObjectName(QStringLiteral("commandSignOff"));
    m_signOff->hide();
    m_output->setObjectName(QStringLiteral("commandOutput"));
    m_output->setReadOnly(true);
    m_output->setUndoRedoEnabled(false);
    m_output->setMaximumBlockCount(kMaxOutputLines);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // A terminal's colours whatever the theme: the output's own colours were chosen for one.
    m_output->setStyleSheet(
        QStringLiteral("QPlainTextEdit#commandOutput { background: %1; color: %2; "
                       "selection-background-color: %3; }")
            .arg(themeColour(ThemeColour::TerminalBackground).name(),
                 themeColour(ThemeColour::TerminalText).name(),
                 themeColour(ThemeColour::TerminalSelection).name()));
    m_output->setMinimumHeight(120);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_status, 1);
    bar->addWidget(m_signOff);
    bar->addWidget(m_stop);
    auto* runLayout = new QVBoxLayout(m_run);
    runLayout->setContentsMargins(0, 0, 0, 0);
    runLayout->addLayout(bar);
    runLayout->addWidget(m_output, 1);
    runLayout->addWidget(m_note);
    m_run->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_list);
    layout->addWidget(m_run, 1);

    // Often enough that the seconds shown never lag a whole second behind.
    m_tick.setInterval(250);
    connect(&m_tick, &QTimer::timeout, this, &CommandsPane::updateElapsed);
    connect(m_stop, &QPushButton::clicked, this, [this] {
        // Once: the command's group gets SIGTERM, then SIGKILL after a grace.
        m_stop->setEnabled(false);
        m_stop->setText(tr("Stopping…"));
        emit stopRequested();
    });
    connect(m_signOff, &QPushButton::clicked, this, [this] { emit signOffRequested(m_runItem); });
    hide();
}

void CommandsPane::showCommands(const QString& itemId, const QList<RunbookCommand>& commands)
{
    m_itemId = itemId;
    qDeleteAll(m_list->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly));
    m_runButtons.clear();
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (int i = 0; i < commands.size(); ++i) {
        const int block = i + 1;
        auto* row = new QWidget(m_list);
        auto* h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        // The command exactly as the runbook wrote it, as data: a plain text view.
        auto* text = new QPlainTextEdit(row);
        text->setObjectName(QStringLiteral("command-%1").arg(block));
        text->setReadOnly(true);
        text->setFont(mono);
        text->setLineWrapMode(QPlainTextEdit::NoWrap);
        text->setPlainText(commands.at(i).text);
        const int lines = qBound(1, int(commands.at(i).text.count(QLatin1Char('\n'))) + 1, 6);
        // Room for the lines and for the scroll bar a long line brings, so that it never
        // covers the text.
        text->setFixedHeight(QFontMetrics(mono).lineSpacing() * lines + 2 * text->frameWidth() +
                             12 + text->horizontalScrollBar()->sizeHint().height());
        auto* run = new QPushButton(tr("Run…"), row);
        run->setObjectName(QStringLiteral("runCommand-%1").arg(block));
        run->setAccessibleName(tr("Run command %1 of %2").arg(block).arg(itemId));
        connect(run, &QPushButton::clicked, this,
                [this, block] { emit runRequested(m_itemId, block); });
        h->addWidget(text, 1);
        h->addWidget(run, 0, Qt::AlignTop);
        m_listLayout->addWidget(row);
        m_runButtons.append(run);
    }
    m_title->setText(commands.isEmpty() ? tr("Command output") : tr("Commands of %1").arg(itemId));
    m_list->setVisible(!commands.isEmpty());
    setRunBlocked(m_runBlocked);
    updateVisibility();
}

void CommandsPane::setRunBlocked(const QString& why)
{
    m_runBlocked = why;
    for (QPushButton* b : std::as_const(m_runButtons)) {
        b->setEnabled(why.isEmpty());
        b->setToolTip(why.isEmpty() ? tr("Run this command (asks first)") : why);
    }
}

QPushButton* CommandsPane::runButton(int block) const
{
    return block >= 1 && block <= m_runButtons.size() ? m_runButtons.at(block - 1) : nullptr;
}

void CommandsPane::started(const QString& itemId, const QString& command, const QString& workingDir)
{
    m_runItem = itemId;
    m_runCommand = command;
    m_output->clear();
    m_stream = TerminalStream();
    m_openSpan.clear();
    m_lineChars = 0;
    m_note->hide();
    m_signOff->hide();
    m_stop->show();
    m_stop->setEnabled(true);
    m_stop->setText(tr("Stop"));
    m_output->setToolTip(tr("The output of %1, run in %2").arg(itemId, workingDir));
    m_running = true;
    m_runShown = true;
    m_elapsed.start();
    m_tick.start();
    m_run->show();
    updateElapsed();
    updateVisibility();
}

void CommandsPane::appendOutput(const QByteArray& bytes, qint64 skipped)
{
    if (skipped > 0) {
        // The live view dropped part of a flood; the record has it.
        m_stream = TerminalStream();
        m_openSpan.clear();
        appendHtmlLines(QStringLiteral("\n<span style=\"color:%1\">%2</span>\n")
                            .arg(themeColour(ThemeColour::WarningFill).name(),
                                 tr("[%n byte(s) not shown here; the run keeps them]", nullptr,
                                    int(qMin<qint64>(skipped, INT_MAX)))
                                     .toHtmlEscaped()));
    }
    appendHtmlLines(m_stream.htmlChunk(bytes));
}

void CommandsPane::appendHtmlLines(const QString& html)
{
    if (html.isEmpty())
        return;
    QScrollBar* bar = m_output->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 2;
    QTextCursor c(m_output->document());
    c.beginEditBlock();
    c.movePosition(QTextCursor::End);
    // Lines become blocks, so the document's block limit trims the oldest; a span cut by a
    // line break is closed and opened again on the next line.
    QString piece = m_openSpan;
    const auto put = [&](bool lineBreak) {
        if (!m_openSpan.isEmpty())
            piece += QStringLiteral("</span>");
        c.setCharFormat(QTextCharFormat());
        c.insertHtml(QStringLiteral("<span style=\"white-space:pre\">%1</span>").arg(piece));
        if (lineBreak) {
            c.insertBlock(QTextBlockFormat(), QTextCharFormat());
            m_lineChars = 0;
        }
        piece = m_openSpan;
    };
    for (qsizetype i = 0; i < html.size();) {
        const QChar ch = html.at(i);
        if (ch == QLatin1Char('<')) {
            const qsizetype end = html.indexOf(QLatin1Char('>'), i);
            const QString tag = html.mid(i, end < 0 ? -1 : end - i + 1);
            m_openSpan = tag.startsWith(QLatin1String("</")) ? QString() : tag;
            piece += tag;
            i += tag.size();
            continue;
        }
        if (ch == QLatin1Char('\n')) {
            put(true);
            ++i;
            continue;
        }
        if (m_lineChars >= kMaxLineChars)
            put(true);
        // An entity ("&lt;") is one character on screen.
        const qsizetype end = ch == QLatin1Char('&') ? html.indexOf(QLatin1Char(';'), i) : i;
        const qsizetype n = end < 0 ? 1 : end - i + 1;
        piece += html.mid(i, n);
        i += n;
        ++m_lineChars;
    }
    put(false);
    c.endEditBlock();
    if (atEnd)
        bar->setValue(bar->maximum());
}

void CommandsPane::ended(const QString& summary, bool offerSignOff)
{
    m_running = false;
    m_tick.stop();
    m_stop->hide();
    m_signOff->setVisible(offerSignOff);
    m_signOff->setText(tr("Sign off %1…").arg(m_runItem));
    m_status->setText(summary);
}

void CommandsPane::clearRun()
{
    if (m_running)
        return;
    m_runShown = false;
    m_output->clear();
    m_note->hide();
    m_run->hide();
    updateVisibility();
}

void CommandsPane::setNote(const QString& text)
{
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
}

QString CommandsPane::statusText() const
{
    return m_status->text();
}

void CommandsPane::updateElapsed()
{
    if (!m_running)
        return;
    QString shown = m_runCommand.simplified();
    if (shown.size() > 60)
        shown = shown.left(59) + QChar(0x2026);
    m_status->setText(
        tr("Running… %1  —  %2: %3").arg(elapsedText(m_elapsed.elapsed()), m_runItem, shown));
}

void CommandsPane::updateVisibility()
{
    setVisible(!m_runButtons.isEmpty() || m_runShown);
}

} // namespace golive
