// The runbook as golive understands it: sections (tabs), groups, checkable items, fields.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace golive {

// 1-based line and column in the runbook source, as cmark-gfm reports them (columns count
// bytes of UTF-8, not characters).
struct SourcePos
{
    int line = 0;
    int column = 0;
};

// Text of the runbook kept for display. `html` is rich text (inline code, links, emphasis
// kept); `plain` is the same without markup. Wherever a placeholder stood, both hold a token
// made by placeholderToken(fieldKey); renderHtml()/renderPlain() put in the field's value.
//
// Nested plain bullets are flattened in document order; `depth` keeps their indentation
// (0 = directly under the item or group, 1 = a bullet under that bullet, ...). The same holds for
// nested bullets under a procedure step.
struct RunbookText
{
    QString html;
    QString plain;
    SourcePos pos;
    int depth = 0;
};

// A numbered list without checkboxes: steps kept in order (e.g. the rollback plan).
struct RunbookProcedure
{
    QString title; // the text that introduces the list ("Rollback Plan"), may be empty
    QList<RunbookText> steps;
    SourcePos pos;
};

// A command the runbook gives for an item, which the window can run (and `golive exec`):
// a code block under the item (fenced with no language or a shell's: sh, bash, shell,
// console, zsh; or indented), or any code block or inline code span the runbook marks with
// "<!-- golive: run -->" on the item or just before the block.
struct RunbookCommand
{
    QString text;        // exactly as written (a block's lines without the trailing newline)
    QString language;    // a fenced block's info string's first word ("bash"); empty otherwise
    bool marked = false; // chosen by a run annotation
    SourcePos pos;
};

struct RunbookItem
{
    QString id;                     // outline number, e.g. "1.2.1"; unique within a runbook
    QString title;                  // plain title: bold lead without its colon, else the whole line
    QString titleHtml;              // rich title (may contain placeholder tokens)
    bool checkedInTemplate = false; // "- [x]" in the runbook
    QString owner;                  // from trailing "| **Owner:** X"
    QString due;                    // from trailing "| **Due:** DATE"
    QString requiredRole;           // from an invisible annotation, empty when any role may sign
    // Checks golive verifies itself before the item is signed, by name (itemCheckNames() in
    // decision/DecisionSnapshot.h: "previous-complete", "health-green", "slo-ok"), from
    // "<!-- golive: requires=health-green -->" annotations, in the order written.
    QStringList requiredChecks;
    QList<RunbookText> details; // plain bullets / paragraphs under the item: shown, not checkable
    QList<RunbookProcedure> procedures;
    QList<RunbookCommand> commands; // in document order; `golive exec --block N` is 1-based
    QList<RunbookItem> children;
    SourcePos pos;
};

// A group of items inside a section. The first group of a section has an empty title and holds
// what stands before any subheading. Groups are kept flat, in document order, so every reader that
// walks sections -> groups -> items sees every item in runbook order; `depth` and `continuation`
// give the tree:
// - depth 0: a "###" subsection (or the untitled first group); depth 1: a "####" inside the depth-0
//   group before it, or a plain bullet / bold line ("**Onboarding:**") that holds checkboxes;
//   depth 2 and deeper likewise. A group's parent is the nearest group before it with a smaller
//   depth.
// - continuation: the items after a nested group ended, resuming the group they belong to (the
//   nearest group before it at the same depth that is not itself a continuation). It has no row
//   and no title of its own; its items are shown after the nested group's row.
// - A group with no items is reading material (notes only), e.g. a section with no checklist
//   item folded into the tab before it.
struct RunbookGroup
{
    QString title;
    QString titleHtml; // rich title (links kept); may be empty when it has no markup
    SourcePos pos;
    int depth = 0;
    bool continuation = false;
    QList<RunbookText> notes; // paragraphs, bullets, tables, code, quotes that are not items
    QList<RunbookProcedure> procedures;
    QList<RunbookItem> items;
};

struct RunbookSection
{
    QString number; // as the runbook gives it ("0"), else its 1-based position
    QString title;  // without the number
    SourcePos pos;
    QList<RunbookGroup> groups;

    int checkableCount() const;
};

// A release field: a "**Key:** value" header line, or a placeholder found anywhere
// ("[Release Captain Name]", "release/vX.Y.Z"). Placeholders are the run's editable fields.
struct RunbookField
{
    QString key;           // stable slug, e.g. "owner", "start", "branch-name"
    QString label;         // "Owner", "Start", "Branch Name"
    QString templateValue; // the text the runbook gives (for a placeholder: the placeholder)
    bool isPlaceholder = false;
    SourcePos pos;
};

// One "key: value" line of YAML front matter, kept as text (read-only metadata of the run).
struct RunbookMetadata
{
    QString key;
    QString value;
    SourcePos pos;
};

class Runbook
{
public:
    // Never empty after a parse: the "#" title, else front matter's title:/name:, else the first
    // heading, else the file name, else "Checklist".
    QString title;
    QString fileName; // where it was read from (for messages); may be empty
    QList<RunbookField> fields;
    // Text before the first "##" that is not a "**Key:** value" header field (the intro).
    QList<RunbookText> description;
    // YAML front matter ("---" ... "---" at the top), stripped from the text as GitHub does.
    QList<RunbookMetadata> metadata;
    QList<RunbookSection> sections;
    // The reading rules the runbook was parsed with (RunbookParser::CurrentRules for a new run;
    // a run keeps the rules it was made with, so its item ids and field keys never change).
    int rules = 0;

    // Depth-first list of every checkable item, in runbook order.
    QList<const RunbookItem*> allItems() const;
    const RunbookItem* findItem(const QString& id) const;
    // The section an item id belongs to (by its first component), or nullptr.
    const RunbookSection* sectionOf(const QString& itemId) const;
    const RunbookField* findField(const QString& key) const;
    // The value of a front matter key (case-insensitive), or an empty string.
    QString metadataValue(const QString& key) const;
    int checkableCount() const;
};

// Token standing for a placeholder inside RunbookText::html/plain and titles.
// It is U+E000 + key + U+E001; the parser strips those private-use characters from its input.
// Tokens appear in every RunbookText, item title/titleHtml, and section, group and procedure
// titles; Runbook::title (the "#" line) and RunbookField values keep the literal text.
// Placeholders are "[...]" in text (not a link, not a task marker, not "[1]"), "X.Y.Z" version
// tokens and (current rules) "{name}"; a code span without spaces that contains one is a
// placeholder as a whole (current rules: only a version token, only after a bold label).
// Only lines that are release fields have them (see RunbookParser): the header block, a line
// after a bold "**Label:**", an item marked "<!-- golive: field -->".
QString placeholderToken(const QString& fieldKey);
// The tag renderHtml() opens around an unfilled placeholder's text. Its colours are the view's:
// the details pane gives the class a marker from the theme (readable on light and dark); the
// printed report replaces this tag with its own grayscale style.
inline constexpr char kUnfilledPlaceholderClass[] = "unfilled";
inline constexpr char kUnfilledPlaceholderSpan[] = "<span class=\"unfilled\">";
// Replaces placeholder tokens with values (escaped, emphasised) or, when a key has no value,
// with the placeholder text styled so it stands out as unfilled.
QString renderHtml(const QString& text, const Runbook& runbook,
                   const std::function<QString(const QString&)>& valueOf);
QString renderPlain(const QString& text, const Runbook& runbook,
                    const std::function<QString(const QString&)>& valueOf);

} // namespace golive
