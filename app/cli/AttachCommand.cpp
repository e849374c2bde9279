// attach and attachments (see AttachCommand.h).
#include "AttachCommand.h"

#include "CliText.h"
#include "SafeText.h"
#include "Settings.h"
#include "evidence/Evidence.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeDatabase>

#include <utility>

namespace golive::cli {

namespace {

constexpr qint64 kMiB = 1024 * 1024;

} // namespace

AttachCommand::AttachCommand(QString name, QString summary)
    : EventCommand(std::move(name), std::move(summary)),
      m_maxSizeOption(QStringLiteral("max-size"),
                      QStringLiteral("The largest file kept, in MiB (default: the setting "
                                     "evidence/maxAttachmentMiB, 25)."),
                      QStringLiteral("MiB"))
{}

QString AttachCommand::description() const
{
    return QStringLiteral(
        "Keeps each FILE as evidence on item ID: its bytes are stored in the run (once per "
        "SHA-256) and an evidence-attached event records its name, size, media type and "
        "SHA-256, so the hash chain covers it. Stops at the first file that cannot be kept (a "
        "folder, a missing or unreadable file, one over the limit, one that changes while it "
        "is read), saying which were recorded already.");
}

QString AttachCommand::usage() const
{
    return QStringLiteral("golive attach ID FILE... --as NAME --role ROLE") +
           SigningOption::usage() + QStringLiteral(" [--run RUN] [--max-size MiB]");
}

void AttachCommand::addOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The item's id, e.g. 4.2."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The files to keep."),
                                 QStringLiteral("FILE..."));
    addActorOptions(parser);
    addRunOption(parser);
    parser.addOption(m_maxSizeOption);
}

int AttachCommand::run(Console& c, const QCommandLineParser& parser)
{
    Actor actor;
    if (const auto code = readActor(c, parser, &actor))
        return *code;
    qint64 maxMiB = Settings::instance()->value(Settings::Key::MaxAttachmentMiB).toLongLong();
    if (parser.isSet(m_maxSizeOption)) {
        bool ok = false;
        maxMiB = parser.value(m_maxSizeOption).toLongLong(&ok);
        if (!ok || maxMiB < 1 || maxMiB > 4096)
            return usageError(c, QStringLiteral("--max-size takes a number of MiB from 1 to "
                                                "4096; nothing was written"));
    }
    if (maxMiB < 1)
        maxMiB = DefaultMaxAttachmentBytes / kMiB;
    const qint64 maxBytes = maxMiB * kMiB;
    QStringList files = parser.positionalArguments();
    const QString itemId = files.takeFirst();

    const auto run = openRun(c, parser);
    if (!run)
        return ExitFailure;
    if (!run->runbook().findItem(itemId)) {
        c.err << "golive attach: there is no item " << quoted(itemId)
              << " in this run's runbook; nothing was written" << Qt::endl;
        return ExitFailure;
    }
    QStringList recorded;
    const auto stop = [&](const QString& why) {
        c.err << "golive attach: " << terminalSafe(why) << Qt::endl;
        c.err << "golive attach: "
              << (recorded.isEmpty() ? QStringLiteral("nothing was recorded")
                                     : QStringLiteral("recorded already: %1; the rest was not")
                                           .arg(terminalSafe(recorded.join(QStringLiteral(", ")))))
              << Qt::endl;
        return ExitFailure;
    };
    const QMimeDatabase mime;
    for (const QString& path : std::as_const(files)) {
        const QFileInfo info(path);
        const QString shownPath = QDir::toNativeSeparators(path);
        if (!info.exists())
            return stop(QStringLiteral("%1 does not exist").arg(shownPath));
        if (info.isDir())
            return stop(QStringLiteral("%1 is a folder; attach the files in it").arg(shownPath));
        if (info.size() > maxBytes)
            return stop(QStringLiteral("%1 is %2; the limit for an attachment is %3 (--max-size)")
                            .arg(shownPath, byteSize(info.size()), byteSize(maxBytes)));
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return stop(QStringLiteral("%1 cannot be read: %2").arg(shownPath, file.errorString()));
        SignOffEvent event;
        event.kind = EventKind::EvidenceAttached;
        event.itemId = itemId;
        event.actor = actor;
        event.text =
            attachmentEventText({info.fileName(),
                                 0,
                                 mime.mimeTypeForFile(info, QMimeDatabase::MatchDefault).name(),
                                 {}});
        QString error;
        if (!run->appendWithBlob(event, &file, info.fileName(), maxBytes, &error))
            return stop(naming(run->path(), error));
        printHeadRecordWarning(c, *run);
        c.out << "#" << event.seq << " attached " << terminalSafe(info.fileName()) << " to "
              << terminalSafe(itemId) << " (" << byteSize(info.size()) << ") sha256 "
              << event.fieldKey << "\n";
        c.out.flush();
        recorded.append(QStringLiteral("#%1 %2").arg(event.seq).arg(info.fileName()));
    }
    return ExitOk;
}

