#include "Translations.h"

#include "Logging.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace golive {

void installTranslations(QCoreApplication& app)
{
    const QString asked = qEnvironmentVariable("GOLIVE_LOCALE");
    const QLocale locale = asked.isEmpty() ? QLocale::system() : QLocale(asked);
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qt"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    auto* own = new QTranslator(&app);
    // en_XA names no country QLocale knows: the pseudo-locale is asked for by its name.
    const bool loaded = asked == QLatin1String("en_XA")
                            ? own->load(QStringLiteral(":/i18n/golive_en_XA.qm"))
                            : own->load(locale, QStringLiteral("golive"), QStringLiteral("_"),
                                        QStringLiteral(":/i18n"));
    if (loaded) {
        QCoreApplication::installTranslator(own);
        qCInfo(lcApp).noquote() << "translation:" << own->language();
    } else {
        delete own;
    }
}

} // namespace golive
