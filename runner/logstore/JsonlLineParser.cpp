#include "logstore/JsonlLineParser.h"

#include "log/JsonLineFormatter.h"
#include "logstore/JsonRawMember.h"
#include "logstore/LogTimestamp.h"

#include <simdjson.h>

namespace necrocode {

namespace sj = simdjson;

static_assert(JsonlLineParser::kPadding >= sj::SIMDJSON_PADDING);

namespace {

// A string member as parseJsonLine reads it: empty when it is null or not a string.
std::string_view optionalString(sj::dom::element value)
{
    std::string_view text;
    if (value.get_string().get(text))
        return {};
    return text;
}

} // namespace

struct JsonlLineParser::Engine
{
    sj::dom::parser parser;
    std::string paddedLine;
    std::string extraText;

    std::optional<LogEntryFields> fallback;

    bool parseFast(std::string_view line, LogStoreBatch::Fields &fields);
    bool readExtra(std::string_view line, sj::dom::element value, LogStoreBatch::Fields &fields);
};

bool JsonlLineParser::Engine::readExtra(std::string_view line, sj::dom::element value,
                                        LogStoreBatch::Fields &fields)
{
    sj::dom::object extra;
    if (value.get_object().get(extra) || extra.size() == 0)
        return true; // parseJsonLine keeps an empty extra for anything but an object
    for (const auto [key, member] : extra) {
        if (key == "service") {
            fields.service = optionalString(member);
        } else if (key == "operation") {
            fields.operation = optionalString(member);
        } else if (key == "duration_seconds") {
            double seconds;
            if (member.is_number() && member.get_double().get(seconds) == sj::SUCCESS)
                fields.durationSeconds = float(seconds);
        }
    }
    const std::string_view raw = rawMemberValue(line, "extra");
    if (raw.empty() || raw.front() != '{') {
        extraText = sj::minify(value); // the member's name was written with escapes
        fields.extraJson = extraText;
        return true;
    }
    extraText.resize(raw.size());
    std::size_t minifiedSize = 0;
    if (sj::minify(raw.data(), raw.size(), extraText.data(), minifiedSize))
        return false;
    fields.extraJson =
        minifiedSize == raw.size() ? raw : std::string_view(extraText.data(), minifiedSize);
    return true;
}

bool JsonlLineParser::Engine::parseFast(std::string_view line, LogStoreBatch::Fields &fields)
{
    sj::dom::element root;
    sj::dom::object object;
    if (parser.parse(line.data(), line.size(), false).get(root) || root.get_object().get(object))
        return false;
    fields = LogStoreBatch::Fields();
    bool haveTimestamp = false;
    bool haveLevel = false;
    for (const auto [key, value] : object) {
        std::string_view text;
        if (key == "timestamp") {
            if (value.get_string().get(text))
                return false;
            const auto timestamp = parseLogTimestamp(text);
            if (!timestamp)
                return false;
            fields.timestampMs = timestamp->first;
            fields.utcOffsetSeconds = timestamp->second;
            haveTimestamp = true;
        } else if (key == "level") {
            if (value.get_string().get(text))
                return false;
            const auto level = parseLogLevelUtf8(text);
            if (!level)
                return false;
            fields.level = *level;
            haveLevel = true;
        } else if (key == "message") {
            fields.message = optionalString(value);
        } else if (key == "logger") {
            fields.logger = optionalString(value);
        } else if (key == "runner_id") {
            fields.runnerId = optionalString(value);
        } else if (key == "task_id") {
            fields.taskId = optionalString(value);
        } else if (key == "spec_name") {
            fields.specName = optionalString(value);
        } else if (key == "exception") {
            fields.exception = optionalString(value);
        } else if (key == "extra") {
            if (!readExtra(line, value, fields))
                return false;
        }
    }
    return haveTimestamp && haveLevel;
}

JsonlLineParser::JsonlLineParser() : m_engine(std::make_unique<Engine>()) {}

JsonlLineParser::~JsonlLineParser() = default;

bool JsonlLineParser::parse(std::string_view line, std::size_t readable, LogStoreBatch &batch,
                            QString &error)
{
    LogStoreBatch::Fields fields;
    if (!parse(line, readable, fields, error))
        return false;
    batch.add(fields);
    return true;
}

bool JsonlLineParser::parse(std::string_view line, std::size_t readable,
                            LogStoreBatch::Fields &fields, QString &error)
{
    std::string_view padded = line;
    if (readable < line.size() + kPadding) {
        m_engine->paddedLine.assign(line);
        m_engine->paddedLine.resize(line.size() + kPadding, ' ');
        padded = std::string_view(m_engine->paddedLine.data(), line.size());
    }
    if (m_engine->parseFast(padded, fields))
        return true;
    Result<LogEntry> entry = parseJsonLine(QByteArrayView(line.data(), qsizetype(line.size())));
    if (!entry) {
        error = entry.errorMessage();
        return false;
    }
    fields = m_engine->fallback.emplace(entry.value()).fields();
    return true;
}

} // namespace necrocode
