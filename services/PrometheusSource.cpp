// Dashboard data from a real Prometheus. The UI thread only sends requests and receives
// finished PanelUpdates: parsing (MBs of JSON), downsampling and judging run on the global
// thread pool, and answers of a superseded refresh are dropped by a generation counter.
#include "PrometheusSource.h"

#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

Q_DECLARE_LOGGING_CATEGORY(lcPrometheus) // defined in PrometheusClient.cpp

namespace golive {
namespace {

// ---------------------------------------------------------------------------------------
// A scanner for the JSON of query_range answers. QJsonDocument builds a tree of QJsonValues
// for every point (~85 ms for 12 x 11,000 points); this reads the same answer straight into
// TimeSeries in one pass. It is a complete JSON syntax checker (any key order, unknown keys
// skipped), but it gives up on anything odd and lets QJsonDocument explain the problem.

// The largest answer handed to QJsonDocument when the fast scanner gives up on it.
constexpr qsizetype kMaxSlowParseBytes = 8 << 20;

struct ShapeError
{
    QString message;
};

class MatrixScanner
{
public:
    explicit MatrixScanner(const QByteArray& body)
        : m_p(body.constData()), m_end(body.constData() + body.size())
    {}

    bool syntaxError() const { return m_syntaxError; }

    // Scans the whole answer. Returns false on a syntax error (syntaxError()) or a shape that
    // is not a Prometheus answer (*error says why).
    bool scan(QList<TimeSeries>* series, QString* status, QString* errorType, QString* error,
              QString* resultType, bool* hasResult)
    {
        if (!expect('{'))
            return false;
        if (tryConsume('}'))
            return atEnd();
        do {
            std::string key;
            if (!readString(&key) || !expect(':'))
                return false;
            if (key == "status") {
                if (!readQString(status))
                    return false;
            } else if (key == "errorType") {
                if (!readQString(errorType))
                    return false;
            } else if (key == "error") {
                if (!readQString(error))
                    return false;
            } else if (key == "data") {
                if (!scanData(series, resultType, hasResult))
                    return false;
            } else if (!skipValue(0)) {
                return false;
            }
        } while (tryConsume(','));
        return expect('}') && atEnd();
    }

private:
    bool scanData(QList<TimeSeries>* series, QString* resultType, bool* hasResult)
    {
        skipWs();
        if (peek() != '{')
            return skipValue(0); // not an object: the caller reports the missing result
        ++m_p;
        if (tryConsume('}'))
            return true;
        do {
            std::string key;
            if (!readString(&key) || !expect(':'))
                return false;
            if (key == "resultType") {
                if (!readQString(resultType))
                    return false;
            } else if (key == "result") {
                skipWs();
                if (peek() != '[')
                    return skipValue(0);
                *hasResult = true;
                if (!scanResult(series))
                    return false;
            } else if (!skipValue(0)) {
                return false;
            }
        } while (tryConsume(','));
        return expect('}');
    }

    bool scanResult(QList<TimeSeries>* series)
    {
        if (!expect('['))
            return false;
        if (tryConsume(']'))
            return true;
        do {
            TimeSeries s;
            if (!scanSeries(&s))
                return false;
            series->append(std::move(s));
        } while (tryConsume(','));
        return expect(']');
    }

    bool scanSeries(TimeSeries* s)
    {
        if (!expect('{'))
            return false;
        if (tryConsume('}'))
            return true;
        do {
            std::string key;
            if (!readString(&key) || !expect(':'))
                return false;
            if (key == "metric") {
                if (!scanMetric(&s->label))
                    return false;
            } else if (key == "values") {
                if (!scanValues(s))
                    return false;
            } else if (!skipValue(0)) { // "histograms" (native histograms) and the like
                return false;
            }
        } while (tryConsume(','));
        return expect('}');
    }

    // {"__name__":"up","job":"api"} -> up{job="api"}, the way Prometheus writes a series.
    bool scanMetric(QString* label)
    {
        if (!expect('{'))
            return false;
        QString name;
        QStringList pairs;
        if (!tryConsume('}')) {
            do {
                std::string key;
                QString value;
                if (!readString(&key) || !expect(':') || !readQString(&value))
                    return false;
                if (key == "__name__")
                    name = value;
                else
                    pairs.append(QString::fromUtf8(key.data(), qsizetype(key.size())) +
                                 QStringLiteral("=\"") + value + QLatin1Char('"'));
            } while (tryConsume(','));
            if (!expect('}'))
                return false;
        }
        *label = name + QLatin1Char('{') + pairs.join(QLatin1Char(',')) + QLatin1Char('}');
        return true;
    }

