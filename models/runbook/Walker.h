// The walk over cmark-gfm's tree that builds the Runbook and its diagnostics.
#pragma once

#include "RunbookParser.h"
#include "runbook/Pieces.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringView>

#include <cmark-gfm.h>

namespace golive::runbook {

// Our walk is recursive; cmark-gfm is not, so a hostile file (thousands of nested quotes)
// must not be able to exhaust the stack through us.
constexpr int MaxBlockNesting = 200;
constexpr int MaxInlineNesting = 100;

using Severity = Diagnostic::Severity;

// Who must sign an item whose annotation names a role no one on duty can hold (an unknown
// role, or the read-only observer): the role that answers for the runbook.
constexpr char FallbackSigningRole[] = "release-captain";

// Rendered text: HTML for the views, plain text for search and export.
struct Out
{
    QString html;
    QString plain;
};

// Per line of text: the last "**Label:**" seen names the placeholders that follow it (under the
// current rules a plain "Label:" right before a placeholder names that one).
struct LineCtx
{
    QString label;
    int placeholders = 0;
    int inHtml = 0; // open raw HTML elements (current rules): their text is never a field
};

// Where a block's checklist items, texts and procedures go, and the id prefix and counter
// that number its items.
struct Sink
{
    QList<RunbookItem>* items;
    QList<RunbookText>* texts;
    QList<RunbookProcedure>* procedures;
    QString idPrefix;
    int* counter;
};

// "PREFIX.N" for the sink's next checkable item, built in one allocation (no temporary from
// QString::number): there is one per item.
QString nextId(Sink& sink);

// A list that holds a checklist item, directly or under plain bullets (not inside quotes).
bool listHoldsTasks(cmark_node* list, int nesting);
// The bold node of a line that is only "**Onboarding:**" (or "**Onboarding**") and is followed
// directly by a list holding checklist items; null for any other block.
cmark_node* boldGroupLine(cmark_node* para);

class Walker
{
public:
    Walker(RunbookParseResult& result, const QString& fileName, int rules)
        : m_result(result), m_rb(result.runbook), m_file(fileName), m_rules(rules)
    {
        // Allocated up front so the buffers are never null, hence never shared with a string
        // appended to them, and keep their capacity from block to block.
        m_scratch.html.reserve(512);
        m_scratch.plain.reserve(256);
    }

    void run(cmark_node* document);

private:
    void diag(Severity severity, SourcePos pos, const QString& message)
    {
        m_result.diagnostics.append(Diagnostic{severity, m_file, pos, message});
    }

    // inline rendering; a null ctx renders the literal text without registering placeholders
    void renderPieces(const Pieces& ps, Out& out, LineCtx* ctx, int depth = 0);
    void renderChildren(cmark_node* parent, Out& out, LineCtx* ctx, int depth);
    void noteLabel(QStringView boldText, bool colonAfter, LineCtx* ctx);
    void renderNode(cmark_node* node, Out& out, LineCtx* ctx, int depth);
    void renderText(const QString& text, SourcePos pos, Out& out, LineCtx* ctx);
    void renderLiteral(cmark_node* textNode, Out& out, LineCtx* ctx);
    void renderCode(cmark_node* node, Out& out, LineCtx* ctx);
    QString substitute(const QString& text, SourcePos pos, LineCtx* ctx, bool code);
    QString rawPlain(const Pieces& ps)
    {
        Out o;
        renderPieces(ps, o, nullptr);
        return o.plain;
    }
    QString registerPlaceholder(const QString& label, const QString& templ, SourcePos pos);
    QString newKey(const QString& base);
    void addField(RunbookField field);

    // blocks
    Out renderInlineBlock(cmark_node* node);
    RunbookText textOf(cmark_node* block, int depth, int nesting);
    void blockHtml(cmark_node* block, Out& out, int nesting);
    void blockInto(cmark_node* block, Sink& sink, int depth, int nesting);
    void listInto(cmark_node* list, Sink& sink, int depth, int nesting);
    void plainItemInto(cmark_node* item, Sink& sink, int depth, int nesting);
    void stepInto(cmark_node* item, QList<RunbookText>& steps, Sink& sink, int depth, int nesting);
    RunbookItem taskItem(cmark_node* node, const QString& id, int nesting);
    void titleLine(cmark_node* para, RunbookItem& item);
    void stripMetadata(Pieces& ps, RunbookItem& item);
    void applyAnnotation(const QString& html, SourcePos pos, RunbookItem* item, bool* field,
                         bool* run = nullptr);
    // Commands an item gives (RunbookItem::commands): its line's code spans when marked to
    // run, and code blocks under it (see Runbook.h).
    void lineCommands(cmark_node* para, RunbookItem& item);
    void noteCommand(cmark_node* codeBlock);
    static QString unusableRoleProblem(const QString& value, bool unknown, int rules);
    void resolveUnusableRoles(RunbookItem& item);
    void fallBackTitle(RunbookItem& item);
    bool introducesProcedure(cmark_node* para);
    bool tooDeep(int nesting, SourcePos pos);

