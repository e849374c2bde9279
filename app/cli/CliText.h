// Text helpers every command uses: paths, plurals, times, quoting, tables, help prose, and how
// an event or a break in the ledger reads in messages.
#pragma once

#include "Console.h"
#include "RunFile.h"
#include "RunbookParser.h"
#include "SignOffEvent.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace golive::cli {

// The path with the platform's separators; a server URI without its password.
QString native(const QString& path);
// `text` as one word for a POSIX shell, in a command a message suggests (quoted when it holds
// anything but plain path and URI characters: a server URI's '&' or '?').
QString shellArgument(const QString& text);
// "1 item", "3 items".
QString plural(qsizetype n, const char* one, const char* many);
// "2024-05-01 12:00:00 UTC"; empty for an invalid time.
QString displayTime(const QDateTime& time);
// The first 12 hex digits of a hash and an ellipsis.
QString shortHash(const QByteArray& hash);
// A value echoed in a message: on one line, its controls as escapes, so it cannot forge a line.
QString quoted(const QString& s);
// Joins an error and what was kept safe into one sentence, without doubling either.
QString withSafety(QString message, const QString& safe);
// Prefixes the file unless the message already names it.
QString naming(const QString& path, const QString& message);
// The candidates a typo most likely meant, closest first, in their original order on ties.
QStringList nearest(const QString& wanted, const QStringList& candidates);
// "a, b or c".
QString orList(const QStringList& words);
// Word-wraps prose for --help; QCommandLineParser prints descriptions as given.
QString wrap(const QString& text, qsizetype width = 79);
// Every diagnostic on its own line of c.err, as FILE:LINE:COL: severity: message.
void printDiagnostics(Console& c, const QList<Diagnostic>& diagnostics);
// "signed 1.2 by Ana at 2024-05-01 12:00:00 UTC", how an event reads in messages.
QString describeEvent(const SignOffEvent& e);
// "event #7 (signed 1.2 by Ana at …): its contents were changed after it was written", and
// who acknowledged it when someone did.
QString describeBreak(const ChainBreak& b, const ChainVerification& v,
                      const QList<SignOffEvent>& events);
// Left-aligned columns separated by two spaces; the last column is not padded. A cell is one
// line: a line break, CR or escape in a name or note shows as an escape (terminalSafe()), so no
// cell can start a line of its own or hide one.
QString table(QList<QStringList> rows);

} // namespace golive::cli
