// A paragraph's inline content as a flat list of pieces, for titles, metadata cells and labels.
#include "runbook/Pieces.h"

#include "runbook/MarkdownText.h"

namespace golive::runbook {

Pieces piecesOf(cmark_node* parent)
{
    Pieces out;
    qsizetype count = 0;
    for (cmark_node* n = cmark_node_first_child(parent); n; n = cmark_node_next(n))
        ++count;
    out.reserve(count);
    for (cmark_node* n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) == CMARK_NODE_TEXT) {
            if (!out.isEmpty() && !out.last().node)
                out.last().text += literalOf(n);
            else
                out.append(Piece{nullptr, literalOf(n), posOf(n)});
        } else {
            out.append(Piece{n, QString(), posOf(n)});
        }
    }
    return out;
}

bool isLineBreak(const Piece& p)
{
    if (!p.node)
        return false;
    const cmark_node_type t = cmark_node_get_type(p.node);
    return t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK;
}

bool isBlankPiece(const Piece& p)
{
    return isLineBreak(p) || (!p.node && QStringView(p.text).trimmed().isEmpty());
}

void trimPieces(Pieces& ps)
{
    while (!ps.isEmpty() && isBlankPiece(ps.first()))
        ps.removeFirst();
    while (!ps.isEmpty() && isBlankPiece(ps.last()))
        ps.removeLast();
    if (!ps.isEmpty() && !ps.first().node) {
        QString& t = ps.first().text;
        qsizetype lead = 0;
        while (lead < t.size() && t[lead].isSpace())
            ++lead;
        ps.first().pos.column += utf8Length(QStringView(t).left(lead));
        t.remove(0, lead);
    }
    if (!ps.isEmpty() && !ps.last().node) {
        QString& t = ps.last().text;
        qsizetype end = t.size();
        while (end > 0 && t[end - 1].isSpace())
            --end;
        t.truncate(end);
    }
}

Pieces slicePieces(const Pieces& ps, qsizetype a, qsizetype ca, qsizetype b, qsizetype cb)
{
    Pieces out;
    for (qsizetype i = a; i <= b && i < ps.size(); ++i) {
        Piece p = ps[i];
        if (!p.node) {
            const qsizetype from = i == a ? ca : 0;
            const qsizetype to = i == b ? cb : p.text.size();
            p.pos.column += utf8Length(QStringView(p.text).left(from));
            p.text = p.text.mid(from, to - from);
            if (p.text.isEmpty())
                continue;
        } else if (i == b) {
            break;
        }
        out.append(p);
    }
    return out;
}

} // namespace golive::runbook
