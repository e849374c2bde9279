// What the wall screen's parts share: text sized in pixels, so that it reads the same from the
// back of the room whatever the desktop's font.
#pragma once

#include "ElidingLabel.h"

#include <QFont>
#include <QWidget>

#include <algorithm>

namespace golive {

// The smallest text that carries state on a 1080-line wall screen (scaled with the view).
inline constexpr double kWallMinimumTextPx = 24;

inline void setPixelFont(QWidget* w, int pixels, bool bold)
{
    QFont f = w->font();
    f.setPixelSize(std::max(8, pixels));
    f.setBold(bold);
    w->setFont(f);
}

} // namespace golive
