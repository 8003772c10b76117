#include "LogStats.h"

#include "logstore/JsonRawMember.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

namespace necrocode {

namespace {

enum DigestFlag : quint8 { HasDuration = 1, HasTokens = 2 };

template <typename T> void appendValue(QByteArray &out, T value)
{
    out.append(reinterpret_cast<const char *>(&value), sizeof value);
}

void appendText(QByteArray &out, std::string_view text)
{
    appendValue(out, quint32(text.size()));
    out.append(text.data(), qsizetype(text.size()));
}

// Reads what appendValue and appendText wrote, in the same order.
class DigestReader
{
public:
    explicit DigestReader(QByteArrayView bytes) : m_at(bytes.data()), m_end(m_at + bytes.size()) {}
    bool atEnd() const { return m_at >= m_end; }
    template <typename T> T value()
    {
        T v;
        std::memcpy(&v, m_at, sizeof v);
        m_at += sizeof v;
        return v;
    }
    QByteArray text()
    {
        const auto size = value<quint32>();
        const char *begin = std::exchange(m_at, m_at + size);
        return QByteArray::fromRawData(begin, qsizetype(size));
    }

private:
    const char *m_at;
    const char *m_end;
};

// A JSON number written as `raw`, when it is one.
std::optional<double> numberOf(std::string_view raw)
{
    if (raw.empty() || !(raw.front() == '-' || (raw.front() >= '0' && raw.front() <= '9')))
        return std::nullopt;
    double value = 0;
    const auto [end, error] = std::from_chars(raw.data(), raw.data() + raw.size(), value);
    if (error != std::errc() || end != raw.data() + raw.size())
        return std::nullopt;
    return value;
}

// A token count as QJsonValue::toInteger() reads it: 0 unless a whole number.
qint64 tokensOf(std::optional<double> value)
{
    if (!value || std::trunc(*value) != *value || std::abs(*value) > 9.0e15)
        return 0;
    return qint64(*value);
}

// The text of a JSON string written as `raw` (UTF-8, escapes resolved); empty otherwise.
// `storage` keeps the text when it had to be unescaped.
std::string_view stringOf(std::string_view raw, QByteArray &storage)
{
    if (raw.size() < 2 || raw.front() != '"')
        return {};
    const std::string_view inner = raw.substr(1, raw.size() - 2);
    if (inner.find('\\') == std::string_view::npos)
        return inner;
    const QJsonDocument parsed = QJsonDocument::fromJson(
        QByteArray("[") + QByteArray(raw.data(), qsizetype(raw.size())) + "]");
    storage = parsed.array().at(0).toString().toUtf8();
    return std::string_view(storage.constData(), std::size_t(storage.size()));
}

// The value under `key`, a view into a block that will be reused: a new key is copied.
template <typename Value> Value &valueOf(QHash<QByteArray, Value> &hash, const QByteArray &key)
{
    auto it = hash.find(key);
    if (it == hash.end())
        it = hash.insert(QByteArray(key.constData(), key.size()), Value{});
    return *it;
}

QJsonObject countsToJson(const QHash<QByteArray, qint64> &counts)
{
    QJsonObject object;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        object.insert(QString::fromUtf8(it.key()), it.value());
    return object;
}

} // namespace

double LogStats::percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto rank = std::size_t(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

void LogStats::appendDigest(QByteArray &out, const LogStoreBatch::Fields &fields)
{
    const std::string_view extra = fields.extraJson;
    // The entry of each finished service call carries it (an LLM call's "response received"
    // entry has request_duration_seconds instead, and is not counted twice).
    const std::optional<double> duration =
        fields.service.empty() ? std::nullopt : numberOf(rawMemberValue(extra, "duration_seconds"));
    const std::optional<double> prompt = numberOf(rawMemberValue(extra, "prompt_tokens"));
    const std::optional<double> completion = numberOf(rawMemberValue(extra, "completion_tokens"));
    const bool tokens = prompt || completion;
    appendValue(out, quint8(fields.level));
    appendValue(out, quint8((duration ? HasDuration : 0) | (tokens ? HasTokens : 0)));
    appendText(out, fields.service);
    appendText(out, fields.operation);
    if (duration)
        appendValue(out, *duration);
    if (!tokens)
        return;
    appendValue(out, tokensOf(prompt));
    appendValue(out, tokensOf(completion));
    QByteArray storage;
    std::string_view model = stringOf(rawMemberValue(extra, "llm_model"), storage);
    if (model.empty())
        model = stringOf(rawMemberValue(extra, "model"), storage);
    appendText(out, model.empty() ? std::string_view("(unknown)") : model);
}

void LogStats::addDigests(QByteArrayView digests)
{
    DigestReader reader(digests);
    while (!reader.atEnd()) {
        ++m_entries;
        const auto level = reader.value<quint8>();
        const auto flags = reader.value<quint8>();
        ++m_byLevel[std::min<int>(level, kLogLevelCount - 1)];
        const QByteArray service = reader.text();
        const QByteArray operation = reader.text();
        if (!service.isEmpty())
            ++valueOf(m_byService, service);
        if (!operation.isEmpty())
            ++valueOf(m_byOperation, operation);
        if (flags & HasDuration) {
            const auto duration = reader.value<double>();
            m_latency[service + '/' + operation].push_back(duration);
        }
        if (flags & HasTokens) {
            const auto prompt = reader.value<qint64>();
            const auto completion = reader.value<qint64>();
            Tokens &tokens = valueOf(m_tokens, reader.text());
            ++tokens.calls;
            tokens.prompt += prompt;
            tokens.completion += completion;
        }
    }
}

QJsonObject LogStats::toJson() const
{
    QJsonObject byLevel;
    for (int level = 0; level < kLogLevelCount; ++level)
        if (m_byLevel[level] > 0)
            byLevel.insert(logLevelName(LogLevel(level)), m_byLevel[level]);
    QJsonObject latency;
    for (auto it = m_latency.cbegin(); it != m_latency.cend(); ++it) {
        std::vector<double> sorted = it.value();
        std::sort(sorted.begin(), sorted.end());
        latency.insert(QString::fromUtf8(it.key()),
                       QJsonObject{{QStringLiteral("count"), qint64(sorted.size())},
                                   {QStringLiteral("p50"), percentile(sorted, 50)},
                                   {QStringLiteral("p95"), percentile(sorted, 95)},
                                   {QStringLiteral("p99"), percentile(sorted, 99)},
                                   {QStringLiteral("max"), sorted.back()}});
    }
    QJsonObject models;
    for (auto it = m_tokens.cbegin(); it != m_tokens.cend(); ++it) {
        const QString name = QString::fromUtf8(it.key());
        const Tokens &tokens = it.value();
        QJsonObject model{{QStringLiteral("calls"), tokens.calls},
                          {QStringLiteral("prompt_tokens"), tokens.prompt},
                          {QStringLiteral("completion_tokens"), tokens.completion},
                          {QStringLiteral("total_tokens"), tokens.prompt + tokens.completion}};
        // Only when the prices setting knows the model (NECROCODE_PRICES or --config); the price
        // is per token, so the cost of the sum is the sum of the costs.
        if (const std::optional<double> cost =
                m_prices.costUsd(name, tokens.prompt, tokens.completion))
            model.insert(QStringLiteral("cost_usd"), *cost);
        models.insert(name, model);
    }
    return QJsonObject{{QStringLiteral("entries"), m_entries},
                       {QStringLiteral("by_level"), byLevel},
                       {QStringLiteral("by_service"), countsToJson(m_byService)},
                       {QStringLiteral("by_operation"), countsToJson(m_byOperation)},
                       {QStringLiteral("latency_seconds"), latency},
                       {QStringLiteral("llm_tokens_by_model"), models}};
}

} // namespace necrocode
