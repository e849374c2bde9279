// Markdown runbook -> Runbook: walks the cmark-gfm tree and reports bad input as diagnostics.
#include "RunbookParser.h"

#include "runbook/ByteChecks.h"
#include "runbook/FrontMatter.h"
#include "runbook/Walker.h"
#include "runbook/WorkBounds.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <memory>

namespace golive {

using namespace golive::runbook;

namespace {

// Info by default: a debug line per parse is noise unless someone asks for it.
Q_LOGGING_CATEGORY(lcRunbook, "golive.runbook", QtInfoMsg)

} // namespace

// ---- public API ----

QString Diagnostic::toString() const
{
    const QString where = file.isEmpty() ? QStringLiteral("<input>") : file;
    const QString kind =
        severity == Severity::Error ? QStringLiteral("error") : QStringLiteral("warning");
    if (pos.line <= 0)
        return where + QLatin1String(": ") + kind + QLatin1String(": ") + message;
    return QStringLiteral("%1:%2:%3: %4: %5")
        .arg(where)
        .arg(pos.line)
        .arg(std::max(pos.column, 1))
        .arg(kind, message);
}

bool RunbookParseResult::ok() const
{
    return std::none_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
        return d.severity == Diagnostic::Severity::Error;
    });
}

QStringList RunbookParser::knownRoles()
{
    return {QStringLiteral("incident-commander"), QStringLiteral("release-captain"),
            QStringLiteral("engineer"), QStringLiteral("observer")};
}

namespace {

QString sizeText(qint64 bytes)
{
    return QStringLiteral("%1 bytes (%2 MiB)")
        .arg(bytes)
        .arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

Diagnostic fileError(const QString& file, const QString& message)
{
    return Diagnostic{Severity::Error, file, SourcePos{1, 1}, message};
}

Diagnostic tooLarge(const QString& file, qint64 size)
{
    return fileError(file, QStringLiteral("the runbook is %1; golive reads at most %2")
                               .arg(sizeText(size), sizeText(RunbookParser::MaxBytes)));
}

} // namespace

RunbookParseResult RunbookParser::parse(const QByteArray& utf8, const QString& fileName, int rules)
{
    QElapsedTimer timer;
    timer.start();
    RunbookParseResult result;
    result.runbook.fileName = fileName;
    if (utf8.size() > MaxBytes) {
        result.diagnostics.append(tooLarge(fileName, utf8.size()));
        return result;
    }
    if (isBlank(utf8)) {
        result.diagnostics.append(fileError(fileName, QStringLiteral("the runbook is empty")));
        return result;
    }
    if (const qsizetype markup = markupCount(utf8); markup > MaxMarkup) {
        result.diagnostics.append(
            fileError(fileName, QStringLiteral("the runbook has %1 lines and markup characters "
                                               "(brackets, '*', '>'...); golive reads at most %2. "
                                               "Split it into smaller runbooks")
                                    .arg(markup)
                                    .arg(MaxMarkup)));
        return result;
    }
    int options = CMARK_OPT_SOURCEPOS;
    if (const ByteProblem bad = firstBadByte(utf8); bad.offset >= 0) {
        const SourcePos pos = positionOf(utf8, bad.offset);
        if (bad.nul) {
            result.diagnostics.append(Diagnostic{
                Severity::Error, fileName, pos,
                QStringLiteral("the file contains a NUL byte; it looks like a binary file, not "
                               "a Markdown runbook")});
            return result;
        }
        // Still read the rest: a stray Latin-1 byte should not hide every other problem.
        result.diagnostics.append(
            Diagnostic{Severity::Error, fileName, pos,
                       QStringLiteral("invalid UTF-8 (byte 0x%1); save the runbook as UTF-8")
                           .arg(QString::number(static_cast<unsigned char>(utf8[bad.offset]), 16)
                                    .toUpper()
                                    .rightJustified(2, u'0'))});
        options |= CMARK_OPT_VALIDATE_UTF8;
    }

    static const bool registered = [] {
        cmark_gfm_core_extensions_ensure_registered();
        return true;
    }();
    Q_UNUSED(registered);
    const std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)> parser(
        cmark_parser_new(options), &cmark_parser_free);
    for (const char* name : {"tasklist", "table", "strikethrough", "autolink"}) {
        if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
            cmark_parser_attach_syntax_extension(parser.get(), ext);
        else
            qCWarning(lcRunbook) << "cmark-gfm extension missing:" << name;
    }
    // GitHub does not render YAML front matter; its lines stay, empty, so positions hold.
    QByteArray text = utf8;
    if (rules >= CurrentRules) {
        FrontMatter front = readFrontMatter(utf8);
        if (front.found()) {
            text = withoutFrontMatter(utf8, front);
            result.runbook.metadata = std::move(front.entries);
        }
    }
    const QByteArray bounded = boundTables(text, fileName, result.diagnostics);
    cmark_parser_feed(parser.get(), bounded.constData(), size_t(bounded.size()));
    const std::unique_ptr<cmark_node, decltype(&cmark_node_free)> document(
        cmark_parser_finish(parser.get()), &cmark_node_free);

    result.runbook.rules = rules;
    Walker(result, fileName, rules).run(document.get());
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         return a.pos.line != b.pos.line ? a.pos.line < b.pos.line
                                                         : a.pos.column < b.pos.column;
                     });
    qCDebug(lcRunbook) << "parsed" << fileName << result.runbook.checkableCount() << "items in"
                       << result.runbook.sections.size() << "sections," << result.diagnostics.size()
                       << "diagnostics," << timer.nsecsElapsed() / 1000 << "us";
    return result;
}

RunbookParseResult RunbookParser::parseFile(const QString& path, int rules)
{
    RunbookParseResult result;
    result.runbook.fileName = path;
    const QFileInfo info(path);
    if (info.isDir()) {
        result.diagnostics.append(fileError(
            path, QStringLiteral("cannot read the runbook '%1': it is a directory").arg(path)));
        return result;
    }
    // Refuse before reading: a huge file must not be pulled into memory first.
    if (info.exists() && info.size() > MaxBytes) {
        result.diagnostics.append(tooLarge(path, info.size()));
        return result;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.diagnostics.append(fileError(
            path,
            QStringLiteral("cannot open the runbook '%1': %2").arg(path, file.errorString())));
        return result;
    }
    // Pipes and devices report no size: read one byte past the limit to notice them.
    const QByteArray data = file.read(MaxBytes + 1);
    if (file.error() != QFileDevice::NoError) {
        result.diagnostics.append(fileError(
            path,
            QStringLiteral("cannot read the runbook '%1': %2").arg(path, file.errorString())));
        return result;
    }
    if (data.size() > MaxBytes) {
        result.diagnostics.append(
            fileError(path, QStringLiteral("the runbook is larger than %1; golive reads at most "
                                           "that much")
                                .arg(sizeText(MaxBytes))));
        return result;
    }
    return parse(data, path, rules);
}

} // namespace golive
