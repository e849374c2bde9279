// The team runbook corpus (tests/data/teams): where it is, and how many checkboxes GitHub shows
// for each file, asked of GitHub's own engine (the cmark-gfm program with its tasklist
// extension) rather than of golive's reading.
#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace golive::test {

inline QString teamCorpusDir()
{
    return QStringLiteral(GOLIVE_TEST_DATA) + QStringLiteral("/teams");
}

// Every Markdown file of the corpus, by name, sorted.
inline QStringList teamCorpusFiles()
{
    return QDir(teamCorpusDir()).entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name);
}

inline QByteArray readTeamRunbook(const QString& name)
{
    QFile f(teamCorpusDir() + QLatin1Char('/') + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The text GitHub renders: YAML front matter (a first line "---" through the next line "---")
// removed. Lines may end in CRLF.
inline QByteArray withoutFrontMatter(const QByteArray& text)
{
    const QList<QByteArray> lines = text.split('\n');
    auto isFence = [](QByteArray line) {
        if (line.endsWith('\r'))
            line.chop(1);
        return line == "---";
    };
    if (lines.isEmpty() || !isFence(lines.constFirst()))
        return text;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (isFence(lines.at(i))) {
            QByteArray rest;
            for (qsizetype j = i + 1; j < lines.size(); ++j) {
                rest += lines.at(j);
                if (j + 1 < lines.size())
                    rest += '\n';
            }
            return rest;
        }
    }
    return text;
}

// The cmark-gfm program, or an empty string when it is not installed.
inline QString cmarkGfmProgram()
{
    return QStandardPaths::findExecutable(QStringLiteral("cmark-gfm"));
}

// The number of checkboxes cmark-gfm renders for `markdown` (front matter already stripped),
// or -1 with `error` saying why it could not tell; `checked`, when given, receives how many of
// them are ticked in the text ("- [x]").
inline int githubCheckboxCount(const QByteArray& markdown, QString* error, int* checked = nullptr)
{
    QProcess p;
    p.start(cmarkGfmProgram(), {QStringLiteral("--extension"), QStringLiteral("tasklist")});
    if (!p.waitForStarted(30000)) {
        *error = QStringLiteral("cmark-gfm did not start: ") + p.errorString();
        return -1;
    }
    p.write(markdown);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        *error = QStringLiteral("cmark-gfm did not finish within a minute");
        return -1;
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("cmark-gfm failed: ") + QString::fromUtf8(p.readAllStandardError());
        return -1;
    }
    // Checkboxes inside code are escaped ("&lt;input"), so only rendered ones count.
    const QByteArray html = p.readAllStandardOutput();
    if (checked)
        *checked = static_cast<int>(html.count("<input type=\"checkbox\" checked=\"\""));
    return static_cast<int>(html.count("<input type=\"checkbox\""));
}

inline QByteArray cmarkGfmMissing()
{
    return "cmark-gfm is not installed: the team corpus is checked against GitHub's own engine. "
           "Install it with packaging/install-deps.sh (Debian package cmark-gfm).";
}

// How many tabs each corpus file makes: the top heading level that holds items, one tab per
// heading with items, items before any such heading in a first tab of their own, sections with
// no item folded into the tab before them (never an empty checklist tab).
inline int expectedTabCount(const QString& name)
{
    static const QHash<QString, int> tabs{
        {QStringLiteral("cli-release-process.md"), 3},
        {QStringLiteral("dns-migration-links.md"), 3},
        {QStringLiteral("emoji-launch-checklist.md"), 4},
        {QStringLiteral("handbook-style-cutover.md"), 1},
        {QStringLiteral("hotfix-issue-template.md"), 3},
        {QStringLiteral("incident-response-reference.md"), 3},
        {QStringLiteral("k8s-cluster-upgrade.md"), 3},
        {QStringLiteral("mobile-store-release-template.md"), 3},
        {QStringLiteral("no-headings-checklist.md"), 1},
        {QStringLiteral("npm-publish-checklist.md"), 1},
        {QStringLiteral("onboarding-bold-headings.md"), 2},
        {QStringLiteral("orders-db-migration.md"), 6},
        {QStringLiteral("platform-upgrade-phases.md"), 3},
        {QStringLiteral("qa-signoff-plain-parents.md"), 3},
        {QStringLiteral("release-issue-template.md"), 3},
        {QStringLiteral("release-only-heading.md"), 1},
        {QStringLiteral("security-patch-window.md"), 3},
    };
    return tabs.value(name, -1);
}

// A title that is really YAML front matter shown as text ("name: Release about: ...").
inline bool looksLikeFrontMatter(const QString& title)
{
    static const QRegularExpression yaml(
        QStringLiteral("^\\W*(name|about|title|labels|assignees)\\s*:|^-{3,}$"),
        QRegularExpression::CaseInsensitiveOption);
    return yaml.match(title.trimmed()).hasMatch();
}

} // namespace golive::test
