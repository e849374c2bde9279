// What a cmark-gfm node is to golive: an annotation, a comment, a task item, a procedure.
#include "runbook/NodeKinds.h"

#include <algorithm>

#include "RunbookParser.h"
#include "runbook/MarkdownText.h"

namespace golive::runbook {

namespace {

// "- [ ]" with nothing after it is not a task item for cmark-gfm (the marker needs a
// following space). The legacy rules took it for a checkbox anyway (and then refused it for
// having no title); GitHub shows it as the text "[ ]", so the current rules do too.
bool isBareCheckbox(cmark_node* item)
{
    cmark_node* para = cmark_node_first_child(item);
    if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
        return false;
    cmark_node* text = cmark_node_first_child(para);
    if (!text || cmark_node_next(text) || cmark_node_get_type(text) != CMARK_NODE_TEXT)
        return false;
    const char* literal = cmark_node_get_literal(text);
    const QLatin1String t = QLatin1String(literal ? literal : "").trimmed();
    return t == QLatin1String("[ ]") || t == QLatin1String("[x]") || t == QLatin1String("[X]");
}

} // namespace

const QRegularExpression& annotationRe()
{
    static const QRegularExpression re(QStringLiteral(R"(^\s*<!--\s*golive\s*:(.*?)-->\s*$)"),
                                       QRegularExpression::DotMatchesEverythingOption |
                                           QRegularExpression::CaseInsensitiveOption);
    return re;
}

bool annotationMarksRun(const QString& html)
{
    const QRegularExpressionMatch m = annotationRe().match(html);
    if (!m.hasMatch())
        return false;
    static const QRegularExpression separators(QStringLiteral(R"([\s,;]+)"));
    const QStringList parts = m.captured(1).split(separators, Qt::SkipEmptyParts);
    return std::any_of(parts.cbegin(), parts.cend(), [](const QString& part) {
        return part.compare(QLatin1String("run"), Qt::CaseInsensitive) == 0;
    });
}

bool isRunMarker(cmark_node* node)
{
    if (!node || cmark_node_get_type(node) != CMARK_NODE_HTML_BLOCK)
        return false;
    const char* literal = cmark_node_get_literal(node);
    return annotationMarksRun(QString::fromUtf8(literal ? literal : ""));
}

bool isComment(const QString& html)
{
    const QString t = html.trimmed();
    return t.startsWith(QLatin1String("<!--")) && t.endsWith(QLatin1String("-->"));
}

// Inline tags a Markdown viewer would render and QTextDocument understands; anything else is
// shown as the text it is.
bool isSimpleTag(const QString& html)
{
    static const QRegularExpression re(
        QStringLiteral(R"(^</?(b|i|em|strong|code|s|del|u|sub|sup|kbd|br)\s*/?>$)"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(html.trimmed()).hasMatch();
}

bool isPlainOrderedList(cmark_node* node, int rules)
{
    if (!node || cmark_node_get_type(node) != CMARK_NODE_LIST ||
        cmark_node_get_list_type(node) != CMARK_ORDERED_LIST)
        return false;
    for (cmark_node* item = cmark_node_first_child(node); item; item = cmark_node_next(item))
        if (isTaskItem(item, rules))
            return false;
    return true;
}

bool isTaskItem(cmark_node* item, int rules)
{
    return isType(item, "tasklist") ||
           (rules < RunbookParser::CurrentRules && isBareCheckbox(item));
}

} // namespace golive::runbook
