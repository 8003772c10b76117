// Any bytes as a log file (gzip when they start like one), read by LogLineSource with block and
// line limits taken from the input. It must not crash; for plain input every line must come
// out in order, either as it was or, when longer than the limit, as the too-long marker.
#include "logstore/LogLineSource.h"

#include <QString>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <sys/mman.h>
#include <unistd.h>

using namespace necrocode;

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "LogLineSource: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 2)
        return 0;
    const qsizetype blockBytes = 1 + data[0] % 64;
    const qsizetype maxLineBytes = 1 + data[1] % 96;
    const std::string_view contents(reinterpret_cast<const char *>(data) + 2, size - 2);

    static const int file = ::memfd_create("log", 0);
    if (::ftruncate(file, 0) != 0 ||
        ::pwrite(file, contents.data(), contents.size(), 0) != ssize_t(contents.size()))
        return 0;
    const QString path = QStringLiteral("/proc/self/fd/%1").arg(file);
    Result<std::unique_ptr<LogLineSource>> source =
        LogLineSource::open(path, {blockBytes, maxLineBytes, false});
    if (!source)
        fail("could not open its input");
    QByteArray read;
    for (;;) {
        Result<LogLineBlock> next = (*source)->next();
        if (!next || next->isEmpty())
            break;
        LogLineBlock block = std::move(next).value();
        if (block.text.at(block.size - 1) != '\n')
            fail("a block does not end at a line");
        read.append(block.text.constData(), block.size);
        (*source)->recycle(std::move(block.text));
    }
    if ((*source)->isCompressed())
        return 0;

    std::string_view expected = contents;
    std::string_view got(read.constData(), std::size_t(read.size()));
    while (!expected.empty()) {
        const std::size_t expectedEnd = std::min(expected.find('\n'), expected.size());
        const std::size_t gotEnd = got.find('\n');
        if (gotEnd == std::string_view::npos)
            fail("a line is missing");
        const std::string_view want = expected.substr(0, expectedEnd);
        const std::string_view have = got.substr(0, gotEnd);
        const bool dropped = have.size() == 1 && have.front() == LogLineSource::kTooLongLine &&
                             want.size() > std::size_t(maxLineBytes);
        if (have != want && !dropped)
            fail("a line came out changed");
        expected.remove_prefix(std::min(expected.size(), expectedEnd + 1));
        got.remove_prefix(gotEnd + 1);
    }
    if (!got.empty())
        fail("a line came out that was not in the input");
    return 0;
}
