// What a cmark-gfm node is to golive: an annotation, a comment, a task item, a procedure.
#pragma once

#include <QRegularExpression>
#include <QString>

#include <cmark-gfm.h>

namespace golive::runbook {

// An HTML comment "<!-- golive: key=value ... -->", the invisible per-item annotation.
const QRegularExpression& annotationRe();

bool isComment(const QString& html);

// A golive annotation that names "run" among its parts ("<!-- golive: run -->").
bool annotationMarksRun(const QString& html);
// An HTML block holding such an annotation: it marks the code block right after it.
bool isRunMarker(cmark_node* node);

// Inline tags a Markdown viewer would render and QTextDocument understands; anything else is
// shown as the text it is.
bool isSimpleTag(const QString& html);

// A checklist item: cmark-gfm's task item (what GitHub renders as a checkbox); under the legacy
// reading rules also a bare "- [ ]" with nothing after it.
bool isTaskItem(cmark_node* item, int rules);

// An ordered list without checkboxes: a procedure.
bool isPlainOrderedList(cmark_node* node, int rules);

} // namespace golive::runbook
