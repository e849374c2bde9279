// Shared helpers of the runbook parser tests: the seed, test data, diagnostics as text.
#pragma once

#include "RunbookParser.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace golive::test {

inline QString seedPath()
{
    return QStringLiteral(GOLIVE_SEED_RUNBOOK);
}

inline QString dataPath(const char* name)
{
    return QStringLiteral(GOLIVE_RUNBOOK_DATA "/") + QLatin1String(name);
}

inline const RunbookParseResult& seed()
{
    static const RunbookParseResult result = RunbookParser::parseFile(seedPath());
    return result;
}

inline QString diagnosticsText(const RunbookParseResult& r)
{
    QStringList lines;
    for (const Diagnostic& d : r.diagnostics)
        lines << d.toString();
    return lines.join(u'\n');
}

inline RunbookParseResult parseText(const QByteArray& text, int rules = RunbookParser::CurrentRules)
{
    return RunbookParser::parse(text, QStringLiteral("team.md"), rules);
}

// The first diagnostic of `severity` whose message contains `needle`, or nullptr.
inline const Diagnostic* findDiagnostic(const RunbookParseResult& r, Diagnostic::Severity severity,
                                        const QString& needle)
{
    for (const Diagnostic& d : r.diagnostics)
        if (d.severity == severity && d.message.contains(needle))
            return &d;
    return nullptr;
}

// "N Title" per tab, as the tab bar numbers them.
inline QStringList sectionTitles(const Runbook& rb)
{
    QStringList out;
    for (const RunbookSection& s : rb.sections)
        out << s.number + u' ' + s.title;
    return out;
}

inline QStringList ids(const Runbook& rb)
{
    QStringList out;
    const QList<const RunbookItem*> items = rb.allItems();
    for (const RunbookItem* item : items)
        out << item->id;
    return out;
}

inline const std::function<QString(const QString&)> noValues = [](const QString&) {
    return QString();
};

} // namespace golive::test
