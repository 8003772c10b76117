// Any bytes as a server-sent-events stream (a worker's /logs, a streaming chat completion), fed
// to SseParser whole and in chunks whose size and event limit come from the input. It must not
// crash, and how the bytes arrive must not change the events or the count of dropped ones.
#include "net/SseParser.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace necrocode;

namespace {

QList<SseEvent> parseAll(SseParser &parser, const QByteArray &stream, qsizetype chunkBytes)
{
    QList<SseEvent> events;
    for (qsizetype at = 0; at < stream.size(); at += chunkBytes)
        events += parser.feed(stream.mid(at, chunkBytes));
    events += parser.finish();
    return events;
}

bool same(const QList<SseEvent> &a, const QList<SseEvent> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].event != b[i].event || a[i].data != b[i].data || a[i].id != b[i].id)
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 2)
        return 0;
    const qsizetype maxEventBytes = 1 + qsizetype(data[0]) * 37;
    const qsizetype chunkBytes = 1 + data[1] % 64;
    const QByteArray stream(reinterpret_cast<const char *>(data) + 2, qsizetype(size - 2));
    SseParser whole(maxEventBytes);
    SseParser chunked(maxEventBytes);
    const QList<SseEvent> expected = parseAll(whole, stream, stream.size() + 1);
    const QList<SseEvent> got = parseAll(chunked, stream, chunkBytes);
    if (!same(expected, got) || whole.droppedEvents() != chunked.droppedEvents()) {
        std::fprintf(stderr, "SseParser: %lld events whole, %lld in chunks of %lld\n",
                     static_cast<long long>(expected.size()), static_cast<long long>(got.size()),
                     static_cast<long long>(chunkBytes));
        std::abort();
    }
    for (const SseEvent &event : got) {
        if (event.data.size() > maxEventBytes) {
            std::fprintf(stderr, "SseParser: an event over the limit was kept\n");
            std::abort();
        }
    }
    return 0;
}
