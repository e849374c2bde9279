// Reads a Markdown go-live runbook (cmark-gfm with its tasklist extension) into a Runbook.
#pragma once

#include "Runbook.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace golive {

struct Diagnostic
{
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    QString file;
    SourcePos pos;
    QString message;

    // "FILE:LINE:COL: error: message", the form compilers use, so editors can jump to it.
    QString toString() const;
};

struct RunbookParseResult
{
    Runbook runbook;
    QList<Diagnostic> diagnostics;
    bool ok() const; // no diagnostic of severity Error
};

class RunbookParser
{
public:
    // Largest runbook golive reads; larger files are refused before parsing.
    static constexpr qint64 MaxBytes = 8 * 1024 * 1024;

    // `fileName` is used in diagnostics only.
    static RunbookParseResult parse(const QByteArray& utf8, const QString& fileName);
    static RunbookParseResult parseFile(const QString& path);
};

} // namespace golive
