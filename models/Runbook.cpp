// Runbook queries (items by id, counts, fields) and placeholder rendering.
#include "Runbook.h"

#include "SafeText.h"

#include <QStringView>

namespace golive {

namespace {

constexpr char16_t TokenOpen = 0xE000;
constexpr char16_t TokenClose = 0xE001;

int countItems(const QList<RunbookItem>& items)
{
    int n = 0;
    for (const RunbookItem& item : items)
        n += 1 + countItems(item.children);
    return n;
}

void collectItems(const QList<RunbookItem>& items, QList<const RunbookItem*>& out)
{
    for (const RunbookItem& item : items) {
        out.append(&item);
        collectItems(item.children, out);
    }
}

// Calls `replace(out, key)` for every token and copies the text between tokens; a stray
// opening character without its closing one is kept as it is.
template <typename Replace> QString substituteTokens(const QString& text, Replace&& replace)
{
    if (!text.contains(QChar(TokenOpen)))
        return text;
    QString out;
    out.reserve(text.size() + 32);
    const QStringView view(text);
    qsizetype from = 0;
    while (from < view.size()) {
        const qsizetype open = view.indexOf(QChar(TokenOpen), from);
        const qsizetype close = open < 0 ? -1 : view.indexOf(QChar(TokenClose), open + 1);
        if (close < 0) {
            out.append(view.mid(from));
            break;
        }
        out.append(view.mid(from, open - from));
        replace(out, view.mid(open + 1, close - open - 1).toString());
        from = close + 1;
    }
    return out;
}

QString templateText(const Runbook& runbook, const QString& key)
{
    const RunbookField* field = runbook.findField(key);
    return field ? field->templateValue : key;
}

} // namespace

int RunbookSection::checkableCount() const
{
    int n = 0;
    for (const RunbookGroup& group : groups)
        n += countItems(group.items);
    return n;
}

QList<const RunbookItem*> Runbook::allItems() const
{
    // Counted first: a list grown item by item reallocates a dozen times on a long runbook.
    QList<const RunbookItem*> out;
    out.reserve(checkableCount());
    for (const RunbookSection& section : sections)
        for (const RunbookGroup& group : section.groups)
            collectItems(group.items, out);
    return out;
}

QString Runbook::metadataValue(const QString& key) const
{
    for (const RunbookMetadata& entry : metadata)
        if (entry.key.compare(key, Qt::CaseInsensitive) == 0)
            return entry.value;
    return {};
}

const RunbookItem* Runbook::findItem(const QString& id) const
{
    // Ids are outline positions, so walk straight to the item; the linear scan below only
    // serves hand-built runbooks whose ids do not follow the outline.
    if (const RunbookSection* section = sectionOf(id)) {
        const QList<QStringView> parts = QStringView(id).split(u'.');
        bool ok = false;
        int index = parts.size() >= 2 ? parts[1].toInt(&ok) - 1 : -1;
        const RunbookItem* item = nullptr;
        if (ok && index >= 0) {
            for (const RunbookGroup& group : section->groups) {
                if (index < group.items.size()) {
                    item = &group.items[index];
                    break;
                }
                index -= int(group.items.size());
            }
        }
        for (qsizetype i = 2; item && i < parts.size(); ++i) {
            const int child = parts[i].toInt(&ok) - 1;
            item = ok && child >= 0 && child < item->children.size() ? &item->children[child]
                                                                     : nullptr;
        }
        if (item && item->id == id)
            return item;
    }
    const QList<const RunbookItem*> items = allItems();
    for (const RunbookItem* item : items)
        if (item->id == id)
            return item;
    return nullptr;
}

const RunbookSection* Runbook::sectionOf(const QString& itemId) const
{
    const QStringView number = QStringView(itemId).left(itemId.indexOf(u'.'));
    for (const RunbookSection& section : sections)
        if (section.number == number)
            return &section;
    return nullptr;
}

const RunbookField* Runbook::findField(const QString& key) const
{
    for (const RunbookField& field : fields)
        if (field.key == key)
            return &field;
    return nullptr;
}

int Runbook::checkableCount() const
{
    int n = 0;
    for (const RunbookSection& section : sections)
        n += section.checkableCount();
    return n;
}

QString placeholderToken(const QString& fieldKey)
{
    return QChar(TokenOpen) + fieldKey + QChar(TokenClose);
}

QString renderHtml(const QString& text, const Runbook& runbook,
                   const std::function<QString(const QString&)>& valueOf)
{
    // Links other than http, https and mailto become text: a runbook must not make a click
    // open a local file or run a script.
    return substituteTokens(withoutUnsafeLinks(text), [&](QString& out, const QString& key) {
        const QString value = valueOf ? valueOf(key) : QString();
        if (!value.isEmpty()) {
            out += QLatin1String("<b>") + htmlSafe(value) + QLatin1String("</b>");
            return;
        }
        // Unfilled: the placeholder text on a marker (kUnfilledPlaceholderSpan).
        out += QLatin1String(kUnfilledPlaceholderSpan) +
               templateText(runbook, key).toHtmlEscaped() + QLatin1String("</span>");
    });
}

QString renderPlain(const QString& text, const Runbook& runbook,
                    const std::function<QString(const QString&)>& valueOf)
{
    return substituteTokens(text, [&](QString& out, const QString& key) {
        const QString value = valueOf ? valueOf(key) : QString();
        out += value.isEmpty() ? templateText(runbook, key) : value;
    });
}

} // namespace golive
