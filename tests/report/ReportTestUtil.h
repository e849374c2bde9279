// Shared helpers of the report tests: external readers of the PDF (poppler's pdftotext,
// pdfinfo, pdftoppm and zbar's zbarimg, as an auditor's tools would), and the people who sign.
#pragma once

#include "RunFile.h"
#include "SignOffEvent.h"
#include "SubItems.h"

#include "../ledger/LedgerTestUtil.h"

#include <QByteArray>
#include <QList>
#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace golive::test {

// 15 mm, as writePdf() sets, in PDF points.
constexpr double kMarginPt = 15.0 / 25.4 * 72.0;

struct Tool
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline Tool runTool(const QString& program, const QStringList& args, int timeoutMs = 60000)
{
    QProcess p;
    p.start(program, args);
    Tool t;
    if (!p.waitForStarted(10000)) {
        t.err = "could not start " + program.toUtf8();
        return t;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        t.err = program.toUtf8() + " timed out";
        return t;
    }
    t.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    t.out = p.readAllStandardOutput();
    t.err = p.readAllStandardError();
    return t;
}

// Text with every whitespace character removed: a title that wrapped anywhere still matches.
inline QString squeezed(const QString& s)
{
    QString out;
    out.reserve(s.size());
    for (const QChar c : s) {
        if (!c.isSpace())
            out += c;
    }
    return out;
}

inline QString pdfText(const QString& pdf, int page = 0)
{
    QStringList args{QStringLiteral("-raw"), QStringLiteral("-enc"), QStringLiteral("UTF-8")};
    if (page > 0)
        args << QStringLiteral("-f") << QString::number(page) << QStringLiteral("-l")
             << QString::number(page);
    args << pdf << QStringLiteral("-");
    const Tool t = runTool(QStringLiteral("pdftotext"), args);
    return t.exitCode == 0 ? QString::fromUtf8(t.out) : QString();
}

struct PdfInfo
{
    int pages = 0;
    double width = 0; // points
    double height = 0;
    QString title;
    QString creator;
};

inline PdfInfo pdfInfo(const QString& pdf)
{
    PdfInfo info;
    const Tool t = runTool(QStringLiteral("pdfinfo"), {pdf});
    const QString text = QString::fromUtf8(t.out);
    const QRegularExpression pages(QStringLiteral("^Pages:\\s+(\\d+)"),
                                   QRegularExpression::MultilineOption);
    const QRegularExpression size(QStringLiteral("^Page size:\\s+([\\d.]+) x ([\\d.]+) pts"),
                                  QRegularExpression::MultilineOption);
    const QRegularExpression title(QStringLiteral("^Title:\\s+(.*)$"),
                                   QRegularExpression::MultilineOption);
    const QRegularExpression creator(QStringLiteral("^Creator:\\s+(.*)$"),
                                     QRegularExpression::MultilineOption);
    if (const auto m = pages.match(text); m.hasMatch())
        info.pages = m.captured(1).toInt();
    if (const auto m = size.match(text); m.hasMatch()) {
        info.width = m.captured(1).toDouble();
        info.height = m.captured(2).toDouble();
    }
    if (const auto m = title.match(text); m.hasMatch())
        info.title = m.captured(1).trimmed();
    if (const auto m = creator.match(text); m.hasMatch())
        info.creator = m.captured(1).trimmed();
    return info;
}

struct WordBox
{
    int page = 0;
    double pageWidth = 0;
    double pageHeight = 0;
    double xMin = 0, yMin = 0, xMax = 0, yMax = 0;
    QString text;
};

inline QList<WordBox> wordBoxes(const QString& pdf)
{
    const Tool t =
        runTool(QStringLiteral("pdftotext"), {QStringLiteral("-bbox"), pdf, QStringLiteral("-")});
    const QString html = QString::fromUtf8(t.out);
    const QRegularExpression pageRe(
        QStringLiteral("<page width=\"([\\d.]+)\" height=\"([\\d.]+)\">"));
    const QRegularExpression wordRe(QStringLiteral(
        "<word xMin=\"([-\\d.]+)\" yMin=\"([-\\d.]+)\" xMax=\"([-\\d.]+)\" yMax=\"([-\\d.]+)\">"
        "([^<]*)</word>"));
    QList<WordBox> boxes;
    int page = 0;
    double w = 0;
    double h = 0;
    qsizetype from = 0;
    while (true) {
        const auto pm = pageRe.match(html, from);
        const auto wm = wordRe.match(html, from);
        if (!pm.hasMatch() && !wm.hasMatch())
            break;
        if (pm.hasMatch() && (!wm.hasMatch() || pm.capturedStart() < wm.capturedStart())) {
            ++page;
            w = pm.captured(1).toDouble();
            h = pm.captured(2).toDouble();
            from = pm.capturedEnd();
            continue;
        }
        boxes.append({page, w, h, wm.captured(1).toDouble(), wm.captured(2).toDouble(),
                      wm.captured(3).toDouble(), wm.captured(4).toDouble(), wm.captured(5)});
        from = wm.capturedEnd();
    }
    return boxes;
}

struct Signer
{
    QString name;
    Role role;
};

inline const QList<Signer>& signers()
{
    static const QList<Signer> s{
        {QStringLiteral("Ana Lima"), Role::ReleaseCaptain},
        {QStringLiteral("Marcus Oyelaran-Beckett"), Role::IncidentCommander},
        {QStringLiteral("Priya Raman"), Role::Engineer},
        {QStringLiteral("Jonas Weber"), Role::Engineer},
    };
    return s;
}

// Appends an event; a refusal fails the test unless `refused` is given (then it is counted).
inline bool append(RunFile& run, EventKind kind, const QString& id, const Signer& who,
                   const QString& text = {}, const QString& field = {}, int* refused = nullptr)
{
    SignOffEvent e;
    e.kind = kind;
    e.itemId = id;
    e.fieldKey = field;
    e.text = text;
    e.actor = Actor::local(who.name, who.role);
    // A parent whose sub-items are open is signed over them, naming them (SubItems.h).
    if (const RunbookItem* item = run.runbook().findItem(id); item && kind == EventKind::Signed) {
        const QStringList open = openSubItems(run.state(), *item);
        if (!open.isEmpty())
            e.text = composeOverOpenSubItems(
                text.isEmpty() ? QStringLiteral("sub-items checked off-list") : text, open);
    }
    QString error;
    if (!run.append(e, &error)) {
        if (refused)
            ++*refused;
        else
            qWarning("append %s %s: %s", qPrintable(eventKindName(kind)), qPrintable(id),
                     qPrintable(error));
        return false;
    }
    return true;
}

inline Signer signerFor(const RunbookItem& item, int i)
{
    if (!item.requiredRole.isEmpty()) {
        for (const Signer& s : signers()) {
            if (roleName(s.role) == item.requiredRole)
                return s;
        }
    }
    return signers().at(i % signers().size());
}

inline QByteArray seedText()
{
    return test::readAll(QStringLiteral(GOLIVE_SEED_RUNBOOK));
}

} // namespace golive::test
