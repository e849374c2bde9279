// The signed checklist as PDF / printout, Markdown and JSON.
//
// The PDF is laid out on the device itself (QPdfWriter or QPrinter) as a list of pieces:
// flowing rich text (HTML for QTextDocument, every piece of run data escaped) and table rows
// (plain text through QTextLayout, an item's body as rich text; grid and fills drawn by the
// painter). Pieces are placed on pages of the body (the printable area less a header and a
// footer band), each whole on one page; a table's header is repeated where it continues. Every
// page then gets its header and footer, and the last page the sign-off block (signatures and
// the QR code), drawn so that it never splits across pages.
#include "ChecklistReport.h"

#include "AsyncLedger.h"
#include "ExportTarget.h"
#include "RunState.h"
#include "SafeText.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QFont>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPageLayout>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPdfWriter>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextFrameFormat>
#include <QTextLayout>
#include <QTextOption>

#include <qrencode.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

namespace golive {

namespace {

constexpr double kMinMarginMm = 12.0;
constexpr double kPdfMarginMm = 15.0;

// Text from the run or the runbook as rich text: escaped, control characters and text-direction
// controls shown as escapes, right-to-left text isolated (htmlSafe()).
QString esc(const QString& s)
{
    return htmlSafe(s);
}

// "2026-05-01 10:00:00 UTC"; an em dash for no time.
QString utcText(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))
                       : QStringLiteral("\u2014");
}

QString jsonTime(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")) : QString();
}