QString extractedName(const SignOffEvent& event)
{
    if (event.kind == EventKind::CommandRun)
        return QStringLiteral("%1-command-output.txt").arg(event.seq);
    QString name = attachmentFromEvent(event) ? attachmentFromEvent(event)->name : QString();
    QString safe;
    for (const QChar ch : std::as_const(name)) {
        if (ch == QLatin1Char('/') || ch == QLatin1Char('\\') ||
            ch.category() == QChar::Other_Control || ch.category() == QChar::Other_Format ||
            ch.category() == QChar::Separator_Line || ch.category() == QChar::Separator_Paragraph)
            safe += QLatin1Char('_');
        else
            safe += ch;
    }
    while (safe.startsWith(QLatin1Char('.')))
        safe.remove(0, 1);
    if (safe.isEmpty())
        safe = QStringLiteral("attachment");
    return QStringLiteral("%1-%2").arg(event.seq).arg(safe.left(200));
}

AttachmentsCommand::AttachmentsCommand(QString name, QString summary)
    : RunCommand(std::move(name), std::move(summary), RunLedger::Access::ReadOnly),
      m_jsonOption(QStringLiteral("json"), QStringLiteral("Print the list as JSON on stdout.")),
      m_extractOption(QStringLiteral("extract"),
                      QStringLiteral("Write every blob to DIR (made if missing; no file there is "
                                     "overwritten) with a SHA256SUMS file for sha256sum -c."),
                      QStringLiteral("DIR"))
{}

QString AttachmentsCommand::description() const
{
    return QStringLiteral("Lists every piece of evidence in a run: attached files and the "
                          "output of commands run, with their event, item, size, SHA-256, who "
                          "and when. --extract writes them out, each checked against its "
                          "SHA-256; exits 1 when one does not match.");
}

QString AttachmentsCommand::usage() const
{
    return QStringLiteral("golive attachments [--run RUN] [--json] [--extract DIR]");
}

void AttachmentsCommand::addOptions(QCommandLineParser& parser)
{
    addRunOption(parser);
    parser.addOption(m_jsonOption);
    parser.addOption(m_extractOption);
}

