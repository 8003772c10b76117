// Reads one JSON Lines log record (SPEC §3.1) into a LogStoreBatch. The fast path uses
// simdjson; a line it cannot take goes through parseJsonLine, which accepts the same records
// and words the error. One parser per thread.
#pragma once

#include "logstore/LogStoreBatch.h"

#include <QString>

#include <memory>
#include <string>
#include <string_view>

namespace necrocode {

class JsonlLineParser
{
public:
    // Bytes that must be readable after the end of a line for it to be parsed in place.
    static constexpr std::size_t kPadding = 64;

    JsonlLineParser();
    ~JsonlLineParser();
    JsonlLineParser(const JsonlLineParser &) = delete;
    JsonlLineParser &operator=(const JsonlLineParser &) = delete;

    // `line` has no line break; `readable` bytes from line.data() may be read. Adds the entry
    // to `batch`, or returns false and sets `error`.
    bool parse(std::string_view line, std::size_t readable, LogStoreBatch &batch, QString &error);

    // The same, into `fields`: its views point into `line` or into this parser, valid until
    // the next call.
    bool parse(std::string_view line, std::size_t readable, LogStoreBatch::Fields &fields,
               QString &error);

private:
    struct Engine;
    std::unique_ptr<Engine> m_engine;
};

} // namespace necrocode
