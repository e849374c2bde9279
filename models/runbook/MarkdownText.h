// Small text helpers of the runbook walk: cmark-gfm literals, HTML escaping, slugs.
#pragma once

#include "Runbook.h"

#include <QLatin1StringView>
#include <QString>
#include <QStringView>

#include <cmark-gfm.h>

#include <optional>

namespace golive::runbook {

// The private-use characters around a field key in a placeholder token (see placeholderToken).
inline constexpr char16_t PlaceholderTokenOpen = 0xE000;
inline constexpr char16_t PlaceholderTokenClose = 0xE001;

// The node's literal as a QString, without the private-use characters of placeholder tokens.
QString literalOf(cmark_node* node);

SourcePos posOf(cmark_node* node);

bool isType(cmark_node* node, const char* typeString);

// Lower-case words joined by '-', "field" when nothing is left: the base of a field key.
QString slug(QStringView text);

// toHtmlEscaped() without its temporary string: this runs for every word of the runbook.
// Also takes Latin-1 views, so ASCII literals from cmark need no QString of their own.
void appendEscaped(QString& out, QStringView text);
void appendEscaped(QString& out, QLatin1StringView text);

// Same answer as "contains '[', '{' or 'X.Y.Z'", but the single-character searches are vectorised
// and most text has neither character, so the substring search rarely runs.
bool mayHoldPlaceholder(QStringView text);

// The literal as Latin-1 when it is plain ASCII without '[', '{' or 'X': such text can hold no
// placeholder and no (stripped) token character, so it is rendered as is, without decoding it
// into a QString first. Nullopt means "take the general path".
std::optional<QLatin1StringView> plainAscii(const char* s);

// An http, https or mailto URL (any case), the only link targets a runbook may show as links.
bool isWebOrMailUrl(const char* url);

// toHtmlEscaped() of a UTF-8 string, without temporaries for the usual ASCII case.
void appendEscapedUtf8(QString& out, const char* s);

// QString::simplified() always allocates; most titles are simple already.
QString simplifiedText(const QString& text);

int utf8Length(QStringView text);

} // namespace golive::runbook
