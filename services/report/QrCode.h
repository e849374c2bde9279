// The QR code of the report's last page, as a path to fill.
#pragma once

#include <QPainterPath>
#include <QString>

namespace golive::report {

// The QR code's dark modules as one path (one fill, so no seams between modules), in module
// units, without the quiet zone; *modules is its width in modules. False when `text` cannot be
// encoded.
bool qrPath(const QString& text, QPainterPath* path, int* modules);

} // namespace golive::report
