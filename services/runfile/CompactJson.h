// The bytes QJsonDocument(object).toJson(QJsonDocument::Compact) gives for a flat object of
// string and integer members, written directly: the chain check hashes one such object per
// event, and building a QJsonObject for each (its inserts, then its writer) was most of the
// cost of opening a long run. A string holding a character whose escaping this does not write
// itself (a control character, a surrogate) makes it give up: the caller then uses
// QJsonDocument, so the bytes are always Qt's.
#pragma once

#include <QByteArray>
#include <QLatin1StringView>
#include <QString>

namespace golive::runfile {

class CompactJsonWriter
{
public:
    // Members must come in the order QJsonObject keeps its keys (sorted); else ok() is false.
    // The keys are not copied: they must outlive the writer (string literals).
    void add(QLatin1StringView key, qint64 value);
    void add(QLatin1StringView key, const QString& value);

    // False when the bytes would not be QJsonDocument's: use it instead.
    bool ok() const { return m_ok; }
    // The object, closed. Only meaningful when ok().
    QByteArray finish();

private:
    void addKey(QLatin1StringView key);

    QByteArray m_out{"{"};
    QLatin1StringView m_lastKey;
    int m_members = 0;
    bool m_ok = true;
};

} // namespace golive::runfile
