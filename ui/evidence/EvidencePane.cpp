// The item's evidence in the details pane: list, preview, Save as… and Open.
#include "EvidencePane.h"

#include "RunSession.h"
#include "SafeText.h"
#include "Theme.h"
#include "evidence/Evidence.h"
#include "evidence/TerminalText.h"

#include <QBuffer>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImageReader>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace golive {
namespace {

enum Column
{
    NameColumn,
    SizeColumn,
    WhoColumn,
    WhenColumn,
    HashColumn,
    ColumnCount
};

// An image is decoded no larger than this (the pane is narrower): a huge PNG never takes the
// memory its full size would. One bigger than kMaxPixels is not decoded at all.
constexpr int kImageBox = 1024;
constexpr qint64 kMaxPixels = 100LL * 1000 * 1000;

bool isPreviewableImage(const QString& mediaType)
{
    return mediaType == QLatin1String("image/png") || mediaType == QLatin1String("image/jpeg");
}

bool looksLikeText(const QString& mediaType, const QByteArray& bytes)
{
    if (mediaType.startsWith(QLatin1String("text/")) ||
        mediaType == QLatin1String("application/json") ||
        mediaType == QLatin1String("application/xml") ||
        mediaType == QLatin1String("application/x-yaml"))
        return true;
    // A log saved under an odd name: text when its start has no NUL byte.
    return !bytes.left(EvidencePane::kTextPreviewBytes).contains('\0');
}

// A file name for a copy in golive's own folder: the record's name, with nothing in it that
// could lead out of the folder or hide the file.
QString copyName(qint64 seq, const QString& name)
{
    QString safe = QFileInfo(name).fileName();
    safe.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._+-]")), QStringLiteral("_"));
    while (safe.startsWith(QLatin1Char('.')))
        safe.remove(0, 1);
    if (safe.isEmpty())
        safe = QStringLiteral("evidence");
    return QStringLiteral("%1-%2").arg(seq).arg(safe);
}

std::pair<QImage, QString> decodeImage(const QByteArray& bytes)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QSize size = reader.size();
    if (!size.isValid() || qint64(size.width()) * size.height() > kMaxPixels) {
        return {QImage(),
                size.isValid()
                    ? EvidencePane::tr("The image is too large to preview (%1×%2).")
                          .arg(size.width())
                          .arg(size.height())
                    : EvidencePane::tr("The image cannot be read: %1").arg(reader.errorString())};
    }
    if (size.width() > kImageBox || size.height() > kImageBox)
        reader.setScaledSize(size.scaled(kImageBox, kImageBox, Qt::KeepAspectRatio));
    QImage image = reader.read();
    if (image.isNull())
        return {image, EvidencePane::tr("The image cannot be read: %1").arg(reader.errorString())};
    return {image, QString()};
}

} // namespace