    bool scanValues(TimeSeries* s)
    {
        if (!expect('['))
            return false;
        if (tryConsume(']'))
            return true;
        // A point is ~28 bytes of JSON; reserving a guess avoids most reallocations.
        const auto guess = std::size_t(std::min<std::ptrdiff_t>((m_end - m_p) / 28, 11001));
        s->timeMs.reserve(guess);
        s->values.reserve(guess);
        do {
            qint64 t = 0;
            double v = 0;
            if (!expect('[') || !readTimestamp(&t) || !expect(',') || !readSampleValue(&v) ||
                !expect(']'))
                return false;
            s->timeMs.push_back(t);
            s->values.push_back(v);
        } while (tryConsume(','));
        return expect(']');
    }

    // 1700000000.123 -> 1700000000123, exactly (no binary floating point on the way).
    bool readTimestamp(qint64* ms)
    {
        skipWs();
        const char* start = m_p;
        bool negative = false;
        if (m_p < m_end && *m_p == '-') {
            negative = true;
            ++m_p;
        }
        qint64 whole = 0;
        int digits = 0;
        while (m_p < m_end && *m_p >= '0' && *m_p <= '9' && digits < 15) {
            whole = whole * 10 + (*m_p++ - '0');
            ++digits;
        }
        if (digits == 0)
            return fail();
        qint64 frac = 0;
        int fracDigits = 0;
        if (m_p < m_end && *m_p == '.') {
            ++m_p;
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9') {
                if (fracDigits < 3) {
                    frac = frac * 10 + (*m_p - '0');
                    ++fracDigits;
                }
                ++m_p;
            }
            if (fracDigits == 0)
                return fail();
        }
        if (m_p < m_end && ((*m_p >= '0' && *m_p <= '9') || *m_p == 'e' || *m_p == 'E')) {
            // Exponent or absurdly long: the general (slower) number reader.
            m_p = start;
            double d = 0;
            if (!readNumber(&d) || !std::isfinite(d))
                return fail();
            *ms = qint64(std::llround(d * 1000.0));
            return true;
        }
        while (fracDigits < 3) {
            frac *= 10;
            ++fracDigits;
        }
        *ms = (whole * 1000 + frac) * (negative ? -1 : 1);
        return true;
    }

    // "0.25", "NaN", "+Inf", "-Inf" (a bare JSON number is accepted too).
    bool readSampleValue(double* v)
    {
        skipWs();
        if (m_p >= m_end)
            return fail();
        if (*m_p != '"')
            return readNumber(v);
        ++m_p;
        const char* start = m_p;
        while (m_p < m_end && *m_p != '"' && *m_p != '\\')
            ++m_p;
        if (m_p >= m_end || *m_p != '"')
            return fail(); // escapes never occur in a number; let QJsonDocument judge it
        const std::string_view text(start, std::size_t(m_p - start));
        ++m_p;
        if (text == "NaN") {
            *v = std::numeric_limits<double>::quiet_NaN();
        } else if (text == "+Inf" || text == "Inf") {
            *v = std::numeric_limits<double>::infinity();
        } else if (text == "-Inf") {
            *v = -std::numeric_limits<double>::infinity();
        } else {
            const auto r = std::from_chars(text.data(), text.data() + text.size(), *v);
            if (r.ec != std::errc() || r.ptr != text.data() + text.size()) {
                m_shapeError = QStringLiteral("a sample value \"%1\" is not a number")
                                   .arg(QString::fromUtf8(text.data(), qsizetype(text.size())));
                return false;
            }
        }
        return true;
    }