QJsonValue orNull(const QString& s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

// The run folded: item states and field values, plus what every part of the report shares.
struct Folded
{
    explicit Folded(const ReportInput& in)
        : input(in), state(&in.runbook), head(reportHead(in)),
          generated(in.generatedAtUtc.isValid() ? in.generatedAtUtc.toUTC()
                                                : QDateTime::currentDateTimeUtc())
    {
        for (const SignOffEvent& e : in.events) {
            state.apply(e);
            if (!e.itemId.isEmpty())
                byItem[e.itemId].append(&e);
        }
    }

    QString value(const QString& key) const { return state.fieldValue(key); }
    std::function<QString(const QString&)> valueOf() const
    {
        return [this](const QString& key) { return state.fieldValue(key); };
    }
    // Rich text (from the parser) with placeholders filled; unfilled ones in italics and
    // underlined, which reads in grayscale (the window's yellow marker does not).
    QString html(const QString& richText) const
    {
        QString out = renderHtml(richText, input.runbook, valueOf());
        out.replace(QStringLiteral("<span style=\"background:#fff3b0;color:#000\">"),
                    QStringLiteral("<span style=\"font-style:italic;text-decoration:underline\">"));
        return out;
    }
    QString plain(const QString& text) const { return renderPlain(text, input.runbook, valueOf()); }
    QList<const SignOffEvent*> eventsOf(const QString& itemId) const
    {
        return byItem.value(itemId);
    }

    const ReportInput& input;
    RunState state;
    QByteArray head;
    QDateTime generated;
    QHash<QString, QList<const SignOffEvent*>> byItem;
};

// ---------------------------------------------------------------------------------------------
// What the first page names: the go-live window and the two people who sign.

bool mentions(const RunbookField& f, const QString& words)
{
    const QString slug = QString(words).replace(QLatin1Char(' '), QLatin1Char('-'));
    return f.key.contains(slug, Qt::CaseInsensitive) ||
           f.label.contains(words, Qt::CaseInsensitive) ||
           f.templateValue.contains(words, Qt::CaseInsensitive);
}

const RunbookField* fieldFor(const Runbook& rb, const QString& words)
{
    for (const RunbookField& f : rb.fields) {
        if (mentions(f, words))
            return &f;
    }
    return nullptr;
}

const RunbookField* fieldLabelled(const Runbook& rb, const QStringList& labels)
{
    for (const QString& label : labels) {
        for (const RunbookField& f : rb.fields) {
            if (f.label.compare(label, Qt::CaseInsensitive) == 0)
                return &f;
        }
    }
    return nullptr;
}

struct FieldShown
{
    QString text;
    bool filled = false; // a value is there (filled, or fixed by the runbook)
    bool exists = false; // the runbook has such a field
    const SignOffEvent* setBy = nullptr;
};

const SignOffEvent* lastFill(const Folded& f, const QString& key)
{
    const SignOffEvent* last = nullptr;
    for (const SignOffEvent& e : f.input.events) {
        if (e.kind == EventKind::FieldFilled && e.fieldKey == key)
            last = &e;
    }
    return last;
}

FieldShown shown(const Folded& f, const RunbookField* field)
{
    FieldShown s;
    if (!field)
        return s;
    s.exists = true;
    const QString value = f.value(field->key);
    if (!value.isEmpty()) {
        s.text = value;
        s.filled = true;
        s.setBy = lastFill(f, field->key);
    } else if (!field->isPlaceholder) {
        s.text = field->templateValue;
        s.filled = true;
    } else {
        s.text = field->templateValue;
    }
    return s;
}

struct Person
{
    Role role;
    QString title;    // "Incident Commander"
    QString name;     // printed name, may be empty
    QString fromWhat; // where the name came from
};

Person personFor(const Folded& f, Role role)
{
    Person p{role, roleDisplayName(role), {}, {}};
    const FieldShown s = shown(f, fieldFor(f.input.runbook, p.title));
    if (s.exists && s.filled) {
        p.name = s.text;
        p.fromWhat = QStringLiteral("from the run's fields");
        return p;
    }
    for (auto it = f.input.events.crbegin(); it != f.input.events.crend(); ++it) {
        if (it->actor.role == role && !it->actor.name.trimmed().isEmpty()) {
            p.name = it->actor.name;
            p.fromWhat = QStringLiteral("the last %1 in the ledger").arg(roleName(role));
            return p;
        }
    }
    return p;
}

struct Window
{
    FieldShown start;
    FieldShown end;
    FieldShown date;
};

Window windowOf(const Folded& f)
{
    const Runbook& rb = f.input.runbook;
    return {shown(f, fieldLabelled(rb, {QStringLiteral("Start"), QStringLiteral("Window Start"),
                                        QStringLiteral("Go-Live Start")})),
            shown(f, fieldLabelled(rb, {QStringLiteral("End"), QStringLiteral("Window End"),
                                        QStringLiteral("Go-Live End")})),
            shown(f, fieldLabelled(rb, {QStringLiteral("Go-Live Date"), QStringLiteral("Date"),
                                        QStringLiteral("Go-Live Window")}))};
}

// ---------------------------------------------------------------------------------------------
// Counting.

struct Counts
{
    int total = 0;
    int signedCount = 0;
    int notApplicable = 0;
    int blocked = 0;
    int open = 0;
    int preChecked = 0;

    void add(ItemStatus s)
    {
        ++total;
        switch (s) {
        case ItemStatus::Signed:
            ++signedCount;
            break;
        case ItemStatus::NotApplicable:
            ++notApplicable;
            break;
        case ItemStatus::Blocked:
            ++blocked;
            break;
        case ItemStatus::Open:
            ++open;
            break;
        case ItemStatus::CheckedInTemplate:
            ++preChecked;
            break;
        }
    }
    void add(const Counts& o)
    {
        total += o.total;
        signedCount += o.signedCount;
        notApplicable += o.notApplicable;
        blocked += o.blocked;
        open += o.open;
        preChecked += o.preChecked;
    }
};

void countInto(const QList<RunbookItem>& items, const RunState& state, Counts& c)
{
    for (const RunbookItem& item : items) {
        c.add(state.item(item.id).status);
        countInto(item.children, state, c);
    }
}

Counts sectionCounts(const RunbookSection& s, const RunState& state)
{
    Counts c;
    for (const RunbookGroup& g : s.groups)
        countInto(g.items, state, c);
    return c;
}

QString statusWord(ItemStatus s)
{
    switch (s) {
    case ItemStatus::Signed:
        return QStringLiteral("SIGNED");
    case ItemStatus::NotApplicable:
        return QStringLiteral("N/A");
    case ItemStatus::Blocked:
        return QStringLiteral("BLOCKED");
    case ItemStatus::Open:
        return QStringLiteral("OPEN");
    case ItemStatus::CheckedInTemplate:
        return QStringLiteral("PRE-CHECKED");
    }
    return {};
}

QString eventSubject(const Folded& f, const SignOffEvent& e)
{
    if (e.kind == EventKind::FieldFilled) {
        const RunbookField* field = f.input.runbook.findField(e.fieldKey);
        return QStringLiteral("field ") + (field ? field->label : e.fieldKey);
    }
    if (e.kind == EventKind::ChainBreakAcknowledged)
        return QStringLiteral("breaks ") + e.fieldKey;
    QString subject;
    if (!e.itemId.isEmpty()) {
        const RunbookItem* item = f.input.runbook.findItem(e.itemId);
        subject = item ? QString(e.itemId + QLatin1Char(' ') + f.plain(item->title))
                       : QString(e.itemId + QStringLiteral(" (not in this runbook)"));
    }
    // Other kinds may name something in fieldKey (a phase, a decision, an override).
    if (!e.fieldKey.isEmpty())
        subject += (subject.isEmpty() ? QString() : QStringLiteral(" \u00b7 ")) + e.fieldKey;
    return subject;
}

// ---------------------------------------------------------------------------------------------
// The document: a list of pieces, each kept whole on one page (a piece taller than a page is
// sliced). A piece is flowing rich text (HTML in QTextDocument's subset, every piece of run
// data escaped) or one row of a table: cells of plain text laid out with QTextLayout, or rich
// text for an item's body, with the grid and the fills drawn by the painter. A table's header
// row is repeated, under a "(continued)" line, on every page the table continues on.

constexpr double kBodyPt = 9.0;
constexpr double kSmallPt = 7.5;

// No ligatures: "fi" must stay two letters for pdftotext, search and copy-paste.
QFont reportFont(double pt, bool bold = false, bool mono = false, bool italic = false)
{
    QFont font(mono ? QStringLiteral("DejaVu Sans Mono") : QStringLiteral("DejaVu Sans"));
    font.setStyleHint(mono ? QFont::Monospace : QFont::SansSerif);
    font.setPointSizeF(pt);
    font.setBold(bold);
    font.setItalic(italic);
    font.setStyleStrategy(QFont::PreferNoShaping);
    return font;
}

const char* const kCss = R"(
h1 { font-size: 17pt; font-weight: bold; margin-top: 0px; margin-bottom: 4px; }
h2 { font-size: 12.5pt; font-weight: bold; margin-top: 0px; margin-bottom: 4px; }
h3 { font-size: 10.5pt; font-weight: bold; margin-top: 8px; margin-bottom: 3px; }
p { margin-top: 0px; margin-bottom: 0px; }
th { font-weight: bold; text-align: left; background-color: #e6e6e6; }
.small { font-size: 7.5pt; }
.detail { font-size: 7.5pt; color: #222222; }
.mono { font-family: 'DejaVu Sans Mono', monospace; }
.kicker { font-size: 8pt; font-weight: bold; letter-spacing: 1px; }
a { color: #000000; text-decoration: underline; }
)";

QString tableOpen(int cellPadding)
{
    return QStringLiteral("<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"%1\" "
                          "style=\"border-collapse:collapse;border-color:#555555;"
                          "border-style:solid\">")
        .arg(cellPadding);
}

// A line (or paragraph) of plain text in one font.
struct Para
{
    QString text;
    QFont font;
};

enum class Fill
{
    None,
    Black, // unsigned: white on black
    Gray,  // not applicable
    Header
};

struct GridCell
{
    QList<Para> paras;
    QString html; // rich text (an item's title, notes and details) instead of paras
    int indent = 0;
    Fill fill = Fill::None;
    bool right = false;
};

struct Unit
{
    QString html;              // a flowing piece, or
    QList<GridCell> cells;     // a table row
    bool keepWithNext = false; // on the same page as the next piece (headings, table headers)
    bool breakBefore = false;  // starts a page
    int table = -1;            // the table this is a row or the header of
    bool header = false;
    double spaceBeforeMm = 0; // above it, unless it starts a page
};

struct TableSpec
{
    QList<double> widths; // percent
    QString continuedHtml;
    int headerUnit = -1;
};

class Units
{
public:
    void flow(const QString& html, bool keepWithNext = false, bool breakBefore = false)
    {
        const double space = html.startsWith(QStringLiteral("<h2"))   ? 7.0
                             : html.startsWith(QStringLiteral("<h3")) ? 3.5
                                                                      : 1.5;
        Unit u;
        u.html = html;
        u.keepWithNext = keepWithNext;
        u.breakBefore = breakBefore;
        u.spaceBeforeMm = space;
        units.append(u);
    }

    // `continued` is plain text: "4. Cutover Plan & Runbook".
    int table(const QList<double>& widths, const QStringList& headers, const QString& continued,
              double pt = kBodyPt, const QList<bool>& right = {})
    {
        TableSpec t;
        t.widths = widths;
        t.continuedHtml =
            QStringLiteral("<p class=\"small\"><i>%1 (continued)</i></p>").arg(esc(continued));
        t.headerUnit = int(units.size());
        tables.append(t);
        Unit u;
        for (int i = 0; i < headers.size(); ++i) {
            GridCell c;
            c.paras = {{headers.at(i), reportFont(pt, true)}};
            c.fill = Fill::Header;
            c.right = right.value(i);
            u.cells.append(c);
        }
        u.keepWithNext = true;
        u.table = int(tables.size()) - 1;
        u.header = true;
        u.spaceBeforeMm = 1.0;
        units.append(u);
        return u.table;
    }

    void row(int table, const QList<GridCell>& cells, bool keepWithNext = false)
    {
        Unit u;
        u.cells = cells;
        u.table = table;
        u.keepWithNext = keepWithNext;
        units.append(u);
    }

    QList<Unit> units;
    QList<TableSpec> tables;
};

GridCell textCell(const QString& text, const QFont& font, Fill fill = Fill::None)
{
    GridCell c;
    c.paras = {{text, font}};
    c.fill = fill;
    return c;
}

GridCell parasCell(const QList<Para>& paras)
{
    GridCell c;
    c.paras = paras;
    return c;
}

QString fieldHtml(const FieldShown& s)
{
    if (!s.exists)
        return QStringLiteral("<i>not in this runbook</i>");
    if (!s.filled)
        return QStringLiteral("<b>NOT FILLED</b> <i>(%1)</i>").arg(esc(s.text));
    return QStringLiteral("<b>%1</b>").arg(esc(s.text));
}

QString runInfoHtml(const Folded& f)
{
    const ReportInput& in = f.input;
    const ChainVerification& v = in.verification;
    const Progress total = f.state.totalProgress();
    QString h = tableOpen(3);
    const auto row = [&h](const QString& label, const QString& valueHtml) {
        h += QStringLiteral("<tr><td width=\"22%\"><b>%1</b></td><td width=\"78%\">%2</td></tr>")
                 .arg(esc(label), valueHtml);
    };
    row(QStringLiteral("Run id"),
        QStringLiteral("<span class=\"mono\">%1</span>").arg(esc(in.runId)));
    if (!in.runPath.isEmpty())
        row(QStringLiteral("Run file"), esc(in.runPath));
    row(QStringLiteral("Runbook"),
        QStringLiteral("%1<br/><span class=\"mono small\">SHA-256 %2</span>")
            .arg(esc(in.runbookName.isEmpty() ? QStringLiteral("\u2014") : in.runbookName),
                 esc(in.runbookSha256)));
    if (in.createdUtc.isValid())
        row(QStringLiteral("Run created"), utcText(in.createdUtc));
    row(QStringLiteral("Report generated"), utcText(f.generated));
    row(QStringLiteral("Progress"),
        QStringLiteral("%1 of %2 items done").arg(total.done).arg(total.total));
    QString ledger;
    if (v.intact()) {
        ledger = QStringLiteral("intact: %1 event%2, every hash verified")
                     .arg(in.events.size())
                     .arg(in.events.size() == 1 ? QString() : QStringLiteral("s"));
    } else {
        ledger = QStringLiteral("<b>BROKEN</b>: %1").arg(esc(v.summary()));
    }
    row(QStringLiteral("Ledger"), ledger);
    row(QStringLiteral("Ledger head"),
        QStringLiteral("<span class=\"mono\">%1</span>").arg(esc(QString::fromLatin1(f.head))));
    return h + QStringLiteral("</table>");
}

QString peopleHtml(const Folded& f)
{
    const Window w = windowOf(f);
    QString window;
    if (w.start.exists || w.end.exists) {
        window = fieldHtml(w.start) + QStringLiteral(" &nbsp;to&nbsp; ") + fieldHtml(w.end);
        if (w.date.exists)
            window += QStringLiteral(" &nbsp;(go-live date %1)").arg(fieldHtml(w.date));
    } else {
        window = fieldHtml(w.date);
    }
    const auto person = [](const Person& p) {
        if (p.name.isEmpty())
            return QStringLiteral("<b>NOT NAMED</b> <i>(no field filled, no sign-off in this "
                                  "role)</i>");
        return QStringLiteral("<b>%1</b> <span class=\"small\">(%2)</span>")
            .arg(esc(p.name), esc(p.fromWhat));
    };
    QString h = tableOpen(4);
    h += QStringLiteral("<tr><td width=\"22%\"><b>Go-live window</b></td><td width=\"78%\">%1"
                        "</td></tr>")
             .arg(window);
    h += QStringLiteral("<tr><td><b>Incident commander</b></td><td>%1</td></tr>")
             .arg(person(personFor(f, Role::IncidentCommander)));
    h += QStringLiteral("<tr><td><b>Release captain</b></td><td>%1</td></tr>")
             .arg(person(personFor(f, Role::ReleaseCaptain)));
    return h + QStringLiteral("</table>");
}

void fieldsUnits(const Folded& f, Units& u)
{
    const Runbook& rb = f.input.runbook;
    if (rb.fields.isEmpty()) {
        u.flow(QStringLiteral("<h2>Fields</h2><p><i>This runbook has no fields.</i></p>"));
        return;
    }
    u.flow(QStringLiteral("<h2>Fields</h2>"), true);
    const int t =
        u.table({26, 44, 30},
                {QStringLiteral("Field"), QStringLiteral("Value"), QStringLiteral("Filled by")},
                QStringLiteral("Fields"));
    const QFont body = reportFont(kBodyPt);
    const QFont bold = reportFont(kBodyPt, true);
    const QFont small = reportFont(kSmallPt);
    const QFont smallItalic = reportFont(kSmallPt, false, false, true);
    for (const RunbookField& field : rb.fields) {
        const FieldShown s = shown(f, &field);
        GridCell value;
        if (s.filled)
            value = textCell(s.text, bold);
        else
            value = parasCell(
                {{QStringLiteral("NOT FILLED"), bold},
                 {QStringLiteral("(%1)").arg(s.text), reportFont(kBodyPt, false, false, true)}});
        GridCell by;
        if (s.setBy)
            by = parasCell({{QStringLiteral("%1 (%2)").arg(s.setBy->actor.name,
                                                           roleDisplayName(s.setBy->actor.role)),
                             small},
                            {utcText(s.setBy->timeUtc), small}});
        else if (field.isPlaceholder)
            by = textCell(QStringLiteral("\u2014"), small);
        else
            by = textCell(QStringLiteral("fixed by the runbook"), smallItalic);
        u.row(t, {textCell(field.label, body), value, by});
    }
}

void summaryUnits(const Folded& f, Units& u)
{
    const Runbook& rb = f.input.runbook;
    Counts all;
    QList<Counts> per;
    for (const RunbookSection& s : rb.sections) {
        per.append(sectionCounts(s, f.state));
        all.add(per.constLast());
    }
    const bool pre = all.preChecked > 0;
    u.flow(QStringLiteral("<h2>Summary</h2>"), true);
    QList<double> widths{49, 8, 9, 16, 10, 8};
    QStringList headers{QStringLiteral("Section"), QStringLiteral("Items"),
                        QStringLiteral("Signed"),  QStringLiteral("Not applicable"),
                        QStringLiteral("Blocked"), QStringLiteral("Open")};
    if (pre) {
        widths[0] = 36;
        widths.append(13);
        headers.append(QStringLiteral("Pre-checked"));
    }
    QList<bool> right(headers.size(), true);
    right[0] = false;
    const int t = u.table(widths, headers, QStringLiteral("Summary"), kBodyPt, right);
    const auto row = [&](const QString& name, const Counts& c, bool total) {
        const QFont normal = reportFont(kBodyPt, total);
        const QFont heavy = reportFont(kBodyPt, true);
        const auto count = [&](int n, bool stand) {
            GridCell cell = textCell(QString::number(n), stand && n > 0 ? heavy : normal);
            cell.right = true;
            return cell;
        };
        QList<GridCell> cells{textCell(name, normal),      count(c.total, false),
                              count(c.signedCount, false), count(c.notApplicable, false),
                              count(c.blocked, true),      count(c.open, true)};
        if (pre)
            cells.append(count(c.preChecked, false));
        // The summary is kept whole on one page when it fits one.
        u.row(t, cells, !total);
    };
    for (int i = 0; i < rb.sections.size(); ++i) {
        const RunbookSection& s = rb.sections.at(i);
        row(QStringLiteral("%1. %2").arg(s.number, f.plain(s.title)), per.at(i), false);
    }
    row(QStringLiteral("All sections"), all, true);
    u.flow(QStringLiteral("<p class=\"small\">Items marked <b>OPEN</b> or <b>BLOCKED</b> (white "
                          "on black) are not signed. Times are UTC. The sign-off and the code to "
                          "verify this copy are on the last page.</p>"));
}

QString indentStyle(int depth)
{
    return depth > 0 ? QStringLiteral(" style=\"margin-left:%1px\"").arg(depth * 14) : QString();
}

QString textsHtml(const Folded& f, const QList<RunbookText>& texts, int baseDepth)
{
    QString h;
    for (const RunbookText& t : texts) {
        h += QStringLiteral("<p class=\"detail\"%1>\u2022 %2</p>")
                 .arg(indentStyle(baseDepth + t.depth), f.html(t.html));
    }
    return h;
}

QString proceduresHtml(const Folded& f, const QList<RunbookProcedure>& procedures, int depth)
{
    QString h;
    for (const RunbookProcedure& p : procedures) {
        if (!p.title.isEmpty())
            h += QStringLiteral("<p class=\"detail\"%1><b>%2</b></p>")
                     .arg(indentStyle(depth), f.html(esc(p.title)));
        int n = 0;
        for (const RunbookText& step : p.steps) {
            if (step.depth == 0)
                ++n;
            h += QStringLiteral("<p class=\"detail\"%1>%2 %3</p>")
                     .arg(indentStyle(depth + step.depth + 1),
                          step.depth == 0 ? QStringLiteral("%1.").arg(n) : QStringLiteral("\u2022"),
                          f.html(step.html));
        }
    }
    return h;
}

// Unsigned items must stand out on a grayscale printout: white on black, in words.
GridCell statusCell(ItemStatus s)
{
    const QFont bold = reportFont(kBodyPt, true);
    switch (s) {
    case ItemStatus::Open:
        return textCell(QStringLiteral("\u2610 OPEN"), bold, Fill::Black);
    case ItemStatus::Blocked:
        return textCell(QStringLiteral("\u2717 BLOCKED"), bold, Fill::Black);
    case ItemStatus::NotApplicable:
        return textCell(QStringLiteral("\u2013 N/A"), bold, Fill::Gray);
    case ItemStatus::Signed:
        return textCell(QStringLiteral("\u2713 SIGNED"), bold);
    case ItemStatus::CheckedInTemplate:
        return textCell(QStringLiteral("\u2713 PRE-CHECKED"), reportFont(kBodyPt));
    }
    return {};
}

void itemUnits(const Folded& f, const RunbookItem& item, int depth, int table, Units& u)
{
    const ItemState s = f.state.item(item.id);
    QString body = QStringLiteral("<p><b>%1</b></p>").arg(f.html(item.titleHtml));
    if (!s.note.isEmpty()) {
        const QString label =
            s.status == ItemStatus::Signed ? QStringLiteral("Note") : QStringLiteral("Reason");
        body += QStringLiteral("<p><i>%1:</i> %2</p>").arg(label, esc(s.note));
    }
    for (const SignOffEvent* e : f.eventsOf(item.id)) {
        if (e->kind != EventKind::NoteAdded)
            continue;
        body += QStringLiteral("<p><i>Note by %1 (%2), %3:</i> %4</p>")
                    .arg(esc(e->actor.name), esc(roleDisplayName(e->actor.role)),
                         utcText(e->timeUtc), esc(e->text));
    }
    QStringList meta;
    if (!item.owner.isEmpty())
        meta << QStringLiteral("Owner: %1").arg(esc(item.owner));
    if (!item.due.isEmpty())
        meta << QStringLiteral("Due: %1").arg(esc(item.due));
    if (!item.requiredRole.isEmpty())
        meta << QStringLiteral("Needs the %1 role").arg(esc(item.requiredRole));
    if (!meta.isEmpty())
        body +=
            QStringLiteral("<p class=\"detail\">%1</p>").arg(meta.join(QStringLiteral(" \u00b7 ")));
    body += textsHtml(f, item.details, 0);
    body += proceduresHtml(f, item.procedures, 0);

    // The outline number shows the nesting; the item's text is indented by it.
    const GridCell id = textCell(item.id, reportFont(kBodyPt, true));
    GridCell content;
    content.html = body;
    content.indent = depth;
    GridCell signer;
    if (!s.by.isEmpty()) {
        signer = parasCell({{s.by, reportFont(kBodyPt, true)},
                            {roleDisplayName(s.role), reportFont(kBodyPt)},
                            {utcText(s.at), reportFont(kSmallPt)}});
    } else if (s.status == ItemStatus::CheckedInTemplate) {
        signer = textCell(QStringLiteral("checked in the runbook"),
                          reportFont(kSmallPt, false, false, true));
    } else {
        signer = textCell(QStringLiteral("NOT SIGNED"), reportFont(kBodyPt, true));
    }
    u.row(table, {statusCell(s.status), id, content, signer});
    for (const RunbookItem& child : item.children)
        itemUnits(f, child, depth + 1, table, u);
}

void sectionsUnits(const Folded& f, Units& u)
{
    const Runbook& rb = f.input.runbook;
    for (const RunbookSection& section : rb.sections) {
        const Counts c = sectionCounts(section, f.state);
        const QString plainTitle =
            QStringLiteral("%1. %2").arg(section.number, f.plain(section.title));
        QString heading =
            QStringLiteral("<h2>%1. %2</h2>").arg(esc(section.number), f.html(esc(section.title)));
        heading += QStringLiteral("<p class=\"small\">%1 items: %2 signed, %3 not applicable, %4 "
                                  "blocked, <b>%5 open</b>%6</p>")
                       .arg(c.total)
                       .arg(c.signedCount)
                       .arg(c.notApplicable)
                       .arg(c.blocked)
                       .arg(c.open)
                       .arg(c.preChecked > 0 ? QStringLiteral(", %1 pre-checked").arg(c.preChecked)
                                             : QString());
        for (const RunbookGroup& g : section.groups) {
            if (!g.title.isEmpty())
                heading += QStringLiteral("<h3>%1</h3>").arg(f.html(esc(g.title)));
            heading += textsHtml(f, g.notes, 0);
            heading += proceduresHtml(f, g.procedures, 0);
            if (g.items.isEmpty())
                continue;
            u.flow(heading, true);
            heading.clear();
            QString continued = plainTitle;
            if (!g.title.isEmpty())
                continued += QStringLiteral(", ") + f.plain(g.title);
            const int t = u.table({13, 11, 51, 25},
                                  {QStringLiteral("Status"), QStringLiteral("No."),
                                   QStringLiteral("Item"), QStringLiteral("Signed by (UTC)")},
                                  continued);
            for (const RunbookItem& item : g.items)
                itemUnits(f, item, 0, t, u);
        }
        if (!heading.isEmpty())
            u.flow(heading);
    }
}

void appendixUnits(const Folded& f, Units& u)
{
    const ReportInput& in = f.input;
    QString h = QStringLiteral("<h2>Appendix: the event history</h2>");
    h += QStringLiteral("<p class=\"small\">Every event in the ledger, oldest first. Each hash is "
                        "the SHA-256 of the event and the hash before it; the first event's "
                        "previous hash is the run's genesis <span class=\"mono\">%1</span>.</p>")
             .arg(esc(QString::fromLatin1(
                      SignOffEvent::genesisFor(in.runId, in.runbookSha256).left(16))) +
                  QStringLiteral("\u2026"));
    if (!in.verification.intact()) {
        h += QStringLiteral("<p><b>The ledger does not verify:</b> %1</p>")
                 .arg(esc(in.verification.summary()));
        for (const ChainBreak& b : in.verification.breaks) {
            h += QStringLiteral("<p class=\"small\">\u2022 event #%1: %2%3</p>")
                     .arg(b.seq)
                     .arg(esc(b.problem))
                     .arg(b.acknowledgedBy > 0
                              ? QStringLiteral(" (acknowledged by event #%1)").arg(b.acknowledgedBy)
                              : QStringLiteral(" (<b>not acknowledged</b>)"));
        }
    }
    if (in.events.isEmpty()) {
        u.flow(h + QStringLiteral("<p><i>No events: nothing has been signed in this run.</i></p>"),
               false, true);
        return;
    }
    u.flow(h, true, true);
    const int t =
        u.table({4, 12, 10, 23, 20, 19, 12},
                {QStringLiteral("#"), QStringLiteral("Time (UTC)"), QStringLiteral("Event"),
                 QStringLiteral("Item or field"), QStringLiteral("By"),
                 QStringLiteral("Note or reason"), QStringLiteral("Hash")},
                QStringLiteral("Appendix: the event history"), kSmallPt);
    const QFont small = reportFont(kSmallPt);
    const QFont smallBold = reportFont(kSmallPt, true);
    const QFont smallMono = reportFont(kSmallPt, false, true);
    for (const SignOffEvent& e : in.events) {
        QList<Para> who{{e.actor.name, smallBold}, {roleName(e.actor.role), small}};
        if (!e.actor.osUser.isEmpty() || !e.actor.host.isEmpty())
            who.append({e.actor.osUser + QLatin1Char('@') + e.actor.host, small});
        const QDateTime t0 = e.timeUtc.toUTC();
        u.row(t,
              {textCell(QString::number(e.seq), small),
               parasCell({{t0.toString(QStringLiteral("yyyy-MM-dd")), small},
                          {t0.toString(QStringLiteral("HH:mm:ss.zzz")), small}}),
               textCell(eventKindName(e.kind), small), textCell(eventSubject(f, e), small),
               parasCell(who),
               textCell(e.kind == EventKind::FieldFilled ? QStringLiteral("= ") + e.text : e.text,
                        small),
               textCell(QString::fromLatin1(e.hash.left(12)), smallMono)});
    }
}

Units documentUnits(const Folded& f)
{
    const ReportInput& in = f.input;
    Units u;
    QString h = QStringLiteral("<p class=\"kicker\">GO-LIVE CHECKLIST \u00b7 SIGNED RECORD</p>");
    h += QStringLiteral("<h1>%1</h1>").arg(esc(reportTitle(in)));
    for (const RunbookText& t : in.runbook.description)
        h += QStringLiteral("<p class=\"detail\">%1</p>").arg(f.html(t.html));
    if (!in.verification.intact()) {
        h += QStringLiteral("<p></p><table width=\"100%\" cellpadding=\"6\" cellspacing=\"0\">"
                            "<tr><td bgcolor=\"#000000\"><span style=\"color:#ffffff\"><b>THE "
                            "LEDGER DOES NOT VERIFY.</b> %1 See the appendix.</span></td></tr>"
                            "</table>")
                 .arg(esc(in.verification.summary()));
    }
    u.flow(h, true);
    u.flow(QStringLiteral("<h2>The release</h2>") + peopleHtml(f));
    summaryUnits(f, u);
    u.flow(QStringLiteral("<h2>The run</h2>") + runInfoHtml(f));
    fieldsUnits(f, u);
    sectionsUnits(f, u);
    appendixUnits(f, u);
    return u;
}

// ---------------------------------------------------------------------------------------------
// Painting.

struct QrCodeDeleter
{
    void operator()(QRcode* code) const { QRcode_free(code); }
};

// The QR code's dark modules as one path (one fill, so no seams between modules), in module
// units, without the quiet zone.
bool qrPath(const QString& text, QPainterPath* path, int* modules)
{
    const QByteArray utf8 = text.toUtf8();
    std::unique_ptr<QRcode, QrCodeDeleter> code(
        QRcode_encodeString(utf8.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
    if (!code || code->width <= 0 || !code->data)
        return false;
    const int w = code->width;
    path->setFillRule(Qt::WindingFill);
    for (int y = 0; y < w; ++y) {
        int x = 0;
        while (x < w) {
            if (!(code->data[y * w + x] & 1)) {
                ++x;
                continue;
            }
            const int start = x;
            while (x < w && (code->data[y * w + x] & 1))
                ++x;
            path->addRect(QRectF(start, y, x - start, 1));
        }
    }
    *modules = w;
    return true;
}

// A piece laid out for the page: a document, or a table row's laid-out cells.
struct LaidCell
{
    std::vector<std::unique_ptr<QTextLayout>> layouts; // positioned below one another
    std::unique_ptr<QTextDocument> doc;
    bool paginated = false; // doc is paginated to the page's body, its padding inside it
    double x = 0;
    double width = 0;
};

struct Piece
{
    std::unique_ptr<QTextDocument> doc;
    std::vector<LaidCell> cells;
    const Unit* unit = nullptr;
    double height = 0;
};

class Pager
{
public:
    Pager(const Folded& f, QPagedPaintDevice* device) : m_f(f), m_device(device) {}

    bool run(QString* error);

private:
    double mm(double v) const { return v * m_device->logicalDpiY() / 25.4; }
    void drawHeaderFooter(QPainter& p, int page, int pages) const;
    // Lays `text` out wrapped at word boundaries (anywhere inside a word too long for a line)
    // from y, `width` wide; returns the layout and adds its height to *y.
    std::unique_ptr<QTextLayout> wrapped(const QString& text, const QFont& font, double width,
                                         double* y, bool right = false) const;
    // Draws `text` (when p is set) wrapped in `rect`'s width; returns the height it takes.
    double drawWrapped(QPainter* p, const QRectF& rect, const QString& text,
                       const QFont& font) const;
    // Draws (when p is set) the sign-off block from `top`; returns its height.
    double drawSignOff(QPainter* p, double top) const;
    void drawSignatureBlock(QPainter& p, const QRectF& box, const Person& who) const;

    std::unique_ptr<QTextDocument> layOut(const QString& html, double width) const;
    Piece layOutPiece(const Unit& unit, const Units& units) const;
    // Draws `doc` with its top left at `at`; only the lines in `shown`, when it is valid.
    void drawDocument(QPainter& p, const QTextDocument& doc, const QPointF& at,
                      const QRectF& shown) const;
    // Draws `piece` with its top left at `at`; only what lies in `shown`, when it is valid.
    void drawPiece(QPainter& p, const Piece& piece, const QPointF& at,
                   const QRectF& shown = QRectF()) const;

    double padX() const { return mm(1.0); }
    double padY() const { return mm(0.9); }
    double indentStep() const { return mm(3.0); }

    // Where a piece goes: the page, its top on the page's body, and which part of it is shown.
    struct Placed
    {
        Piece* piece = nullptr;
        int page = 0;
        double y = 0;
        double from = 0; // the part shown: [from, from + height)
        double height = 0;
        bool sliced = false; // taller than a page: only that part is drawn
    };

    const Folded& m_f;
    QPagedPaintDevice* m_device;
    QRectF m_content; // inside the margins, device pixels
    QRectF m_body;    // m_content less the header and footer bands
};

std::unique_ptr<QTextDocument> Pager::layOut(const QString& html, double width) const
{
    auto doc = std::make_unique<QTextDocument>();
    doc->documentLayout()->setPaintDevice(m_device);
    doc->setDocumentMargin(0);
    doc->setDefaultFont(reportFont(kBodyPt));
    QTextOption option = doc->defaultTextOption();
    // Long unbroken strings (hashes, URLs) wrap anywhere rather than run off the page.
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    doc->setDefaultTextOption(option);
    doc->setDefaultStyleSheet(QString::fromLatin1(kCss));
    doc->setHtml(html);
    doc->setTextWidth(width);
    return doc;
}

std::unique_ptr<QTextLayout> Pager::wrapped(const QString& text, const QFont& font, double width,
                                            double* y, bool right) const
{
    // Every plain text of the PDF passes here: names, notes and values from the run show their
    // control and text-direction characters as escapes, right-to-left text isolated.
    auto layout = std::make_unique<QTextLayout>(displaySafeLines(text), font, m_device);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    if (right)
        option.setAlignment(Qt::AlignRight);
    layout->setTextOption(option);
    layout->setCacheEnabled(true);
    layout->beginLayout();
    for (QTextLine line = layout->createLine(); line.isValid(); line = layout->createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, *y));
        *y += line.height();
    }
    layout->endLayout();
    return layout;
}

double Pager::drawWrapped(QPainter* p, const QRectF& rect, const QString& text,
                          const QFont& font) const
{
    double height = 0;
    const auto layout = wrapped(text, font, rect.width(), &height);
    if (p)
        layout->draw(p, rect.topLeft());
    return height;
}

Piece Pager::layOutPiece(const Unit& unit, const Units& units) const
{
    Piece piece;
    piece.unit = &unit;
    if (unit.table < 0) {
        piece.doc = layOut(unit.html, m_body.width());
        piece.height = piece.doc->size().height();
        return piece;
    }
    const TableSpec& table = units.tables.at(unit.table);
    double x = 0;
    double content = 0;
    for (qsizetype i = 0; i < unit.cells.size(); ++i) {
        const GridCell& cell = unit.cells.at(i);
        LaidCell laid;
        laid.x = x;
        laid.width = m_body.width() * table.widths.value(i) / 100.0;
        x += laid.width;
        const double inner = std::max(mm(4), laid.width - 2 * padX() - cell.indent * indentStep());
        double h = 0;
        if (!cell.html.isEmpty()) {
            laid.doc = layOut(cell.html, inner);
            h = laid.doc->size().height();
        } else {
            for (const Para& para : cell.paras)
                laid.layouts.push_back(wrapped(para.text, para.font, inner, &h, cell.right));
        }
        content = std::max(content, h);
        piece.cells.push_back(std::move(laid));
    }
    piece.height = content + 2 * padY();
    if (piece.height <= m_body.height())
        return piece;
    // Taller than a page (an item with pages of details): its rich text is paginated to the
    // page, with the cell's padding as the margin of every page, so that no line is cut where
    // the row is sliced between pages.
    const double page = m_body.height();
    double height = 0;
    for (LaidCell& laid : piece.cells) {
        if (!laid.doc) {
            height =
                std::max(height, laid.layouts.empty()
                                     ? 0.0
                                     : laid.layouts.back()->boundingRect().bottom() + 2 * padY());
            continue;
        }
        // Frame margins are in CSS pixels (1/96 in); the layout scales them to the device.
        const double margin = padY() * 96.0 / m_device->logicalDpiY();
        QTextFrameFormat format = laid.doc->rootFrame()->frameFormat();
        format.setTopMargin(margin);
        format.setBottomMargin(margin);
        laid.doc->rootFrame()->setFrameFormat(format);
        laid.doc->setPageSize(QSizeF(laid.doc->textWidth(), page));
        laid.paginated = true;
        const int pages = std::max(1, laid.doc->pageCount());
        const QRectF last = laid.doc->documentLayout()->blockBoundingRect(laid.doc->lastBlock());
        height = std::max(height, (pages - 1) * page +
                                      std::min(page, last.bottom() - (pages - 1) * page + padY()));
    }
    piece.height = height;
    return piece;
}

void Pager::drawDocument(QPainter& p, const QTextDocument& doc, const QPointF& at,
                         const QRectF& shown) const
{
    QAbstractTextDocumentLayout* layout = doc.documentLayout();
    if (!shown.isValid()) {
        p.translate(at);
        QAbstractTextDocumentLayout::PaintContext context;
        context.palette.setColor(QPalette::Text, Qt::black);
        layout->draw(&p, context);
        p.translate(-at);
        return;
    }
    // A slice: line by line, each line on the page its middle falls on (the layout's own
    // clipping would also draw the line just above the slice). Table borders and block
    // backgrounds are not drawn here: only pieces of paragraphs are ever sliced.
    const QRectF inDoc = shown.translated(-at);
    p.setPen(Qt::black);
    for (QTextBlock block = doc.begin(); block.isValid(); block = block.next()) {
        const QTextLayout* text = block.layout();
        if (!text || text->lineCount() == 0)
            continue;
        const QRectF rect = layout->blockBoundingRect(block);
        if (rect.bottom() < inDoc.top() || rect.top() > inDoc.bottom())
            continue;
        const QPointF origin = rect.topLeft() - text->boundingRect().topLeft();
        for (int i = 0; i < text->lineCount(); ++i) {
            const QTextLine line = text->lineAt(i);
            const double middle = origin.y() + line.y() + line.height() / 2;
            if (middle >= inDoc.top() && middle < inDoc.bottom())
                line.draw(&p, at + origin);
        }
    }
}

void Pager::drawPiece(QPainter& p, const Piece& piece, const QPointF& at, const QRectF& shown) const
{
    // Text outside `shown` (the slice on this page of a piece taller than a page) is not drawn
    // at all, not merely clipped: it would still be in the page's text.
    if (piece.doc) {
        drawDocument(p, *piece.doc, at, shown);
        return;
    }
    const Unit& unit = *piece.unit;
    const QPen grid(QColor(0x55, 0x55, 0x55), std::max(1.0, mm(0.2)));
    for (size_t i = 0; i < piece.cells.size(); ++i) {
        const LaidCell& laid = piece.cells.at(i);
        const GridCell& cell = unit.cells.at(qsizetype(i));
        const QRectF box(at.x() + laid.x, at.y(), laid.width, piece.height);
        switch (cell.fill) {
        case Fill::Black:
            p.fillRect(box, Qt::black);
            break;
        case Fill::Gray:
            p.fillRect(box, QColor(0xd0, 0xd0, 0xd0));
            break;
        case Fill::Header:
            p.fillRect(box, QColor(0xe6, 0xe6, 0xe6));
            break;
        case Fill::None:
            break;
        }
        const QPointF origin(box.left() + padX() + cell.indent * indentStep(), box.top() + padY());
        if (laid.doc) {
            drawDocument(p, *laid.doc, laid.paginated ? QPointF(origin.x(), box.top()) : origin,
                         shown);
        } else {
            p.setPen(cell.fill == Fill::Black ? Qt::white : Qt::black);
            for (const auto& layout : laid.layouts) {
                if (shown.isValid() && !shown.intersects(layout->boundingRect().translated(origin)))
                    continue;
                layout->draw(&p, origin, {}, shown);
            }
        }
    }
    p.setPen(grid);
    p.setBrush(Qt::NoBrush);
    const QRectF row(at.x(), at.y(), m_body.width(), piece.height);
    p.drawRect(row);
    for (size_t i = 1; i < piece.cells.size(); ++i) {
        const double x = at.x() + piece.cells.at(i).x;
        p.drawLine(QPointF(x, row.top()), QPointF(x, row.bottom()));
    }
    p.setPen(Qt::black);
}

void Pager::drawHeaderFooter(QPainter& p, int page, int pages) const
{
    p.save();
    p.setPen(QPen(Qt::black, std::max(1.0, mm(0.2))));
    const double band = mm(6);
    const QFont titleFont = reportFont(8.5, true);
    const QFont monoFont = reportFont(8, false, true);
    const QFont footFont = reportFont(7.5);

    // Header: title left, short head right, a rule under both.
    const QString head = QStringLiteral("ledger head ") + reportShortHead(m_f.input);
    const QFontMetricsF monoMetrics(monoFont, m_device);
    const double headWidth = monoMetrics.horizontalAdvance(head) + mm(1);
    const QRectF headerRect(m_content.left(), m_content.top(), m_content.width(), band);
    p.setFont(monoFont);
    p.drawText(headerRect, Qt::AlignRight | Qt::AlignVCenter, head);
    p.setFont(titleFont);
    const QFontMetricsF titleMetrics(titleFont, m_device);
    const QString title = titleMetrics.elidedText(
        displaySafe(reportTitle(m_f.input)), Qt::ElideRight, m_content.width() - headWidth - mm(6));
    p.drawText(headerRect.adjusted(0, 0, -headWidth - mm(6), 0), Qt::AlignLeft | Qt::AlignVCenter,
               title);
    p.drawLine(QPointF(m_content.left(), headerRect.bottom()),
               QPointF(m_content.right(), headerRect.bottom()));

    // Footer: a rule, then the run and the time left, the page number right.
    const QRectF footerRect(m_content.left(), m_content.bottom() - band, m_content.width(), band);
    p.drawLine(QPointF(m_content.left(), footerRect.top()),
               QPointF(m_content.right(), footerRect.top()));
    p.setFont(reportFont(8.5, true));
    const QString pageText = QStringLiteral("Page %1 of %2").arg(page).arg(pages);
    const double pageWidth = QFontMetricsF(p.font(), m_device).horizontalAdvance(pageText) + mm(1);
    p.drawText(footerRect, Qt::AlignRight | Qt::AlignVCenter, pageText);
    p.setFont(footFont);
    const QString left = QStringLiteral("Run %1 \u00b7 generated %2")
                             .arg(displaySafe(m_f.input.runId), utcText(m_f.generated));
    const QFontMetricsF footMetrics(footFont, m_device);
    p.drawText(
        footerRect.adjusted(0, 0, -pageWidth - mm(6), 0), Qt::AlignLeft | Qt::AlignVCenter,
        footMetrics.elidedText(left, Qt::ElideRight, footerRect.width() - pageWidth - mm(6)));
    p.restore();
}

void Pager::drawSignatureBlock(QPainter& p, const QRectF& box, const Person& who) const
{
    p.save();
    p.setPen(QPen(Qt::black, std::max(1.0, mm(0.3))));
    p.setBrush(Qt::NoBrush);
    p.drawRect(box);
    const QRectF in = box.adjusted(mm(3), mm(2.5), -mm(3), -mm(2.5));

    drawWrapped(&p, QRectF(in.left(), in.top(), in.width(), mm(6)), who.title,
                reportFont(10.5, true));
    drawWrapped(&p, QRectF(in.left(), in.top() + mm(7), in.width(), mm(4)),
                QStringLiteral("Printed name"), reportFont(8));
    const QRectF nameRect(in.left(), in.top() + mm(11), in.width(), mm(9));
    if (!who.name.isEmpty()) {
        // As large as fits the two lines above the rule.
        for (double pt : {10.0, 8.5, 7.0, 5.5}) {
            if (drawWrapped(nullptr, nameRect, who.name, reportFont(pt, true)) <=
                    nameRect.height() ||
                pt == 5.5) {
                drawWrapped(&p, nameRect, who.name, reportFont(pt, true));
                break;
            }
        }
    }
    p.setPen(QPen(Qt::black, std::max(1.0, mm(0.25))));
    p.drawLine(QPointF(in.left(), nameRect.bottom() + mm(0.5)),
               QPointF(in.right(), nameRect.bottom() + mm(0.5)));

    const double signLine = in.top() + mm(33);
    p.drawLine(QPointF(in.left(), signLine), QPointF(in.right(), signLine));
    drawWrapped(&p, QRectF(in.left(), signLine + mm(0.8), in.width(), mm(4)),
                QStringLiteral("Signature"), reportFont(8));

    const double dateLine = in.top() + mm(44);
    p.drawLine(QPointF(in.left(), dateLine), QPointF(in.left() + in.width() * 0.6, dateLine));
    drawWrapped(&p, QRectF(in.left(), dateLine + mm(0.8), in.width(), mm(4)),
                QStringLiteral("Date (UTC)"), reportFont(8));
    p.restore();
}

double Pager::drawSignOff(QPainter* p, double top) const
{
    const double left = m_body.left();
    const double width = m_body.width();
    if (p) {
        p->save();
        p->setPen(Qt::black);
    }
    double y = top;
    y += drawWrapped(p, QRectF(left, y, width, 0), QStringLiteral("Sign-off"),
                     reportFont(12.5, true));
    y += mm(1.5);
    y += drawWrapped(p, QRectF(left, y, width, 0),
                     QStringLiteral("By signing, the incident commander and the release captain "
                                    "confirm that this document is the record of the go-live "
                                    "checklist of run %1, as its ledger stood at head %2.")
                         .arg(m_f.input.runId, reportShortHead(m_f.input)),
                     reportFont(8.5));
    y += mm(4);

    const double gap = mm(6);
    const double boxWidth = (width - gap) / 2;
    const double boxHeight = mm(54);
    if (p) {
        drawSignatureBlock(*p, QRectF(left, y, boxWidth, boxHeight),
                           personFor(m_f, Role::IncidentCommander));
        drawSignatureBlock(*p, QRectF(left + boxWidth + gap, y, boxWidth, boxHeight),
                           personFor(m_f, Role::ReleaseCaptain));
    }
    y += boxHeight + mm(7);

    // The QR code (4 modules of quiet zone around it) and, beside it, what it holds.
    const double qrTop = y;
    const double qrSide = mm(38);
    QPainterPath path;
    int modules = 0;
    if (p && qrPath(reportQrPayload(m_f.input), &path, &modules)) {
        const double module = qrSide / (modules + 8);
        p->save();
        p->setRenderHint(QPainter::Antialiasing, false);
        p->translate(left + 4 * module, qrTop + 4 * module);
        p->scale(module, module);
        p->setPen(Qt::NoPen);
        p->setBrush(Qt::black);
        p->drawPath(path);
        p->restore();
    }
    const double textLeft = left + qrSide + mm(4);
    const double textWidth = width - qrSide - mm(4);
    double ty = qrTop + mm(3);
    const auto line = [&](const QString& text, const QFont& fnt, double after) {
        ty += drawWrapped(p, QRectF(textLeft, ty, textWidth, 0), text, fnt) + after;
    };
    line(QStringLiteral("Verify this copy"), reportFont(10, true), mm(1));
    line(QStringLiteral("The code holds the run id and the full ledger head. This copy matches the "
                        "run file when this command says so:"),
         reportFont(8), mm(1));
    line(QStringLiteral("golive verify --run FILE --digest %1").arg(QString::fromLatin1(m_f.head)),
         reportFont(7.5, false, true), mm(2));
    line(QStringLiteral("Run id"), reportFont(7.5, true), 0);
    line(m_f.input.runId, reportFont(7.5, false, true), mm(1.5));
    line(QStringLiteral("Ledger head (SHA-256)"), reportFont(7.5, true), 0);
    line(QString::fromLatin1(m_f.head), reportFont(7.5, false, true), 0);
    if (p)
        p->restore();
    return std::max(qrTop + qrSide, ty) - top;
}

bool Pager::run(QString* error)
{
    const auto fail = [error](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return fail(QStringLiteral("the report needs a QGuiApplication for its fonts (with no "
                                   "display, run with QT_QPA_PLATFORM=offscreen)"));
    if (m_device->width() <= 0 || m_device->height() <= 0)
        return fail(QStringLiteral("the page has no printable area"));

    // The printable area, with margins under kMinMarginMm widened. A device that paints on the
    // whole sheet (a QPrinter with fullPage set) gets its layout's margins applied here.
    const QPageLayout layout = m_device->pageLayout();
    const QMarginsF margins = layout.margins(QPageLayout::Millimeter);
    const QSizeF sheet = layout.fullRectPoints().size() * (m_device->logicalDpiX() / 72.0);
    const bool wholeSheet =
        std::abs(m_device->width() - sheet.width()) < mm(0.5) && !margins.isNull();
    const auto inset = [&](double have) {
        return wholeSheet ? mm(std::max(have, kMinMarginMm))
                          : mm(std::max(0.0, kMinMarginMm - have));
    };
    m_content = QRectF(0, 0, m_device->width(), m_device->height())
                    .adjusted(inset(margins.left()), inset(margins.top()), -inset(margins.right()),
                              -inset(margins.bottom()));
    const double band = mm(6) + mm(3.5);
    m_body = m_content.adjusted(0, band, 0, -band);
    if (m_body.width() < mm(80) || m_body.height() < mm(120))
        return fail(QStringLiteral("the page is too small for the report (at least 80 x 120 mm "
                                   "inside the margins is needed)"));

    // Lay every piece out, then place them: each whole on a page, with the pieces it is kept
    // with; a table's header repeated where it continues; a piece taller than a page sliced.
    const Units units = documentUnits(m_f);
    std::vector<Piece> pieces;
    pieces.reserve(size_t(units.units.size()));
    for (const Unit& unit : units.units)
        pieces.push_back(layOutPiece(unit, units));
    std::vector<std::unique_ptr<Piece>> continued(size_t(units.tables.size()));
    const double bodyHeight = m_body.height();

    QList<Placed> placed;
    int page = 0;
    double y = 0;
    int lastTable = -1; // the table of the piece just placed on this page
    const auto newPage = [&] {
        ++page;
        y = 0;
        lastTable = -1;
    };
    const size_t count = pieces.size();
    for (size_t i = 0; i < count; ++i) {
        Piece& piece = pieces.at(i);
        const Unit& unit = *piece.unit;
        if (unit.breakBefore && (y > 0 || !placed.isEmpty()))
            newPage();
        if (piece.height > bodyHeight) {
            // Taller than a page: from the top of a page, in page-high slices; a document's own
            // pagination moves its lines off the slice boundaries.
            if (y > 0)
                newPage();
            int slices = int(std::ceil(piece.height / bodyHeight));
            double lastBottom = piece.height - (slices - 1) * bodyHeight;
            if (piece.doc) {
                piece.doc->setPageSize(QSizeF(m_body.width(), bodyHeight));
                slices = std::max(1, piece.doc->pageCount());
                const QRectF last =
                    piece.doc->documentLayout()->blockBoundingRect(piece.doc->lastBlock());
                lastBottom = last.bottom() - (slices - 1) * bodyHeight;
            }
            for (int k = 0; k < slices; ++k) {
                if (k > 0)
                    newPage();
                placed.append({&piece, page, 0, k * bodyHeight, bodyHeight, true});
            }
            y = std::clamp(lastBottom, 0.0, bodyHeight);
            lastTable = -1;
            continue;
        }
        const double space =
            y > 0 && !(unit.table >= 0 && unit.table == lastTable) ? mm(unit.spaceBeforeMm) : 0.0;
        // What must share the page with this piece.
        double need = space + piece.height;
        for (size_t j = i; j + 1 < count && pieces.at(j).unit->keepWithNext; ++j) {
            if (need + pieces.at(j + 1).height > bodyHeight)
                break;
            need += pieces.at(j + 1).height;
        }
        if (y > 0 && y + need > bodyHeight) {
            newPage();
            if (unit.table >= 0 && !unit.header) {
                const TableSpec& table = units.tables.at(unit.table);
                auto& label = continued.at(size_t(unit.table));
                if (!label) {
                    label = std::make_unique<Piece>();
                    label->doc = layOut(table.continuedHtml, m_body.width());
                    label->height = label->doc->size().height();
                }
                Piece& header = pieces.at(size_t(table.headerUnit));
                placed.append({label.get(), page, 0, 0, label->height, false});
                placed.append({&header, page, label->height, 0, header.height, false});
                y = label->height + header.height;
                lastTable = unit.table;
            }
        } else {
            y += space;
        }
        placed.append({&piece, page, y, 0, piece.height, false});
        y += piece.height;
        lastTable = unit.table;
    }

    // The sign-off: below the last piece, or on a page of its own.
    const double signOffHeight = drawSignOff(nullptr, 0);
    double signOffTop = placed.isEmpty() ? 0 : y + mm(10);
    if (signOffTop + signOffHeight > bodyHeight) {
        newPage();
        signOffTop = 0;
    }
    const int pages = page + 1;

    QPainter p;
    if (!p.begin(m_device))
        return fail(QStringLiteral("could not start drawing on the page (is the printer or the "
                                   "file available?)"));
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    qsizetype next = 0;
    for (int pg = 0; pg < pages; ++pg) {
        if (pg > 0 && !m_device->newPage()) {
            p.end();
            return fail(QStringLiteral("could not start page %1 of %2").arg(pg + 1).arg(pages));
        }
        drawHeaderFooter(p, pg + 1, pages);
        for (; next < placed.size() && placed.at(next).page == pg; ++next) {
            const Placed& at = placed.at(next);
            const QPointF origin(m_body.left(), m_body.top() + at.y - at.from);
            if (at.sliced) {
                const QRectF shown(m_body.left(), m_body.top() + at.y, m_body.width(), at.height);
                p.setClipRect(shown);
                drawPiece(p, *at.piece, origin, shown);
                p.setClipping(false);
            } else {
                drawPiece(p, *at.piece, origin);
            }
        }
        if (pg == pages - 1)
            drawSignOff(&p, m_body.top() + signOffTop);
    }
    if (!p.end())
        return fail(QStringLiteral("could not finish the document"));
    return true;
}

// ---------------------------------------------------------------------------------------------
// Markdown.

// One line of Markdown: metacharacters escaped, controls shown as escapes (markdownEscaped()),
// line breaks as spaces.
QString md(const QString& text)
{
    return markdownEscaped(QString(text).replace(QLatin1Char('\n'), QLatin1Char(' ')));
}

QString mdCode(const QString& text)
{
    return QLatin1Char('`') + visibleControls(text).remove(QLatin1Char('`')) + QLatin1Char('`');
}

QString mdField(const FieldShown& s)
{
    if (!s.exists)
        return QStringLiteral("*not in this runbook*");
    if (!s.filled)
        return QStringLiteral("**NOT FILLED** (%1)").arg(md(s.text));
    return QStringLiteral("**%1**").arg(md(s.text));
}

void mdTexts(const Folded& f, const QList<RunbookText>& texts, const QString& indent, QString& out)
{
    for (const RunbookText& t : texts) {
        out += indent + QString(t.depth * 2, QLatin1Char(' ')) + QStringLiteral("- ") +
               md(f.plain(t.plain)) + QLatin1Char('\n');
    }
}

void mdProcedures(const Folded& f, const QList<RunbookProcedure>& procedures, const QString& indent,
                  QString& out)
{
    for (const RunbookProcedure& p : procedures) {
        QString sub = indent;
        if (!p.title.isEmpty()) {
            out += indent + QStringLiteral("- **%1**\n").arg(md(f.plain(p.title)));
            sub += QStringLiteral("  ");
        }
        int n = 0;
        for (const RunbookText& step : p.steps) {
            const QString pad = sub + QString(step.depth * 3, QLatin1Char(' '));
            out += step.depth == 0 ? pad + QStringLiteral("%1. ").arg(++n)
                                   : pad + QStringLiteral("- ");
            out += md(f.plain(step.plain)) + QLatin1Char('\n');
        }
    }
}

void mdItem(const Folded& f, const RunbookItem& item, int depth, QString& out)
{
    const ItemState s = f.state.item(item.id);
    const QString indent(depth * 2, QLatin1Char(' '));
    const bool done = s.isDone();
    out += indent + (done ? QStringLiteral("- [x] ") : QStringLiteral("- [ ] "));
    out += QStringLiteral("**%1** %2 \u2014 ").arg(item.id, md(f.plain(item.title)));
    if (s.status == ItemStatus::Open || s.status == ItemStatus::Blocked)
        out += QStringLiteral("**%1**").arg(statusWord(s.status));
    else
        out += statusWord(s.status);
    if (!s.by.isEmpty())
        out +=
            QStringLiteral(" by %1 (%2), %3").arg(md(s.by), roleDisplayName(s.role), utcText(s.at));
    else if (s.status == ItemStatus::Open)
        out += QStringLiteral(", not signed");
    out += QLatin1Char('\n');
    const QString sub = indent + QStringLiteral("  ");
    if (!s.note.isEmpty()) {
        out += sub + QStringLiteral("- *%1:* %2\n")
                         .arg(s.status == ItemStatus::Signed ? QStringLiteral("Note")
                                                             : QStringLiteral("Reason"),
                              md(s.note));
    }
    for (const SignOffEvent* e : f.eventsOf(item.id)) {
        if (e->kind == EventKind::NoteAdded) {
            out += sub + QStringLiteral("- *Note by %1 (%2), %3:* %4\n")
                             .arg(md(e->actor.name), roleDisplayName(e->actor.role),
                                  utcText(e->timeUtc), md(e->text));
        }
    }
    mdTexts(f, item.details, sub, out);
    mdProcedures(f, item.procedures, sub, out);
    for (const RunbookItem& child : item.children)
        mdItem(f, child, depth + 1, out);
}

QString mdRow(const QStringList& cells)
{
    return QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
}

// ---------------------------------------------------------------------------------------------
// JSON.

QJsonObject eventJson(const SignOffEvent& e)
{
    return QJsonObject{
        {QStringLiteral("seq"), e.seq},
        {QStringLiteral("time"), jsonTime(e.timeUtc)},
        {QStringLiteral("kind"), eventKindName(e.kind)},
        {QStringLiteral("item"), orNull(e.itemId)},
        {QStringLiteral("field"), orNull(e.fieldKey)},
        {QStringLiteral("text"), orNull(e.text)},
        {QStringLiteral("actor"), e.actor.name},
        {QStringLiteral("role"), roleName(e.actor.role)},
        {QStringLiteral("osUser"), e.actor.osUser},
        {QStringLiteral("host"), e.actor.host},
        {QStringLiteral("prev"), QString::fromLatin1(e.prevHash)},
        {QStringLiteral("hash"), QString::fromLatin1(e.hash)},
    };
}

QJsonObject itemStateJson(const ItemState& s)
{
    QJsonArray seqs;
    for (qint64 seq : s.eventSeqs)
        seqs.append(seq);
    return QJsonObject{
        {QStringLiteral("status"), itemStatusName(s.status)},
        {QStringLiteral("done"), s.isDone()},
        {QStringLiteral("by"), orNull(s.by)},
        {QStringLiteral("role"), s.by.isEmpty() ? QJsonValue() : QJsonValue(roleName(s.role))},
        {QStringLiteral("time"), orNull(jsonTime(s.at))},
        {QStringLiteral("note"), orNull(s.note)},
        {QStringLiteral("notes"), QJsonArray::fromStringList(s.notes)},
        {QStringLiteral("events"), seqs},
    };
}

QJsonObject countsJson(const Counts& c)
{
    return QJsonObject{
        {QStringLiteral("items"), c.total},
        {QStringLiteral("signed"), c.signedCount},
        {QStringLiteral("notApplicable"), c.notApplicable},
        {QStringLiteral("blocked"), c.blocked},
        {QStringLiteral("open"), c.open},
        {QStringLiteral("preChecked"), c.preChecked},
    };
}

QJsonObject personJson(const Person& p)
{
    return QJsonObject{{QStringLiteral("name"), orNull(p.name)},
                       {QStringLiteral("source"), orNull(p.fromWhat)}};
}

} // namespace

// ---------------------------------------------------------------------------------------------

ReportInput ReportInput::fromRunFile(const RunFile& run)
{
    ReportInput in;
    in.runId = run.runId();
    in.runPath = run.path();
    in.runbookName = run.runbookName();
    in.runbookSha256 = run.runbookSha256();
    in.runbook = run.runbook();
    in.events = run.events();
    in.verification = run.verify();
    in.head = in.verification.head;
    in.createdUtc = run.createdUtc();
    return in;
}

ReportInput ReportInput::fromSnapshot(const RunSnapshot& snapshot)
{
    ReportInput in;
    in.runId = snapshot.runId;
    in.runPath = snapshot.path;
    in.runbookName = snapshot.runbookName;
    in.runbookSha256 = QString::fromLatin1(
        QCryptographicHash::hash(snapshot.runbookText, QCryptographicHash::Sha256).toHex());
    in.runbook = snapshot.runbook;
    in.events = snapshot.events;
    in.verification = snapshot.verification;
    in.head = snapshot.verification.head;
    return in;
}

QByteArray reportHead(const ReportInput& input)
{
    if (!input.head.isEmpty())
        return input.head;
    if (!input.verification.head.isEmpty())
        return input.verification.head;
    if (!input.events.isEmpty())
        return input.events.constLast().hash;
    return SignOffEvent::genesisFor(input.runId, input.runbookSha256);
}

QString reportShortHead(const ReportInput& input)
{
    return QString::fromLatin1(reportHead(input).left(12));
}

QString reportQrPayload(const ReportInput& input)
{
    return QStringLiteral("golive:run=%1;head=%2")
        .arg(input.runId, QString::fromLatin1(reportHead(input)));
}

QString reportTitle(const ReportInput& input)
{
    QString title = input.runbook.title.simplified();
    if (title.isEmpty())
        title = QFileInfo(input.runbookName).completeBaseName();
    if (title.isEmpty())
        title = QStringLiteral("Go-live run %1").arg(input.runId);
    return title;
}

bool renderPdf(const ReportInput& input, QPagedPaintDevice* device, QString* error)
{
    if (!device) {
        if (error)
            *error = QStringLiteral("no page to draw on");
        return false;
    }
    const Folded folded(input);
    Pager pager(folded, device);
    return pager.run(error);
}

bool writePdf(const ReportInput& input, const QString& path, const QPageLayout& layout,
              QString* error)
{
    const auto fail = [&](const QString& why) {
        if (error)
            *error =
                QStringLiteral("cannot write %1: %2; nothing was written; the run is unchanged")
                    .arg(QDir::toNativeSeparators(path), why);
        return false;
    };
    // Refused before the pages are laid out (which takes a while), and again when written.
    if (const QString why = exportRefusal(path, input.runPath); !why.isEmpty()) {
        if (error)
            *error = why;
        return false;
    }
    // The whole document is made in memory first: a file, a pipe or a device receives it in
    // one checked write, and nothing of a document that failed half-way.
    QBuffer buffer;
    if (!buffer.open(QIODevice::WriteOnly))
        return fail(buffer.errorString());
    {
        QPdfWriter writer(&buffer);
        writer.setPageLayout(layout);
        writer.setResolution(600);
        writer.setTitle(displaySafe(reportTitle(input)) +
                        QStringLiteral(" \u2014 signed checklist"));
        writer.setCreator(QStringLiteral("golive " GOLIVE_VERSION));
        QString why;
        if (!renderPdf(input, &writer, &why))
            return fail(why);
    }
    buffer.close();
    const QByteArray& bytes = buffer.data();
    if (!bytes.startsWith("%PDF-") || !bytes.trimmed().endsWith("%%EOF"))
        return fail(QStringLiteral("the PDF writer did not finish the document"));
    return writeExport(path, bytes, input.runPath, error);
}

bool writePdf(const ReportInput& input, const QString& path, QPageSize::PageSizeId pageSize,
              QString* error)
{
    return writePdf(input, path,
                    QPageLayout(QPageSize(pageSize), QPageLayout::Portrait,
                                QMarginsF(kPdfMarginMm, kPdfMarginMm, kPdfMarginMm, kPdfMarginMm),
                                QPageLayout::Millimeter),
                    error);
}

QByteArray toMarkdown(const ReportInput& input)
{
    const Folded f(input);
    const Runbook& rb = input.runbook;
    QString out;
    out.reserve(4096 + 400 * int(rb.checkableCount()) + 200 * int(input.events.size()));
    out += QStringLiteral("# %1\n\n").arg(md(reportTitle(input)));
    out += QStringLiteral("Go-live checklist, signed record. Generated %1; ledger head `%2`.\n\n")
               .arg(utcText(f.generated), QString::fromLatin1(f.head));

    out += QStringLiteral("## The release\n\n");
    const Window w = windowOf(f);
    out += QStringLiteral("- **Go-live window:** ");
    if (w.start.exists || w.end.exists) {
        out += mdField(w.start) + QStringLiteral(" to ") + mdField(w.end);
        if (w.date.exists)
            out += QStringLiteral(" (go-live date %1)").arg(mdField(w.date));
    } else {
        out += mdField(w.date);
    }
    out += QLatin1Char('\n');
    for (Role role : {Role::IncidentCommander, Role::ReleaseCaptain}) {
        const Person p = personFor(f, role);
        out += QStringLiteral("- **%1:** %2\n")
                   .arg(p.title, p.name.isEmpty() ? QStringLiteral("**NOT NAMED**")
                                                  : md(p.name) + QStringLiteral(" (") + p.fromWhat +
                                                        QLatin1Char(')'));
    }

    const ChainVerification& v = input.verification;
    const Progress total = f.state.totalProgress();
    out += QStringLiteral("\n## The run\n\n");
    out += QStringLiteral("- **Run id:** %1\n").arg(mdCode(input.runId));
    if (!input.runPath.isEmpty())
        out += QStringLiteral("- **Run file:** %1\n").arg(mdCode(input.runPath));
    out += QStringLiteral("- **Runbook:** %1, SHA-256 %2\n")
               .arg(md(input.runbookName), mdCode(input.runbookSha256));
    if (input.createdUtc.isValid())
        out += QStringLiteral("- **Run created:** %1\n").arg(utcText(input.createdUtc));
    out += QStringLiteral("- **Progress:** %1 of %2 items done\n").arg(total.done).arg(total.total);
    out += QStringLiteral("- **Ledger:** %1\n")
               .arg(v.intact() ? QStringLiteral("intact, %1 events").arg(input.events.size())
                               : QStringLiteral("**BROKEN**: ") + md(v.summary()));
    out += QStringLiteral("- **Ledger head:** %1\n").arg(mdCode(QString::fromLatin1(f.head)));

    out += QStringLiteral("\n## Fields\n\n");
    out += mdRow({QStringLiteral("Field"), QStringLiteral("Value"), QStringLiteral("Filled by")});
    out += mdRow({QStringLiteral("---"), QStringLiteral("---"), QStringLiteral("---")});
    for (const RunbookField& field : rb.fields) {
        const FieldShown s = shown(f, &field);
        QString by = field.isPlaceholder ? QStringLiteral("\u2014")
                                         : QStringLiteral("*fixed by the runbook*");
        if (s.setBy)
            by = QStringLiteral("%1 (%2), %3")
                     .arg(md(s.setBy->actor.name), roleDisplayName(s.setBy->actor.role),
                          utcText(s.setBy->timeUtc));
        out += mdRow({md(field.label), mdField(s), by});
    }

    out += QStringLiteral("\n## Summary\n\n");
    out += mdRow({QStringLiteral("Section"), QStringLiteral("Items"), QStringLiteral("Signed"),
                  QStringLiteral("Not applicable"), QStringLiteral("Blocked"),
                  QStringLiteral("Open"), QStringLiteral("Pre-checked")});
    out += mdRow({QStringLiteral("---"), QStringLiteral("--:"), QStringLiteral("--:"),
                  QStringLiteral("--:"), QStringLiteral("--:"), QStringLiteral("--:"),
                  QStringLiteral("--:")});
    Counts all;
    const auto countsRow = [](const QString& name, const Counts& c) {
        return mdRow({name, QString::number(c.total), QString::number(c.signedCount),
                      QString::number(c.notApplicable), QString::number(c.blocked),
                      QString::number(c.open), QString::number(c.preChecked)});
    };
    for (const RunbookSection& s : rb.sections) {
        const Counts c = sectionCounts(s, f.state);
        all.add(c);
        out += countsRow(QStringLiteral("%1. %2").arg(md(s.number), md(f.plain(s.title))), c);
    }
    out += countsRow(QStringLiteral("**All sections**"), all);

    for (const RunbookSection& s : rb.sections) {
        out += QStringLiteral("\n## %1. %2\n").arg(md(s.number), md(f.plain(s.title)));
        for (const RunbookGroup& g : s.groups) {
            if (!g.title.isEmpty())
                out += QStringLiteral("\n### %1\n").arg(md(f.plain(g.title)));
            if (!g.notes.isEmpty() || !g.procedures.isEmpty() || !g.items.isEmpty())
                out += QLatin1Char('\n');
            mdTexts(f, g.notes, QString(), out);
            mdProcedures(f, g.procedures, QString(), out);
            for (const RunbookItem& item : g.items)
                mdItem(f, item, 0, out);
        }
    }

    out += QStringLiteral("\n## Appendix: the event history\n\n");
    if (!v.intact()) {
        for (const ChainBreak& b : v.breaks)
            out += QStringLiteral("- **Break at event #%1:** %2\n").arg(b.seq).arg(md(b.problem));
        out += QLatin1Char('\n');
    }
    if (input.events.isEmpty()) {
        out += QStringLiteral("No events: nothing has been signed in this run.\n");
    } else {
        out += mdRow({QStringLiteral("#"), QStringLiteral("Time (UTC)"), QStringLiteral("Event"),
                      QStringLiteral("Item or field"), QStringLiteral("By"), QStringLiteral("Role"),
                      QStringLiteral("Note or reason"), QStringLiteral("Hash")});
        out += mdRow({QStringLiteral("--:"), QStringLiteral("---"), QStringLiteral("---"),
                      QStringLiteral("---"), QStringLiteral("---"), QStringLiteral("---"),
                      QStringLiteral("---"), QStringLiteral("---")});
        for (const SignOffEvent& e : input.events) {
            out += mdRow({QString::number(e.seq),
                          e.timeUtc.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")),
                          eventKindName(e.kind), md(eventSubject(f, e)), md(e.actor.name),
                          roleName(e.actor.role), md(e.text),
                          mdCode(QString::fromLatin1(e.hash.left(12)))});
        }
    }
    out += QStringLiteral("\n## Sign-off\n\n");
    for (Role role : {Role::IncidentCommander, Role::ReleaseCaptain}) {
        const Person p = personFor(f, role);
        out += QStringLiteral("- **%1:** %2, signature: ______________________, date (UTC): "
                              "____________\n")
                   .arg(p.title,
                        p.name.isEmpty() ? QStringLiteral("______________________") : md(p.name));
    }
    out += QStringLiteral("\nVerify: `golive verify --run FILE --digest %1` (QR text: `%2`)\n")
               .arg(QString::fromLatin1(f.head), reportQrPayload(input));
    return out.toUtf8();
}

QByteArray toJson(const ReportInput& input)
{
    const Folded f(input);
    const Runbook& rb = input.runbook;

    QJsonArray fields;
    for (const RunbookField& field : rb.fields) {
        const FieldShown s = shown(f, &field);
        QJsonObject o{
            {QStringLiteral("key"), field.key},
            {QStringLiteral("label"), field.label},
            {QStringLiteral("value"), s.text},
            {QStringLiteral("template"), field.templateValue},
            {QStringLiteral("placeholder"), field.isPlaceholder},
            {QStringLiteral("filled"), s.filled},
        };
        if (s.setBy)
            o.insert(QStringLiteral("filledBy"), s.setBy->seq);
        fields.append(o);
    }

    QJsonArray sections;
    QJsonArray items;
    Counts all;
    for (const RunbookSection& s : rb.sections) {
        const Counts c = sectionCounts(s, f.state);
        all.add(c);
        QJsonObject so = countsJson(c);
        so.insert(QStringLiteral("number"), s.number);
        so.insert(QStringLiteral("title"), f.plain(s.title));
        sections.append(so);
        std::function<void(const RunbookItem&, const QString&, int, const QString&)> add =
            [&](const RunbookItem& item, const QString& parent, int depth, const QString& group) {
                QJsonObject o = itemStateJson(f.state.item(item.id));
                o.insert(QStringLiteral("id"), item.id);
                o.insert(QStringLiteral("title"), f.plain(item.title));
                o.insert(QStringLiteral("section"), s.number);
                o.insert(QStringLiteral("group"), group);
                o.insert(QStringLiteral("parent"), orNull(parent));
                o.insert(QStringLiteral("depth"), depth);
                o.insert(QStringLiteral("requiredRole"), orNull(item.requiredRole));
                QJsonArray details;
                for (const RunbookText& t : item.details)
                    details.append(f.plain(t.plain));
                o.insert(QStringLiteral("details"), details);
                items.append(o);
                for (const RunbookItem& child : item.children)
                    add(child, item.id, depth + 1, group);
            };
        for (const RunbookGroup& g : s.groups) {
            for (const RunbookItem& item : g.items)
                add(item, QString(), 0, f.plain(g.title));
        }
    }

    QJsonArray events;
    for (const SignOffEvent& e : input.events)
        events.append(eventJson(e));

    const ChainVerification& v = input.verification;
    QJsonArray breaks;
    for (const ChainBreak& b : v.breaks) {
        breaks.append(QJsonObject{
            {QStringLiteral("seq"), b.seq},
            {QStringLiteral("problem"), b.problem},
            {QStringLiteral("contentHash"), QString::fromLatin1(b.contentHash)},
            {QStringLiteral("acknowledgedBy"),
             b.acknowledgedBy > 0 ? QJsonValue(b.acknowledgedBy) : QJsonValue(QJsonValue::Null)},
        });
    }

    const Window w = windowOf(f);
    const auto windowValue = [](const FieldShown& s) {
        return s.exists && s.filled ? QJsonValue(s.text) : QJsonValue(QJsonValue::Null);
    };
    const QJsonObject root{
        {QStringLiteral("format"), QStringLiteral("golive-export/1")},
        {QStringLiteral("generated"), jsonTime(f.generated)},
        {QStringLiteral("generator"), QStringLiteral("golive " GOLIVE_VERSION)},
        {QStringLiteral("runId"), input.runId},
        {QStringLiteral("file"), orNull(input.runPath)},
        {QStringLiteral("title"), reportTitle(input)},
        {QStringLiteral("created"), orNull(jsonTime(input.createdUtc))},
        {QStringLiteral("runbook"), QJsonObject{{QStringLiteral("name"), input.runbookName},
                                                {QStringLiteral("sha256"), input.runbookSha256}}},
        {QStringLiteral("genesis"),
         QString::fromLatin1(SignOffEvent::genesisFor(input.runId, input.runbookSha256))},
        {QStringLiteral("head"), QString::fromLatin1(f.head)},
        {QStringLiteral("qr"), reportQrPayload(input)},
        {QStringLiteral("verification"),
         QJsonObject{
             {QStringLiteral("intact"), v.intact()},
             {QStringLiteral("eventCount"), v.eventCount},
             {QStringLiteral("head"), QString::fromLatin1(v.head)},
             {QStringLiteral("summary"), v.summary()},
             {QStringLiteral("breaks"), breaks},
             {QStringLiteral("unacknowledgedCount"), v.unacknowledged.size()},
         }},
        {QStringLiteral("window"), QJsonObject{{QStringLiteral("start"), windowValue(w.start)},
                                               {QStringLiteral("end"), windowValue(w.end)},
                                               {QStringLiteral("date"), windowValue(w.date)}}},
        {QStringLiteral("incidentCommander"), personJson(personFor(f, Role::IncidentCommander))},
        {QStringLiteral("releaseCaptain"), personJson(personFor(f, Role::ReleaseCaptain))},
        {QStringLiteral("summary"), countsJson(all)},
        {QStringLiteral("fields"), fields},
        {QStringLiteral("sections"), sections},
        {QStringLiteral("items"), items},
        {QStringLiteral("events"), events},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace golive
