// A run of consecutive log entries taken from the log hub, with their sequence numbers.
#pragma once

#include "log/LogEntry.h"

#include <vector>

namespace necrocode {

struct LogBatch
{
    std::vector<LogEntry> entries;
    quint64 firstSequence = 0; // sequence number of entries[0]; the rest follow one by one
    quint64 missed = 0;        // entries that were due before this batch but are gone

    quint64 sequenceAt(std::size_t index) const { return firstSequence + index; }
    // The sequence to ask for entries after this batch; also meaningful when it is empty.
    quint64 lastSequence() const { return firstSequence + entries.size() - 1; }
    bool isEmpty() const { return entries.empty(); }
};

} // namespace necrocode