int AttachmentsCommand::run(Console& c, const QCommandLineParser& parser)
{
    const auto run = openRun(c, parser);
    if (!run)
        return ExitFailure;
    QList<SignOffEvent> evidence;
    for (const SignOffEvent& e : run->events()) {
        if (isEvidence(e.kind))
            evidence.append(e);
    }
    const auto what = [](const SignOffEvent& e) {
        if (const auto a = attachmentFromEvent(e))
            return a->name;
        if (const auto cmd = commandFromEvent(e))
            return cmd->command;
        return QString();
    };
    const auto size = [](const SignOffEvent& e) -> qint64 {
        if (const auto a = attachmentFromEvent(e))
            return a->size;
        if (const auto cmd = commandFromEvent(e))
            return cmd->keptBytes;
        return -1;
    };
    if (parser.isSet(m_jsonOption)) {
        QJsonArray list;
        for (const SignOffEvent& e : std::as_const(evidence)) {
            list.append(QJsonObject{
                {QStringLiteral("seq"), e.seq},
                {QStringLiteral("item"), e.itemId},
                {QStringLiteral("kind"), eventKindName(e.kind)},
                {e.kind == EventKind::CommandRun ? QStringLiteral("command")
                                                 : QStringLiteral("name"),
                 what(e)},
                {QStringLiteral("size"), size(e)},
                {QStringLiteral("sha256"), e.fieldKey},
                {QStringLiteral("actor"), e.actor.name},
                {QStringLiteral("role"), roleName(e.actor.role)},
                {QStringLiteral("time"), e.timeUtc.toUTC().toString(Qt::ISODateWithMs)},
            });
        }
        c.out << QJsonDocument(list).toJson(QJsonDocument::Indented);
    } else if (!parser.isSet(m_extractOption)) {
        QList<QStringList> rows{{QStringLiteral("SEQ"), QStringLiteral("ITEM"),
                                 QStringLiteral("KIND"), QStringLiteral("NAME OR COMMAND"),
                                 QStringLiteral("SIZE"), QStringLiteral("SHA-256"),
                                 QStringLiteral("WHO"), QStringLiteral("WHEN")}};
        for (const SignOffEvent& e : std::as_const(evidence))
            rows.append({QStringLiteral("#%1").arg(e.seq), e.itemId, eventKindName(e.kind), what(e),
                         byteSize(size(e)), e.fieldKey,
                         QStringLiteral("%1 (%2)").arg(e.actor.name, roleName(e.actor.role)),
                         displayTime(e.timeUtc)});
        if (evidence.isEmpty())
            c.out << native(run->path()) << ": no evidence\n";
        else
            c.out << table(rows); // table() makes every cell terminal-safe
    }
    if (!parser.isSet(m_extractOption))
        return ExitOk;

    const QString dirPath = parser.value(m_extractOption);
    QDir dir(dirPath);
    if (!dir.mkpath(QStringLiteral("."))) {
        c.err << "golive attachments: could not make the folder "
              << terminalSafe(QDir::toNativeSeparators(dirPath)) << Qt::endl;
        return ExitFailure;
    }
    if (dir.exists(QStringLiteral("SHA256SUMS"))) {
        c.err << "golive attachments: "
              << terminalSafe(QDir::toNativeSeparators(dir.filePath(QStringLiteral("SHA256SUMS"))))
              << " exists already; golive never overwrites a file: extract into an empty folder"
              << Qt::endl;
        return ExitFailure;
    }
    QStringList sums;
    int failures = 0;
    for (const SignOffEvent& e : std::as_const(evidence)) {
        const QString name = extractedName(e);
        const QString target = dir.filePath(name);
        QFile out(target);
        if (!out.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            c.err << "golive attachments: " << terminalSafe(QDir::toNativeSeparators(target))
                  << (QFileInfo::exists(target)
                          ? QStringLiteral(" exists already; golive never overwrites a file")
                          : QStringLiteral(" could not be written: %1").arg(out.errorString()))
                  << Qt::endl;
            return ExitFailure;
        }
        QString error;
        bool written = true;
        const bool ok = run->readBlob(
            e.fieldKey,
            [&](const QByteArray& chunk) {
                written = out.write(chunk) == chunk.size();
                return written;
            },
            &error);
        out.close();
        if (!ok || !written) {
            // Not left behind as if it were the evidence.
            out.remove();
            c.err << "golive attachments: event #" << e.seq << " (" << terminalSafe(name) << "): "
                  << terminalSafe(written ? error
                                          : QStringLiteral("could not write %1: %2")
                                                .arg(target, out.errorString()))
                  << Qt::endl;
            ++failures;
            continue;
        }
        sums.append(QStringLiteral("%1  %2").arg(e.fieldKey, name));
        c.out << "#" << e.seq << " " << terminalSafe(QDir::toNativeSeparators(target)) << "\n";
    }
    QFile sumsFile(dir.filePath(QStringLiteral("SHA256SUMS")));
    QByteArray sumsText;
    for (const QString& line : std::as_const(sums))
        sumsText += line.toUtf8() + '\n';
    if (!sumsFile.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
        sumsFile.write(sumsText) != sumsText.size()) {
        c.err << "golive attachments: could not write SHA256SUMS: " << sumsFile.errorString()
              << Qt::endl;
        return ExitFailure;
    }
    c.out << "wrote " << sums.size() << " file(s) and SHA256SUMS to "
          << terminalSafe(QDir::toNativeSeparators(dir.absolutePath())) << "\n";
    if (failures > 0) {
        c.err << "golive attachments: " << failures
              << " piece(s) of evidence did not match their SHA-256 and were not written; "
                 "golive verify names them"
              << Qt::endl;
        return ExitFailure;
    }
    return ExitOk;
}

} // namespace golive::cli