    bool readNumber(double* v)
    {
        skipWs();
        const char* start = m_p;
        if (m_p < m_end && *m_p == '-')
            ++m_p;
        while (m_p < m_end && ((*m_p >= '0' && *m_p <= '9') || *m_p == '.' || *m_p == 'e' ||
                               *m_p == 'E' || *m_p == '+' || *m_p == '-'))
            ++m_p;
        if (m_p == start)
            return fail();
        const auto r = std::from_chars(start, m_p, *v);
        if (r.ec != std::errc() || r.ptr != m_p)
            return fail();
        return true;
    }

    bool readQString(QString* out)
    {
        skipWs();
        if (m_p >= m_end || *m_p != '"')
            return failShape(); // e.g. "status": 5
        const char* start = m_p + 1;
        const char* q = start;
        while (q < m_end && *q != '"' && *q != '\\' && static_cast<unsigned char>(*q) >= 0x20)
            ++q;
        if (q < m_end && *q == '"') { // the common case: no escapes
            *out = QString::fromUtf8(start, qsizetype(q - start));
            m_p = q + 1;
            return true;
        }
        std::string s;
        if (!readString(&s))
            return false;
        *out = QString::fromUtf8(s.data(), qsizetype(s.size()));
        return true;
    }

    bool readString(std::string* out)
    {
        skipWs();
        if (m_p >= m_end || *m_p != '"')
            return fail();
        ++m_p;
        out->clear();
        while (m_p < m_end) {
            const char c = *m_p++;
            if (c == '"')
                return true;
            if (static_cast<unsigned char>(c) < 0x20)
                return fail();
            if (c != '\\') {
                out->push_back(c);
                continue;
            }
            if (m_p >= m_end)
                return fail();
            const char e = *m_p++;
            switch (e) {
            case '"':
            case '\\':
            case '/':
                out->push_back(e);
                break;
            case 'b':
                out->push_back('\b');
                break;
            case 'f':
                out->push_back('\f');
                break;
            case 'n':
                out->push_back('\n');
                break;
            case 'r':
                out->push_back('\r');
                break;
            case 't':
                out->push_back('\t');
                break;
            case 'u': {
                char32_t cp = 0;
                if (!readHex4(&cp))
                    return false;
                if (cp >= 0xD800 && cp <= 0xDBFF) { // a surrogate pair
                    char32_t low = 0;
                    if (m_end - m_p < 6 || m_p[0] != '\\' || m_p[1] != 'u')
                        return fail();
                    m_p += 2;
                    if (!readHex4(&low) || low < 0xDC00 || low > 0xDFFF)
                        return fail();
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                appendUtf8(out, cp);
                break;
            }
            default:
                return fail();
            }
        }
        return fail();
    }

    bool readHex4(char32_t* cp)
    {
        if (m_end - m_p < 4)
            return fail();
        for (int i = 0; i < 4; ++i) {
            const char h = *m_p++;
            *cp <<= 4;
            if (h >= '0' && h <= '9')
                *cp |= char32_t(h - '0');
            else if (h >= 'a' && h <= 'f')
                *cp |= char32_t(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
                *cp |= char32_t(h - 'A' + 10);
            else
                return fail();
        }
        return true;
    }

    static void appendUtf8(std::string* out, char32_t cp)
    {
        if (cp < 0x80) {
            out->push_back(char(cp));
        } else if (cp < 0x800) {
            out->push_back(char(0xC0 | (cp >> 6)));
            out->push_back(char(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out->push_back(char(0xE0 | (cp >> 12)));
            out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
            out->push_back(char(0x80 | (cp & 0x3F)));
        } else {
            out->push_back(char(0xF0 | (cp >> 18)));
            out->push_back(char(0x80 | ((cp >> 12) & 0x3F)));
            out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
            out->push_back(char(0x80 | (cp & 0x3F)));
        }
    }

    bool skipValue(int depth)
    {
        if (depth > 64)
            return fail(); // QJsonDocument will say what it thinks of such nesting
        skipWs();
        if (m_p >= m_end)
            return fail();
        switch (*m_p) {
        case '{':
            ++m_p;
            if (tryConsume('}'))
                return true;
            do {
                std::string key;
                if (!readString(&key) || !expect(':') || !skipValue(depth + 1))
                    return false;
            } while (tryConsume(','));
            return expect('}');
        case '[':
            ++m_p;
            if (tryConsume(']'))
                return true;
            do {
                if (!skipValue(depth + 1))
                    return false;
            } while (tryConsume(','));
            return expect(']');
        case '"': {
            std::string ignored;
            return readString(&ignored);
        }
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default: {
            double ignored = 0;
            return readNumber(&ignored);
        }
        }
    }

    bool literal(std::string_view word)
    {
        if (std::size_t(m_end - m_p) < word.size() || std::string_view(m_p, word.size()) != word)
            return fail();
        m_p += word.size();
        return true;
    }

    void skipWs()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }
    char peek() const { return m_p < m_end ? *m_p : '\0'; }
    bool tryConsume(char c)
    {
        skipWs();
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }
    bool expect(char c) { return tryConsume(c) || fail(); }
    bool atEnd()
    {
        skipWs();
        return m_p == m_end || fail();
    }
    bool fail()
    {
        m_syntaxError = true;
        return false;
    }
    bool failShape()
    {
        // Valid JSON of the wrong shape: QJsonDocument's slow path decides.
        m_syntaxError = true;
        return false;
    }

public:
    // A well-formed answer with a value no path can read (no point asking QJsonDocument).
    const QString& shapeError() const { return m_shapeError; }

private:
    QString m_shapeError;
    const char* m_p;
    const char* m_end;
    bool m_syntaxError = false;
};

bool startsWithHtml(const QByteArray& body)
{
    for (const char c : body) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c == '<';
    }
    return false;
}

QString notJsonWords(const QByteArray& body, const QJsonParseError& parseError)
{
    // (No trimmed(): that would copy an answer of up to the size cap just to look at it.)
    if (std::all_of(body.cbegin(), body.cend(),
                    [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }))
        return QStringLiteral("Prometheus answered with an empty body, not JSON");
    if (startsWithHtml(body))
        return QStringLiteral("Prometheus answered with HTML, not the JSON of its API — is this "
                              "the right address?");
    if (parseError.offset >= body.size() - 1 ||
        parseError.error == QJsonParseError::UnterminatedObject ||
        parseError.error == QJsonParseError::UnterminatedArray ||
        parseError.error == QJsonParseError::UnterminatedString)
        return QStringLiteral("Prometheus's answer is cut short: invalid JSON (%1) after %2 of "
                              "%3 bytes")
            .arg(parseError.errorString())
            .arg(parseError.offset)
            .arg(body.size());
    return QStringLiteral("Prometheus's answer is not valid JSON: %1 at byte %2")
        .arg(parseError.errorString())
        .arg(parseError.offset);
}

// Words for {"status":"error","errorType":"bad_data","error":"parse error ..."}.
QString statusErrorWords(const QString& status, const QString& errorType, const QString& error)
{
    QString words = errorType.isEmpty() ? error : errorType + QStringLiteral(": ") + error;
    if (words.isEmpty())
        words = QStringLiteral("Prometheus answered status \"%1\" without saying why").arg(status);
    return words;
}

// The reference path: QJsonDocument. Used when the scanner gives up, so that any answer the
// scanner does not like is still read (or explained) exactly as Qt reads JSON.
bool parseMatrixSlow(const QByteArray& body, QList<TimeSeries>* series, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = notJsonWords(body, parseError);
        return false;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("Prometheus's answer is JSON but not an object");
        return false;
    }
    const QJsonObject root = doc.object();
    const QString status = root.value(QLatin1String("status")).toString();
    if (status != QLatin1String("success")) {
        *error = statusErrorWords(status, root.value(QLatin1String("errorType")).toString(),
                                  root.value(QLatin1String("error")).toString());
        return false;
    }
    const QJsonObject data = root.value(QLatin1String("data")).toObject();
    const QString resultType = data.value(QLatin1String("resultType")).toString();
    if (resultType != QLatin1String("matrix")) {
        *error = QStringLiteral("Prometheus answered a \"%1\" result, not the \"matrix\" of a "
                                "range query")
                     .arg(resultType);
        return false;
    }
    const QJsonValue result = data.value(QLatin1String("result"));
    if (!result.isArray()) {
        *error = QStringLiteral("Prometheus's answer has no data.result list");
        return false;
    }
    QList<TimeSeries> out;
    for (const QJsonValue& item : result.toArray()) {
        const QJsonObject obj = item.toObject();
        TimeSeries s;
        const QJsonObject metric = obj.value(QLatin1String("metric")).toObject();
        QString name;
        QStringList pairs;
        for (auto it = metric.begin(); it != metric.end(); ++it) {
            if (it.key() == QLatin1String("__name__"))
                name = it.value().toString();
            else
                pairs.append(it.key() + QStringLiteral("=\"") + it.value().toString() +
                             QLatin1Char('"'));
        }
        s.label = name + QLatin1Char('{') + pairs.join(QLatin1Char(',')) + QLatin1Char('}');
        for (const QJsonValue& pv : obj.value(QLatin1String("values")).toArray()) {
            const QJsonArray point = pv.toArray();
            if (point.size() != 2 || !point.at(0).isDouble()) {
                *error = QStringLiteral("Prometheus's answer has a point that is not "
                                        "[time, \"value\"]");
                return false;
            }
            s.timeMs.push_back(qint64(std::llround(point.at(0).toDouble() * 1000.0)));
            const QJsonValue v = point.at(1);
            double value = 0;
            if (v.isDouble()) {
                value = v.toDouble();
            } else {
                const QString text = v.toString();
                if (text == QLatin1String("NaN"))
                    value = std::numeric_limits<double>::quiet_NaN();
                else if (text == QLatin1String("+Inf") || text == QLatin1String("Inf"))
                    value = std::numeric_limits<double>::infinity();
                else if (text == QLatin1String("-Inf"))
                    value = -std::numeric_limits<double>::infinity();
                else {
                    bool ok = false;
                    value = text.toDouble(&ok);
                    if (!ok) {
                        *error = QStringLiteral("a sample value \"%1\" is not a number").arg(text);
                        return false;
                    }
                }
            }
            s.values.push_back(value);
        }
        out.append(std::move(s));
    }
    *series = std::move(out);
    return true;
}

QDateTime parseRfc3339(const QString& text)
{
    // Prometheus writes nanoseconds ("2026-01-02T03:04:05.123456789Z"); Qt reads up to ms.
    QString t = text;
    const qsizetype dot = t.indexOf(QLatin1Char('.'));
    if (dot > 0) {
        qsizetype end = dot + 1;
        while (end < t.size() && t.at(end).isDigit())
            ++end;
        if (end - dot - 1 > 3)
            t.remove(dot + 4, end - dot - 4);
    }
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    return dt.isValid() ? dt.toUTC() : QDateTime();
}

int severityRank(const QString& severity)
{
    if (severity == QLatin1String("critical"))
        return 0;
    if (severity == QLatin1String("warning"))
        return 1;
    return 2;
}

// The state the panel shows: the worst over its series; the value shown is the worst
// series' (the one furthest on the wrong side when several share the worst state).
struct Judgement
{
    SloState state = SloState::Unknown;
    double value = std::numeric_limits<double>::quiet_NaN();
};

Judgement judge(const SloSpec& slo, const QList<TimeSeries>& series)
{
    Judgement worst;
    bool have = false;
    for (const TimeSeries& s : series) {
        const SloState state = evaluateSlo(slo, s);
        const double value = s.lastValue(); // +Inf and -Inf are values, NaN is none
        bool take = !have;
        if (have && state != worst.state)
            take = worstOf(state, worst.state) == state;
        else if (have && !std::isnan(value))
            take = std::isnan(worst.value) ||
                   (slo.good == SloSpec::Good::Below ? value > worst.value : value < worst.value);
        if (take) {
            worst = {state, value};
            have = true;
        }
    }
    return worst;
}

QString panelName(const PanelDefinition& panel)
{
    return QStringLiteral("panel \"%1\"").arg(panel.title.isEmpty() ? panel.id : panel.title);
}

// Runs on a worker thread: everything it touches is its own copy.
PanelUpdate buildUpdate(const QByteArray& body, const PanelDefinition& panel, qint64 startMs,
                        qint64 endMs, int columns, const QDateTime& fetchedAtUtc)
{
    PanelUpdate update;
    update.panelId = panel.id;
    update.fetchedAtUtc = fetchedAtUtc;
    QList<TimeSeries> series;
    QString error;
    if (!PrometheusSource::parseMatrix(body, &series, &error)) {
        update.error = panelName(panel) + QStringLiteral(": ") + error;
        return update;
    }
    update.ok = true;
    series.erase(std::remove_if(series.begin(), series.end(),
                                [](const TimeSeries& s) { return s.isEmpty(); }),
                 series.end());
    if (series.isEmpty()) {
        update.error = QStringLiteral("no data for this query");
        return update;
    }
    if (series.size() == 1)
        series.first().label = panel.title;
    const Judgement j = judge(panel.slo, series);
    update.state = j.state;
    update.currentValue = j.value;
    update.series.reserve(series.size());
    for (const TimeSeries& s : series)
        update.series.append(SeriesPoints{s.label, downsampleForChart(s, startMs, endMs, columns)});
    return update;
}

struct AlertsResult
{
    QList<AlertInfo> alerts;
    QString error;
};

} // namespace

PrometheusSource::PrometheusSource(const PrometheusConfig& config, QObject* parent)
    : SloSource(parent), m_client(new PrometheusClient(config, this))
{
    // Queued connections (a UI in another thread, QSignalSpy) need these by name.
    qRegisterMetaType<golive::PanelUpdate>();
    qRegisterMetaType<golive::AlertInfo>();
    qRegisterMetaType<QList<golive::AlertInfo>>();
}

PrometheusSource::~PrometheusSource()
{
    // The client's callbacks capture `this`; cancelling them first means none runs while the
    // members go away. Worker threads still running own copies of everything and their
    // watchers (children of this) die with it, so their results are simply never delivered.
    m_client->cancelAll();
}

QString PrometheusSource::description() const
{
    return QStringLiteral("Prometheus at ") + m_client->config().baseUrl.toDisplayString(
                                                  QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
}

void PrometheusSource::refresh(const Dashboard& dashboard, const QDateTime& startUtc,
                               const QDateTime& endUtc, int columns)
{
    const quint64 generation = ++m_generation;
    // Whatever is still in flight belongs to the previous refresh (or a panel that is gone).
    m_client->cancelAll();

    const qint64 startMs = startUtc.toMSecsSinceEpoch();
    const qint64 endMs = endUtc.toMSecsSinceEpoch();
    const int minStep = std::max(dashboard.minStepSeconds, m_client->config().minStepSeconds);
    const int step =
        PrometheusClient::stepFor((endMs - startMs) / 1000, std::max(columns, 1), minStep);

    for (const PanelDefinition& panel : dashboard.panels) {
        m_client->queryRange(panel.id, panel.query, startUtc, endUtc, step,
                             [this, generation, panel, startMs, endMs,
                              columns](const QByteArray& body, const QString& error) {
                                 if (generation != m_generation)
                                     return;
                                 const QDateTime now = QDateTime::currentDateTimeUtc();
                                 if (!error.isEmpty()) {
                                     PanelUpdate update;
                                     update.panelId = panel.id;
                                     update.error = panelName(panel) + QStringLiteral(": ") + error;
                                     update.fetchedAtUtc = now;
                                     emit panelUpdated(update);
                                     return;
                                 }
                                 auto* watcher = new QFutureWatcher<PanelUpdate>(this);
                                 connect(watcher, &QFutureWatcher<PanelUpdate>::finished, this,
                                         [this, watcher, generation] {
                                             watcher->deleteLater();
                                             if (generation == m_generation)
                                                 emit panelUpdated(watcher->result());
                                         });
                                 watcher->setFuture(QtConcurrent::run(
                                     buildUpdate, body, panel, startMs, endMs, columns, now));
                             });
    }

    m_client->alerts([this, generation](const QByteArray& body, const QString& error) {
        if (generation != m_generation)
            return;
        if (!error.isEmpty()) {
            emit alertsUpdated({}, QStringLiteral("alerts: ") + error);
            return;
        }
        auto* watcher = new QFutureWatcher<AlertsResult>(this);
        connect(watcher, &QFutureWatcher<AlertsResult>::finished, this,
                [this, watcher, generation] {
                    watcher->deleteLater();
                    if (generation != m_generation)
                        return;
                    const AlertsResult r = watcher->result();
                    emit alertsUpdated(r.alerts, r.error);
                });
        watcher->setFuture(QtConcurrent::run([body] {
            AlertsResult r;
            if (!parseAlerts(body, &r.alerts, &r.error))
                r.error = QStringLiteral("alerts: ") + r.error;
            return r;
        }));
    });
}

bool PrometheusSource::parseMatrix(const QByteArray& body, QList<TimeSeries>* series,
                                   QString* error)
{
    QList<TimeSeries> out;
    QString status, errorType, errorText, resultType;
    bool hasResult = false;
    MatrixScanner scanner(body);
    if (!scanner.scan(&out, &status, &errorType, &errorText, &resultType, &hasResult)) {
        if (!scanner.shapeError().isEmpty()) {
            *error = scanner.shapeError();
            return false;
        }
        // Anything the scanner did not take (bad JSON, odd shapes): QJsonDocument decides and
        // explains, for an answer of a reasonable size. Its tree takes many times the JSON's
        // size in memory, so a large answer that is not a range query's is refused as it is.
        if (body.size() > kMaxSlowParseBytes) {
            *error = QStringLiteral("Prometheus's answer (%1 MB) is not the JSON of a range query")
                         .arg(QString::number(double(body.size()) / 1e6, 'f', 1));
            return false;
        }
        QString slowError;
        const bool ok = parseMatrixSlow(body, series, &slowError);
        if (!ok)
            *error = slowError;
        return ok;
    }
    if (status != QLatin1String("success")) {
        *error = statusErrorWords(status, errorType, errorText);
        return false;
    }
    if (resultType != QLatin1String("matrix")) {
        *error = QStringLiteral("Prometheus answered a \"%1\" result, not the \"matrix\" of a "
                                "range query")
                     .arg(resultType);
        return false;
    }
    if (!hasResult) {
        *error = QStringLiteral("Prometheus's answer has no data.result list");
        return false;
    }
    *series = std::move(out);
    return true;
}

bool PrometheusSource::parseAlerts(const QByteArray& body, QList<AlertInfo>* alerts, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = notJsonWords(body, parseError);
        return false;
    }
    const QJsonObject root = doc.object();
    const QString status = root.value(QLatin1String("status")).toString();
    if (status != QLatin1String("success")) {
        *error = statusErrorWords(status, root.value(QLatin1String("errorType")).toString(),
                                  root.value(QLatin1String("error")).toString());
        return false;
    }
    const QJsonValue list =
        root.value(QLatin1String("data")).toObject().value(QLatin1String("alerts"));
    if (!list.isArray()) {
        *error = QStringLiteral("Prometheus's answer has no data.alerts list");
        return false;
    }
    QList<AlertInfo> out;
    for (const QJsonValue& item : list.toArray()) {
        const QJsonObject a = item.toObject();
        AlertInfo info;
        const QJsonObject labels = a.value(QLatin1String("labels")).toObject();
        for (auto it = labels.begin(); it != labels.end(); ++it)
            info.labels.insert(it.key(), it.value().toString());
        info.name = info.labels.value(QStringLiteral("alertname"));
        info.severity = info.labels.value(QStringLiteral("severity"));
        info.state = a.value(QLatin1String("state")).toString();
        const QJsonObject annotations = a.value(QLatin1String("annotations")).toObject();
        info.summary = annotations.value(QLatin1String("summary")).toString();
        if (info.summary.isEmpty())
            info.summary = annotations.value(QLatin1String("description")).toString();
        info.activeAtUtc = parseRfc3339(a.value(QLatin1String("activeAt")).toString());
        out.append(std::move(info));
    }
    // Prometheus lists alerts by rule group, in no order an operator cares about: firing
    // before pending, critical before the rest, the oldest first.
    std::stable_sort(out.begin(), out.end(), [](const AlertInfo& x, const AlertInfo& y) {
        const bool xf = x.state == QLatin1String("firing");
        const bool yf = y.state == QLatin1String("firing");
        if (xf != yf)
            return xf;
        const int xs = severityRank(x.severity), ys = severityRank(y.severity);
        if (xs != ys)
            return xs < ys;
        if (x.activeAtUtc != y.activeAtUtc)
            return x.activeAtUtc < y.activeAtUtc;
        return x.name < y.name;
    });
    *alerts = std::move(out);
    return true;
}

} // namespace golive
