// A decision's snapshot as rich text for the window (the details pane, tooltips): the table and
// lines of snapshotTable(), every piece of data escaped, coloured from the theme.
#pragma once

#include "decision/SnapshotTable.h"

#include <QString>

namespace golive {

// "What golive saw" with the mark of a decision taken over a breach, the table of SLO panels
// (BREACH in the theme's error colour), then the lines (alerts, health, data).
QString snapshotHtml(const SnapshotTable& table);

} // namespace golive
