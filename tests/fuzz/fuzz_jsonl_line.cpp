// Any bytes as one JSON Lines log record. The reader (simdjson with the Qt fallback) must not
// crash, and the byte-level prefilter of `necrocode-runner logs` must never rule out a line
// that the reader parses and a query matches: for every parsed line, queries made from its own
// level, ids, service and a slice of its message are checked both ways.
#include "logstore/JsonlLineParser.h"
#include "logstore/LogFieldsMatcher.h"
#include "logstore/LogLinePrefilter.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace necrocode;

namespace {

QString textOf(std::string_view utf8)
{
    return QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
}

void checkPrefilter(const LogQuery &query, std::string_view line,
                    const LogStoreBatch::Fields &fields, const char *what)
{
    if (!LogFieldsMatcher(query).matches(fields))
        return;
    const LogLinePrefilter prefilter(query);
    if (prefilter.mayMatch(line, LogLinePrefilter::scopeOf(line)) &&
        prefilter.mayMatch(line, LogLinePrefilter::Scope()))
        return;
    std::fprintf(stderr, "the prefilter ruled out a matching line (%s)\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static JsonlLineParser parser;
    std::string_view input(reinterpret_cast<const char *>(data), size);
    const std::string_view line = input.substr(0, input.find('\n')); // a line has no newline
    std::string padded(line);
    padded.append(JsonlLineParser::kPadding, ' ');
    LogStoreBatch::Fields fields;
    QString error;
    if (!parser.parse(std::string_view(padded.data(), line.size()), padded.size(), fields, error))
        return 0;

    LogQuery byLevel;
    byLevel.acceptOnly(fields.level);
    checkPrefilter(byLevel, line, fields, "level");

    LogQuery byIds;
    byIds.runnerId = textOf(fields.runnerId);
    byIds.taskId = textOf(fields.taskId);
    byIds.service = textOf(fields.service);
    byIds.logger = textOf(fields.logger);
    checkPrefilter(byIds, line, fields, "ids");

    // A slice of the message, chosen by the input's length, in both letter-case modes.
    const QString message = textOf(fields.message);
    if (!message.isEmpty()) {
        LogQuery byText;
        const qsizetype from = qsizetype(size % std::size_t(message.size()));
        byText.text = message.mid(from, 1 + qsizetype(size % 7));
        byText.acceptOnly(fields.level);
        checkPrefilter(byText, line, fields, "text");
        byText.text = byText.text.toUpper();
        checkPrefilter(byText, line, fields, "text in other case");
        byText.caseSensitivity = Qt::CaseSensitive;
        byText.text = message.mid(from, 1 + qsizetype(size % 7));
        checkPrefilter(byText, line, fields, "case-sensitive text");
    }
    return 0;
}