EvidencePane::EvidencePane(RunSession* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_title(new QLabel(this)),
      m_progressText(new QLabel(this)), m_progress(new QProgressBar(this)),
      m_list(new QTreeWidget(this)), m_preview(new QStackedWidget(this)),
      m_text(new QPlainTextEdit(m_preview)), m_imageLabel(new QLabel(m_preview)),
      m_note(new QLabel(m_preview)), m_save(new QPushButton(tr("Save as…"), this)),
      m_open(new QPushButton(tr("Open"), this))
{
    setObjectName(QStringLiteral("evidencePane"));
    m_title->setObjectName(QStringLiteral("evidenceTitle"));
    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_progressText->setObjectName(QStringLiteral("evidenceProgressText"));
    m_progressText->setTextFormat(Qt::PlainText);
    m_progress->setObjectName(QStringLiteral("evidenceProgress"));
    m_progressText->hide();
    m_progress->hide();

    m_list->setObjectName(QStringLiteral("evidenceList"));
    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels(
        {tr("Name or command"), tr("Size"), tr("Who"), tr("When (UTC)"), tr("SHA-256")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    for (int c = SizeColumn; c < ColumnCount; ++c)
        m_list->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    // A name takes its room from who recorded it (whole in the tooltip), never the reverse.
    m_list->header()->setSectionResizeMode(WhoColumn, QHeaderView::Interactive);
    m_list->header()->resizeSection(WhoColumn, 64);
    m_list->setMinimumHeight(90);

    m_text->setObjectName(QStringLiteral("evidenceText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_imageLabel->setObjectName(QStringLiteral("evidenceImage"));
    m_imageLabel->setAlignment(Qt::AlignCenter);
    m_imageLabel->setMinimumSize(1, 1);
    m_note->setObjectName(QStringLiteral("evidenceNote"));
    m_note->setTextFormat(Qt::PlainText);
    m_note->setWordWrap(true);
    m_note->setAlignment(Qt::AlignCenter);
    m_preview->addWidget(m_note);
    m_preview->addWidget(m_text);
    m_preview->addWidget(m_imageLabel);
    m_preview->setMinimumHeight(120);

    m_save->setObjectName(QStringLiteral("evidenceSaveButton"));
    m_open->setObjectName(QStringLiteral("evidenceOpenButton"));
    m_save->setToolTip(tr("Save a copy of the selected evidence, checked against its SHA-256"));
    m_open->setToolTip(tr("Open a read-only copy of the selected evidence"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_progressText);
    layout->addWidget(m_progress);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_preview, 2);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_save);
    buttons->addWidget(m_open);
    layout->addLayout(buttons);

    m_chooseSavePath = [](QWidget* owner, const QString& suggested) {
        return QFileDialog::getSaveFileName(owner, tr("Save evidence as"), suggested);
    };
    m_openUrl = [](const QUrl& url) { return QDesktopServices::openUrl(url); };

    connect(m_list, &QTreeWidget::currentItemChanged, this, [this] { previewSelected(); });
    connect(m_save, &QPushButton::clicked, this, [this] { chooseAndSave(); });
    connect(m_open, &QPushButton::clicked, this, [this] { openSelected(); });
    connect(m_session, &RunSession::blobRead, this, &EvidencePane::onBlobRead);
    connect(m_session, &RunSession::blobSaved, this, &EvidencePane::onBlobSaved);
    connect(&m_decoder, &QFutureWatcherBase::finished, this, [this] {
        if (m_decoder.property("generation").toULongLong() != m_imageGeneration)
            return; // another selection since
        const auto [image, why] = m_decoder.result();
        m_image = image;
        if (m_image.isNull()) {
            showNote(why);
        } else {
            const QImage shown =
                m_image.width() > 480 || m_image.height() > 360
                    ? m_image.scaled(480, 360, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                    : m_image;
            m_imageLabel->setPixmap(QPixmap::fromImage(shown));
            m_preview->setCurrentWidget(m_imageLabel);
        }
        emit previewShown();
    });
    showItem({});
}

void EvidencePane::showItem(const QString& itemId)
{
    const qint64 keep = itemId == m_itemId ? selectedSeq() : 0;
    m_itemId = itemId;
    rebuild();
    if (keep > 0)
        select(keep);
}

void EvidencePane::rebuild()
{
    m_shown.clear();
    if (!m_itemId.isEmpty() && m_session->hasRun()) {
        for (const SignOffEvent& e : m_session->state().eventsFor(m_itemId)) {
            if (!isEvidence(e.kind))
                continue;
            Shown s;
            s.event = e;
            if (const auto a = attachmentFromEvent(e)) {
                s.name = a->name;
                s.mediaType = a->mediaType;
                s.size = a->size;
            } else if (const auto c = commandFromEvent(e)) {
                s.name = QStringLiteral("command-output-%1.txt").arg(e.seq);
                s.mediaType = QStringLiteral("text/plain");
                s.size = c->keptBytes;
            } else {
                continue; // the rules never let such an event in
            }
            m_shown.append(s);
        }
    }
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    for (const Shown& s : std::as_const(m_shown)) {
        auto* row = new QTreeWidgetItem(m_list);
        const auto command = commandFromEvent(s.event);
        // Names and commands are the record's data: one line, control characters shown.
        const QString what = command ? QStringLiteral("$ ") + command->command : s.name;
        row->setText(NameColumn, displaySafe(what));
        row->setToolTip(NameColumn, displaySafe(evidenceSummary(s.event)));
        row->setText(SizeColumn, byteSize(s.size));
        row->setText(WhoColumn, displaySafe(s.event.actor.name));
        row->setToolTip(WhoColumn, displaySafe(s.event.actor.name) + QStringLiteral(" (") +
                                       roleDisplayName(s.event.actor.role) + QLatin1Char(')'));
        // The time only, so the narrow pane keeps every column; the date in the tooltip.
        row->setText(WhenColumn, s.event.timeUtc.toUTC().toString(QStringLiteral("HH:mm:ss")));
        row->setToolTip(WhenColumn, s.event.timeUtc.toUTC().toString(
                                        QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")));
        row->setText(HashColumn, s.event.fieldKey.left(8) + QStringLiteral("…"));
        row->setToolTip(HashColumn, tr("SHA-256 %1").arg(s.event.fieldKey));
        row->setData(NameColumn, Qt::UserRole, s.event.seq);
    }
    m_title->setText(m_itemId.isEmpty() ? tr("Evidence")
                     : m_shown.isEmpty()
                         ? tr("Evidence: none yet (drop files here, or Item > Attach…)")
                         : tr("Evidence (%1)").arg(m_shown.size()));
    m_list->setVisible(!m_shown.isEmpty());
    m_preview->setVisible(!m_shown.isEmpty());
    m_save->setVisible(!m_shown.isEmpty());
    m_open->setVisible(!m_shown.isEmpty());
    m_list->setCurrentItem(nullptr);
    previewSelected();
}

qint64 EvidencePane::selectedSeq() const
{
    const QTreeWidgetItem* row = m_list->currentItem();
    return row ? row->data(NameColumn, Qt::UserRole).toLongLong() : 0;
}

bool EvidencePane::select(qint64 seq)
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem* row = m_list->topLevelItem(i);
        if (row->data(NameColumn, Qt::UserRole).toLongLong() == seq) {
            m_list->setCurrentItem(row);
            return true;
        }
    }
    return false;
}

const EvidencePane::Shown* EvidencePane::selected() const
{
    const qint64 seq = selectedSeq();
    for (const Shown& s : m_shown) {
        if (seq > 0 && s.event.seq == seq)
            return &s;
    }
    return nullptr;
}

void EvidencePane::showNote(const QString& text)
{
    m_image = {};
    m_note->setText(text);
    m_preview->setCurrentWidget(m_note);
}

void EvidencePane::previewSelected()
{
    ++m_imageGeneration;
    m_previewRequest = 0;
    m_previewBad = false;
    m_text->clear();
    m_imageLabel->clear();
    const Shown* s = selected();
    if (!s) {
        showNote(m_shown.isEmpty() ? QString() : tr("Select evidence to see it."));
        updateButtons();
        return;
    }
    showNote(tr("Reading %1…").arg(displaySafe(s->name)));
    // Read whole, so the store checks it against its SHA-256 before anything is shown; only a
    // blob too big for that shows its start, and says it was not checked.
    const qint64 want = s->size <= kCheckedPreviewBytes ? s->size + 1 : kTextPreviewBytes;
    m_previewRequest = m_session->readBlob(s->event.fieldKey, want);
    updateButtons();
}

void EvidencePane::onBlobRead(quint64 requestId, const QString& sha256, const QByteArray& bytes,
                              bool whole, const QString& error)
{
    if (requestId != m_previewRequest)
        return;
    m_previewRequest = 0;
    const Shown* s = selected();
    if (!s || s->event.fieldKey != sha256)
        return;
    if (!error.isEmpty()) {
        // Never shown, saved or opened as if it were the evidence recorded.
        m_previewBad = true;
        showNote(tr("This evidence does not verify: %1. It is not shown, and cannot be saved "
                    "or opened from here.")
                     .arg(displaySafe(error)));
        updateButtons();
        emit previewShown();
        return;
    }
    updateButtons();
    const bool checked = whole;
    if (isPreviewableImage(s->mediaType) && checked) {
        const quint64 generation = m_imageGeneration;
        m_decoder.setProperty("generation", generation);
        showNote(tr("Decoding the image…"));
        m_decoder.setFuture(QtConcurrent::run([bytes] { return decodeImage(bytes); }));
        return;
    }
    if (!looksLikeText(s->mediaType, bytes)) {
        showNote(tr("No preview for %1 (%2). Save as… or Open to see it.")
                     .arg(displaySafe(s->mediaType), byteSize(s->size)));
        emit previewShown();
        return;
    }
    // Text as a terminal shows it: colour codes and other escapes gone, the remaining
    // controls made visible, never raw.
    QString text = terminalPlainText(bytes.left(kTextPreviewBytes));
    if (s->size > kTextPreviewBytes)
        text += QLatin1Char('\n') + tr("[the first %1 of %2 are shown]")
                                        .arg(byteSize(kTextPreviewBytes), byteSize(s->size));
    if (!checked)
        text += QLatin1Char('\n') + tr("[too large to check for a preview: Save as… checks it "
                                       "against its SHA-256]");
    m_text->setPlainText(text);
    m_preview->setCurrentWidget(m_text);
    emit previewShown();
}

QString EvidencePane::previewText() const
{
    return m_preview->currentWidget() == m_text ? m_text->toPlainText() : QString();
}

QString EvidencePane::previewNote() const
{
    return m_preview->currentWidget() == m_note ? m_note->text() : QString();
}

void EvidencePane::updateButtons()
{
    const bool ok = selected() && !m_previewBad;
    m_save->setEnabled(ok);
    m_open->setEnabled(ok);
}

void EvidencePane::chooseAndSave()
{
    const Shown* s = selected();
    if (!s || m_previewBad)
        return;
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path =
        m_chooseSavePath(this, QDir(folder).filePath(QFileInfo(s->name).fileName()));
    if (!path.isEmpty())
        saveSelectedTo(path);
}

void EvidencePane::saveSelectedTo(const QString& path)
{
    const Shown* s = selected();
    if (!s || m_previewBad)
        return;
    m_saves.insert(m_session->saveBlob(s->event.fieldKey, path), Purpose::Save);
}

void EvidencePane::openSelected()
{
    const Shown* s = selected();
    if (!s || m_previewBad)
        return;
    if (!m_openDir) {
        m_openDir = std::make_unique<QTemporaryDir>(
            QDir(QDir::tempPath()).filePath(QStringLiteral("golive-evidence-XXXXXX")));
        if (!m_openDir->isValid()) {
            const QString why = m_openDir->errorString();
            m_openDir.reset();
            emit problem(
                tr("%1 was not opened: no folder for a copy (%2).").arg(displaySafe(s->name), why));
            return;
        }
    }
    const QString path = m_openDir->filePath(copyName(s->event.seq, s->name));
    if (QFileInfo::exists(path)) { // a copy made earlier in this session, checked then
        onBlobSaved(0, path, {});
        return;
    }
    m_saves.insert(m_session->saveBlob(s->event.fieldKey, path), Purpose::Open);
}

void EvidencePane::onBlobSaved(quint64 requestId, const QString& path, const QString& error)
{
    Purpose purpose = Purpose::Open;
    if (requestId != 0) {
        const auto it = m_saves.constFind(requestId);
        if (it == m_saves.constEnd())
            return;
        purpose = *it;
        m_saves.remove(requestId);
    }
    const QString name = QFileInfo(path).fileName();
    if (purpose == Purpose::Save) {
        if (!error.isEmpty())
            emit problem(tr("%1 was not saved: %2").arg(displaySafe(name), displaySafe(error)));
        emit saved(path, error);
        return;
    }
    QString why = error;
    if (why.isEmpty()) {
        // A copy to look at, not to edit: the run keeps the evidence.
        QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadUser);
        if (!m_openUrl || !m_openUrl(QUrl::fromLocalFile(path)))
            why = tr("no program opened it");
    }
    if (!why.isEmpty())
        emit problem(tr("%1 was not opened: %2").arg(displaySafe(name), displaySafe(why)));
    emit opened(path, why);
}

void EvidencePane::showProgress(const QString& name, qint64 bytesRead, qint64 total)
{
    const bool on = total >= 0;
    m_progress->setVisible(on);
    m_progressText->setVisible(on);
    if (!on)
        return;
    m_progressText->setText(tr("Storing %1 in the run… %2 of %3")
                                .arg(displaySafe(name), byteSize(bytesRead), byteSize(total)));
    // In KiB, so that a file over 2 GiB still fits the bar's int range.
    m_progress->setRange(0, int(qMax<qint64>(total / 1024, 1)));
    m_progress->setValue(int(qMin(bytesRead, total) / 1024));
}

} // namespace golive
