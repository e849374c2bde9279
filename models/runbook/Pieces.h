// A paragraph's inline content as a flat list of pieces, for titles, metadata cells and labels.
#pragma once

#include "Runbook.h"

#include <QList>
#include <QString>

#include <cmark-gfm.h>

namespace golive::runbook {

// A paragraph's inline content as a flat list: runs of text (adjacent text nodes merged, and
// splittable at '|' for metadata) and other inline nodes kept whole.
struct Piece
{
    cmark_node* node = nullptr; // null for a text run
    QString text;
    SourcePos pos;
};
using Pieces = QList<Piece>;

Pieces piecesOf(cmark_node* parent);

bool isLineBreak(const Piece& p);

bool isBlankPiece(const Piece& p);

// Drops leading and trailing whitespace (and empty text runs) of a piece list.
void trimPieces(Pieces& ps);

// Pieces from (piece a, char ca) up to but excluding (piece b, char cb).
Pieces slicePieces(const Pieces& ps, qsizetype a, qsizetype ca, qsizetype b, qsizetype cb);

} // namespace golive::runbook
