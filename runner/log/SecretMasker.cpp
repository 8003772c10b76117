#include "log/SecretMasker.h"

#include "log/JsonLineFormatter.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <array>

namespace necrocode {

namespace {

// Families of secret shapes. The pre-check sets the bit of every family whose trigger word occurs
// in the text; only those regular expressions run.
enum ShapeBit : unsigned {
    BearerToken = 1u << 0,
    AuthorizationValue = 1u << 1,
    KeyValuePair = 1u << 2,
    OpenAiKey = 1u << 3,
    GitHubToken = 1u << 4,
    AwsAccessKeyId = 1u << 5,
    UrlPassword = 1u << 6,
};

// Names of credential fields in `key=value`, `key: value` and JSON shapes. The name must end the
// key, so `max_tokens=` is no credential while `llm_api_key=` is.
constexpr QLatin1StringView kCredentialKey(
    R"re((?:api[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|token|passw(?:or)?d|passphrase|secret|credentials?)(?:\\?["'])?\s*)re");

// A quoted value: a JSON or Python string (the closing quote is optional so that a truncated body
// is still masked) or a string of an escaped JSON text (\"...\"). Captures the content.
constexpr QLatin1StringView kQuotedValue(
    R"re("((?:[^"\\\r\n]|\\.)*)"?|'([^'\r\n]*)'?|\\"((?:[^"\\\r\n]|\\[^"\r\n])*)(?:\\")?)re");

// A bare value ends at a blank, a quote or a delimiter. After `=` (query strings, form bodies)
// `&` ends it too; after `: ` (headers, YAML) it does not; after a `:` with no blank, as in the
// user info of a URL (`x-access-token:TOKEN@host`), `@` and `/` end it.
constexpr QLatin1StringView kBareValueAfterEquals(R"re(([^\s"'&,;<>{}\[\]\\]+))re");
constexpr QLatin1StringView kBareValueAfterColon(R"re(([^\s"',;<>{}\[\]\\]+))re");
constexpr QLatin1StringView kBareValueInUrl(R"re(([^\s"'&,;<>{}\[\]\\@/]+))re");

// Authentication schemes kept in front of the mask so that "Bearer ***" still says what it was.
constexpr QLatin1StringView kAuthScheme(
    R"re((?:(?:bearer|basic|token|digest|negotiate|ntlm|apikey|aws4-hmac-sha256)\s+)?)re");

QString keyValuePattern()
{
    return kCredentialKey % QLatin1StringView(R"re((?:=\s*(?:)re") % kQuotedValue % u'|' %
           kBareValueAfterEquals % QLatin1StringView(R"re()|:\s+(?:)re") % kQuotedValue % u'|' %
           kBareValueAfterColon % QLatin1StringView(R"re()|:(?:)re") % kQuotedValue % u'|' %
           kBareValueInUrl % QLatin1StringView("))");
}

// The whole header value after the scheme: up to the closing quote when quoted, else up to the
// end of the line (Digest and AWS signatures are lists with quotes and commas).
QString authorizationPattern()
{
    return QLatin1StringView(R"re(authorization(?:\\?["'])?\s*[:=]\s*(?:")re") % kAuthScheme %
           QLatin1StringView(R"re(((?:[^"\\\r\n]|\\.)+)|')re") % kAuthScheme %
           QLatin1StringView(R"re(([^'\r\n]+)|\\")re") % kAuthScheme %
           QLatin1StringView(R"re(((?:[^"\\\r\n]|\\[^"\r\n])+)|)re") % kAuthScheme %
           QLatin1StringView(R"re(([^\s"'\\][^\r\n]*)))re");
}

struct Shape
{
    ShapeBit bit;
    QRegularExpression expression; // masks its last captured group, or the whole match
};

const std::array<Shape, 7> &shapes()
{
    static const std::array<Shape, 7> all = [] {
        const auto ci = QRegularExpression::CaseInsensitiveOption;
        auto re = [](const char *pattern) { return QString::fromLatin1(pattern); };
        std::array<Shape, 7> list{{
            {BearerToken,
             QRegularExpression(re(R"re(\bbearer\s+([A-Za-z0-9\-._~+/]{4,}=*))re"), ci)},
            {AuthorizationValue, QRegularExpression(authorizationPattern(), ci)},
            {KeyValuePair, QRegularExpression(keyValuePattern(), ci)},
            {OpenAiKey, QRegularExpression(re(R"re((?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,})re"))},
            {GitHubToken,
             QRegularExpression(re(
                 R"re((?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}))re"))},
            {AwsAccessKeyId,
             QRegularExpression(
                 re(R"re((?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9]))re"))},
            {UrlPassword,
             QRegularExpression(re(R"re(://[^\s/?#@:"'<>\\]*:([^\s/?#@"'<>\\]+)@)re"))},
        }};
        for (const Shape &shape : list) {
            shape.expression.optimize();
            Q_ASSERT_X(shape.expression.isValid(), "SecretMasker",
                       qPrintable(shape.expression.errorString()));
        }
        return list;
    }();
    return all;
}

char16_t lowerAscii(char16_t c)
{
    return (c >= u'A' && c <= u'Z') ? char16_t(c | 0x20) : c;
}

// Case-insensitive comparison of the text at `p` with a lower-case ASCII word.
bool hasWordAt(const char16_t *p, const char16_t *end, const char *lowerWord)
{
    for (; *lowerWord; ++lowerWord, ++p) {
        if (p == end || lowerAscii(*p) != char16_t(*lowerWord))
            return false;
    }
    return true;
}

bool hasExactAt(const char16_t *p, const char16_t *end, const char *word)
{
    for (; *word; ++word, ++p) {
        if (p == end || *p != char16_t(*word))
            return false;
    }
    return true;
}

// One pass over the text that names the shape families worth running; most log text has none.
unsigned possibleShapes(QStringView text)
{
    unsigned bits = 0;
    const char16_t *const begin = text.utf16();
    const char16_t *const end = begin + text.size();
    for (const char16_t *p = begin; p != end; ++p) {
        switch (lowerAscii(*p)) {
        case u'a':
            if (hasWordAt(p, end, "authorization"))
                bits |= AuthorizationValue;
            else if (hasExactAt(p, end, "AKIA") || hasExactAt(p, end, "ASIA"))
                bits |= AwsAccessKeyId;
            break;
        case u'b':
            if (hasWordAt(p, end, "bearer"))
                bits |= BearerToken;
            break;
        case u'c':
            if (hasWordAt(p, end, "credential"))
                bits |= KeyValuePair;
            break;
        case u'g':
            if (hasExactAt(p, end, "github_pat_") || (end - p > 3 && p[1] == u'h' && p[3] == u'_' &&
                                                      QStringView(u"pousr").contains(QChar(p[2]))))
                bits |= GitHubToken;
            break;
        case u'k':
            if (hasWordAt(p, end, "key"))
                bits |= KeyValuePair;
            break;
        case u'p':
            if (hasWordAt(p, end, "pass"))
                bits |= KeyValuePair;
            break;
        case u's':
            if (hasExactAt(p, end, "sk-"))
                bits |= OpenAiKey;
            else if (hasWordAt(p, end, "secret"))
                bits |= KeyValuePair;
            break;
        case u't':
            if (hasWordAt(p, end, "token"))
                bits |= KeyValuePair;
            break;
        case u':':
            if (hasExactAt(p, end, "://"))
                bits |= UrlPassword;
            break;
        default:
            break;
        }
    }
    return bits;
}

struct Span
{
    qsizetype begin;
    qsizetype end;
};

void collectShapeSpans(const QString &text, unsigned bits, std::vector<Span> &spans)
{
    for (const Shape &shape : shapes()) {
        if (!(bits & shape.bit))
            continue;
        QRegularExpressionMatchIterator it = shape.expression.globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch match = it.next();
            const int group = match.lastCapturedIndex();
            const qsizetype begin = match.capturedStart(group);
            const qsizetype end = match.capturedEnd(group);
            if (begin >= 0 && end > begin)
                spans.push_back({begin, end});
        }
    }
}

void collectKnownSpans(const std::vector<QStringMatcher> &forms, const QString &text,
                       std::vector<Span> &spans)
{
    for (const QStringMatcher &matcher : forms) {
        const qsizetype length = matcher.pattern().size();
        for (qsizetype at = matcher.indexIn(text); at >= 0; at = matcher.indexIn(text, at + length))
            spans.push_back({at, at + length});
    }
}

QString replaceSpans(const QString &text, std::vector<Span> &spans)
{
    std::sort(spans.begin(), spans.end(),
              [](const Span &a, const Span &b) { return a.begin < b.begin; });
    QString out;
    out.reserve(text.size());
    qsizetype copied = 0;
    for (auto it = spans.begin(); it != spans.end();) {
        const qsizetype begin = it->begin;
        qsizetype end = it->end;
        for (++it; it != spans.end() && it->begin <= end; ++it)
            end = std::max(end, it->end);
        out.append(QStringView(text).mid(copied, begin - copied));
        out.append(SecretMasker::maskText());
        copied = end;
    }
    out.append(QStringView(text).mid(copied));
    return out;
}

QString jsonEscaped(const QString &text)
{
    QByteArray quoted;
    appendJsonString(quoted, text);
    return QString::fromUtf8(quoted.mid(1, quoted.size() - 2));
}

constexpr std::array<QStringView, 12> kSensitiveKeyEndings{
    u"apikey", u"accesskey",  u"secretkey", u"privatekey",    u"token",      u"password",
    u"passwd", u"passphrase", u"secret",    u"authorization", u"credential", u"credentials"};

// True when `key`, lower-cased and with '_' and '-' left out, ends with `ending`.
bool endsWithFolded(QStringView key, QStringView ending)
{
    qsizetype k = key.size();
    for (qsizetype e = ending.size(); e-- > 0;) {
        char16_t c;
        do {
            if (k == 0)
                return false;
            c = lowerAscii(key[--k].unicode());
        } while (c == u'_' || c == u'-');
        if (c != ending[e].unicode())
            return false;
    }
    return true;
}

} // namespace

void SecretMasker::addKnownSecret(const QString &secret)
{
    if (secret.trimmed().size() < kMinimumSecretLength)
        return;
    const auto known = [this](const QString &form) {
        return std::any_of(m_knownSecretForms.begin(), m_knownSecretForms.end(),
                           [&form](const QStringMatcher &m) { return m.pattern() == form; });
    };
    if (known(secret))
        return;
    ++m_knownSecretCount;
    const QString forms[] = {secret, QString::fromLatin1(QUrl::toPercentEncoding(secret)),
                             jsonEscaped(secret)};
    for (const QString &form : forms) {
        if (!known(form))
            m_knownSecretForms.emplace_back(form, Qt::CaseSensitive);
    }
}

void SecretMasker::addKnownSecrets(const QStringList &secrets)
{
    for (const QString &secret : secrets)
        addKnownSecret(secret);
}

QString SecretMasker::maskKnownSecrets(const QString &text) const
{
    if (text.size() < kMinimumSecretLength)
        return text;
    std::vector<Span> spans;
    collectKnownSpans(m_knownSecretForms, text, spans);
    return spans.empty() ? text : replaceSpans(text, spans);
}

QString SecretMasker::mask(const QString &text) const
{
    if (text.size() < kMinimumSecretLength)
        return text;
    std::vector<Span> spans;
    collectKnownSpans(m_knownSecretForms, text, spans);
    if (const unsigned bits = possibleShapes(text))
        collectShapeSpans(text, bits, spans);
    if (spans.empty())
        return text;
    return replaceSpans(text, spans);
}

void SecretMasker::maskEntry(LogEntry &entry) const
{
    entry.message = mask(entry.message);
    if (!entry.exception.isEmpty())
        entry.exception = mask(entry.exception);
    if (auto extra = maskedObject(entry.extra, false))
        entry.extra = std::move(*extra);
}

QJsonObject SecretMasker::maskJsonObject(const QJsonObject &object) const
{
    return maskedObject(object, false).value_or(object);
}

QJsonValue SecretMasker::maskJsonValue(const QJsonValue &value) const
{
    return maskedValue(value, false).value_or(value);
}

bool SecretMasker::isSensitiveKey(QStringView key)
{
    return std::any_of(kSensitiveKeyEndings.begin(), kSensitiveKeyEndings.end(),
                       [key](QStringView ending) { return endsWithFolded(key, ending); });
}

std::optional<QJsonValue> SecretMasker::maskedValue(const QJsonValue &value, bool sensitive) const
{
    switch (value.type()) {
    case QJsonValue::String: {
        const QString text = value.toString();
        if (sensitive) {
            if (text.isEmpty() || text == maskText())
                return std::nullopt;
            return QJsonValue(maskText());
        }
        QString masked = mask(text);
        if (masked.constData() == text.constData())
            return std::nullopt;
        return QJsonValue(masked);
    }
    case QJsonValue::Double:
        return sensitive ? std::optional<QJsonValue>(maskText()) : std::nullopt;
    case QJsonValue::Object:
        if (auto object = maskedObject(value.toObject(), sensitive))
            return QJsonValue(std::move(*object));
        return std::nullopt;
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        std::optional<QJsonArray> result;
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (auto element = maskedValue(array.at(i), sensitive)) {
                if (!result)
                    result = array;
                result->replace(i, *element);
            }
        }
        if (result)
            return QJsonValue(std::move(*result));
        return std::nullopt;
    }
    default:
        return std::nullopt;
    }
}

std::optional<QJsonObject> SecretMasker::maskedObject(const QJsonObject &object,
                                                      bool sensitive) const
{
    std::optional<QJsonObject> result;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QJsonValue::Type type = it->type();
        if (type == QJsonValue::Bool || type == QJsonValue::Null)
            continue;
        const QString key = it.key();
        if (auto value = maskedValue(it.value(), sensitive || isSensitiveKey(key))) {
            if (!result)
                result = object;
            result->insert(key, *value);
        }
    }
    return result;
}

} // namespace necrocode
