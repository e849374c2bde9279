// What a cmark-gfm node is to golive: an annotation, a comment, a task item, a procedure.
#pragma once

#include <QRegularExpression>
#include <QString>

#include <cmark-gfm.h>

namespace golive::runbook {

// An HTML comment "<!-- golive: key=value ... -->", the invisible per-item annotation.
const QRegularExpression& annotationRe();

bool isComment(const QString& html);

// Inline tags a Markdown viewer would render and QTextDocument understands; anything else is
// shown as the text it is.
bool isSimpleTag(const QString& html);

// A checklist item: cmark-gfm's task item, or a bare "- [ ]" the author meant as one.
bool isTaskItem(cmark_node* item);

// An ordered list without checkboxes: a procedure.
bool isPlainOrderedList(cmark_node* node);

} // namespace golive::runbook