    // document structure
    void runLegacy(cmark_node* document);
    void runCurrent(cmark_node* document);
    void headerBlock(cmark_node* block);
    void headerParagraph(cmark_node* para, bool fieldsOnly);
    void openSection(RunbookSection section);
    void startSection(cmark_node* heading);
    void startImplicitSection(cmark_node* block);
    QString implicitSectionNumber(cmark_node* block);
    QString sectionNumber(const QString& given, SourcePos pos);
    void finishSection();
    void startGroup(cmark_node* heading, int depth = 0);
    Sink groupSink();
    QString headingTitle(cmark_node* heading, QString* html = nullptr);
    void settleTitle(cmark_node* firstHeading);

    // groups inside a section (current rules): what a heading group's blocks hold
    cmark_node* groupBlock(cmark_node* block);
    void groupListInto(cmark_node* list, int depth, int nesting);
    void bulletGroup(cmark_node* item, int depth, int nesting);
    void openNestedGroup(const Out& title, SourcePos pos, int depth);
    // The sink of the group that takes a section's next item or note: after a nested group
    // (a bullet or a bold line holding checkboxes) ended, a continuation of the group it stood in.
    Sink contentSink(SourcePos pos);

    RunbookParseResult& m_result;
    Runbook& m_rb;
    QString m_file;
    int m_rules; // RunbookParser::LegacyRules or CurrentRules: which reading to apply
    QHash<QString, qsizetype> m_fieldIndex;     // key -> index in m_rb.fields
    QHash<QString, QString> m_reuse;            // label key + template -> key
    QHash<QString, int> m_nextSuffix;           // slug -> next suffix to try
    QHash<QString, SourcePos> m_sectionNumbers; // number -> heading position
    // "requires=" roles no one can hold, on the item whose annotations are being read
    struct UnusableRole
    {
        QString value;
        bool unknown;
        SourcePos pos;
    };
    QList<UnusableRole> m_unusableRoles;
    // The commands of the item whose blocks are being walked (null outside items); whether its
    // line (or an own-line annotation not before a block) marks its code spans to run.
    QList<RunbookCommand>* m_commands = nullptr;
    bool m_runLine = false;
    int m_topCounter = 0;
    // Current rules only: headings of this level or shallower start tabs (0: none do); the
    // heading that titles the runbook; whether the body (a tab or the implicit first section)
    // has begun; tabs kept so far (those with an item: they alone take position numbers);
    // sections with no item before the first kept tab, to fold into it.
    int m_tabLevel = 0;
    cmark_node* m_titleHeading = nullptr;
    bool m_inBody = false;
    int m_keptTabs = 0;
    QList<RunbookSection> m_leadingReading;
    int m_headingDepth = 0; // depth of the heading group the walk is in
    bool m_resumePending = false;
    int m_resumeDepth = 0;
    bool m_reportedDepth = false;
    // Placeholders become release fields only on lines that are fields: in the header block,
    // after a bold "**Label:**", or in an item marked "<!-- golive: field -->". Elsewhere
    // "[Owner Name]" is just words in a detail. Code is never a field line under the current
    // rules, except a one-word version value after a bold label (see renderCode).
    bool m_everyPlaceholderIsField = false;
    bool makesField(const LineCtx* ctx) const
    {
        return ctx && ctx->inHtml == 0 && (m_everyPlaceholderIsField || !ctx->label.isEmpty());
    }
    Out m_scratch; // reused output buffers for inline rendering (see renderInlineBlock)
    Out& clearedScratch()
    {
        m_scratch.html.truncate(0); // keeps the capacity, unlike clear()
        m_scratch.plain.truncate(0);
        return m_scratch;
    }
};

} // namespace golive::runbook
