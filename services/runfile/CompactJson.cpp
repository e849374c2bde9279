#include "runfile/CompactJson.h"

#include <string_view>

namespace golive::runfile {

namespace {

std::string_view view(QLatin1StringView s)
{
    return {s.data(), size_t(s.size())};
}

} // namespace

void CompactJsonWriter::addKey(QLatin1StringView key)
{
    // QJsonObject keeps its keys sorted and unique; ours are ASCII, so byte order is its order.
    if (m_members > 0) {
        if (!(view(m_lastKey) < view(key)))
            m_ok = false;
        m_out += ',';
    }
    for (const char c : view(key)) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x80 || c == '"' || c == '\\')
            m_ok = false;
    }
    m_lastKey = key;
    ++m_members;
    m_out += '"';
    m_out.append(key.data(), key.size());
    m_out += "\":";
}

void CompactJsonWriter::add(QLatin1StringView key, qint64 value)
{
    addKey(key);
    m_out += QByteArray::number(value);
}

void CompactJsonWriter::add(QLatin1StringView key, const QString& value)
{
    addKey(key);
    if (!m_ok)
        return;
    // Room for the worst case (three UTF-8 bytes a character), written through a cursor, then
    // cut to what was written.
    const qsizetype start = m_out.size();
    m_out.resize(start + 2 + 3 * value.size());
    char* out = m_out.data() + start;
    *out++ = '"';
    for (const QChar qc : value) {
        const char16_t c = qc.unicode();
        if (c < 0x20 || QChar::isSurrogate(c)) {
            // Escapes and pairs this writer does not reproduce itself.
            m_ok = false;
            m_out.resize(start);
            return;
        }
        if (c < 0x80) {
            if (c == u'"' || c == u'\\')
                *out++ = '\\';
            *out++ = char(c);
        } else if (c < 0x800) {
            *out++ = char(0xC0 | (c >> 6));
            *out++ = char(0x80 | (c & 0x3F));
        } else {
            *out++ = char(0xE0 | (c >> 12));
            *out++ = char(0x80 | ((c >> 6) & 0x3F));
            *out++ = char(0x80 | (c & 0x3F));
        }
    }
    *out++ = '"';
    m_out.resize(out - m_out.constData());
}

QByteArray CompactJsonWriter::finish()
{
    m_out += '}';
    return m_out;
}

} // namespace golive::runfile
