// The window's translations: Qt's own (its dialogs' buttons) and golive's, for the system
// locale; GOLIVE_LOCALE=en_XA asks for the pseudo-locale (every string longer and accented, to
// find labels too narrow for a translation and strings that are not translated).
#pragma once

class QCoreApplication;

namespace golive {

// Installs what it finds into `app`; a locale with no translation keeps golive's English.
void installTranslations(QCoreApplication& app);

} // namespace golive
