#include "log/LogHub.h"

#include <algorithm>
#include <deque>
#include <mutex>

namespace necrocode {

namespace {

// Entries are stored in fixed chunks that never move: a reader pins the chunks it needs under
// the lock and copies the entries after releasing it, while posters fill later slots.
constexpr quint64 kChunkSize = 512;

struct LogChunk
{
    std::unique_ptr<LogEntry[]> slots = std::make_unique<LogEntry[]>(kChunkSize);
};

} // namespace

struct LogHubState
{
    explicit LogHubState(std::size_t capacity) : historyCapacity(std::max<std::size_t>(capacity, 1))
    {}

    // The oldest sequence a reader limited to `capacity` entries may still get. Lock held.
    quint64 oldestAllowed(std::size_t capacity) const
    {
        const quint64 window = std::min(capacity, historyCapacity);
        return std::max(firstStored, next > window ? next - window : 1);
    }

    LogBatch read(quint64 since, std::size_t capacity, std::size_t maxEntries) const;

    const std::size_t historyCapacity;
    mutable std::mutex mutex;
    std::deque<std::shared_ptr<LogChunk>> chunks;
    quint64 firstStored = 1; // sequence of chunks.front()->slots[0]
    quint64 next = 1;        // sequence of the next posted entry
    std::size_t subscribers = 0;
};

LogBatch LogHubState::read(quint64 since, std::size_t capacity, std::size_t maxEntries) const
{
    LogBatch batch;
    std::vector<std::shared_ptr<LogChunk>> pinned;
    quint64 pinnedFrom = 0; // sequence of pinned.front()->slots[0]
    quint64 count = 0;
    {
        const std::lock_guard lock(mutex);
        const quint64 start = std::max(since + 1, oldestAllowed(capacity));
        batch.firstSequence = start;
        batch.missed = start - (since + 1);
        count = start < next ? std::min<quint64>(maxEntries, next - start) : 0;
        if (count > 0) {
            const quint64 firstChunk = (start - firstStored) / kChunkSize;
            const quint64 lastChunk = (start + count - 1 - firstStored) / kChunkSize;
            pinned.assign(chunks.begin() + qsizetype(firstChunk),
                          chunks.begin() + qsizetype(lastChunk + 1));
            pinnedFrom = firstStored + firstChunk * kChunkSize;
        }
    }
    batch.entries.reserve(count);
    for (quint64 sequence = batch.firstSequence; sequence < batch.firstSequence + count;
         ++sequence) {
        const quint64 offset = sequence - pinnedFrom;
        batch.entries.push_back(pinned[offset / kChunkSize]->slots[offset % kChunkSize]);
    }
    return batch;
}

LogSubscription::LogSubscription(std::shared_ptr<LogHubState> state, quint64 lastTaken,
                                 std::size_t capacity)
    : m_state(std::move(state)), m_lastTaken(lastTaken), m_capacity(capacity)
{}

LogSubscription::LogSubscription(LogSubscription &&other) noexcept
    : m_state(std::exchange(other.m_state, nullptr)), m_lastTaken(other.m_lastTaken),
      m_capacity(other.m_capacity), m_dropped(other.m_dropped)
{}

LogSubscription &LogSubscription::operator=(LogSubscription &&other) noexcept
{
    if (this != &other) {
        release();
        m_state = std::exchange(other.m_state, nullptr);
        m_lastTaken = other.m_lastTaken;
        m_capacity = other.m_capacity;
        m_dropped = other.m_dropped;
    }
    return *this;
}

LogSubscription::~LogSubscription()
{
    release();
}

void LogSubscription::release()
{
    if (!m_state)
        return;
    {
        const std::lock_guard lock(m_state->mutex);
        --m_state->subscribers;
    }
    m_state.reset();
}

LogBatch LogSubscription::takeBatch(std::size_t maxEntries)
{
    if (!m_state)
        return {};
    LogBatch batch = m_state->read(m_lastTaken, m_capacity, maxEntries);
    m_dropped += batch.missed;
    m_lastTaken = batch.lastSequence();
    return batch;
}

quint64 LogSubscription::pendingCount() const
{
    if (!m_state)
        return 0;
    const std::lock_guard lock(m_state->mutex);
    const quint64 start = std::max(m_lastTaken + 1, m_state->oldestAllowed(m_capacity));
    return m_state->next > start ? m_state->next - start : 0;
}

quint64 LogSubscription::droppedCount() const
{
    if (!m_state)
        return m_dropped;
    const std::lock_guard lock(m_state->mutex);
    const quint64 oldest = m_state->oldestAllowed(m_capacity);
    return m_dropped + (oldest > m_lastTaken + 1 ? oldest - (m_lastTaken + 1) : 0);
}

LogHub::LogHub(std::size_t historyCapacity)
    : m_state(std::make_shared<LogHubState>(historyCapacity))
{}

LogHub::~LogHub() = default;

quint64 LogHub::post(LogEntry entry)
{
    std::shared_ptr<LogChunk> evicted; // released after the lock
    LogHubState &s = *m_state;
    const std::lock_guard lock(s.mutex);
    const quint64 offset = s.next - s.firstStored;
    if (offset == s.chunks.size() * kChunkSize)
        s.chunks.push_back(std::make_shared<LogChunk>());
    s.chunks.back()->slots[offset % kChunkSize] = std::move(entry);
    const quint64 sequence = s.next++;
    // Written so that an unbounded history (SIZE_MAX) cannot overflow the sum.
    const quint64 stored = s.next - s.firstStored;
    if (stored >= kChunkSize && stored - kChunkSize >= s.historyCapacity) {
        evicted = std::move(s.chunks.front());
        s.chunks.pop_front();
        s.firstStored += kChunkSize;
    }
    return sequence;
}

std::size_t LogHub::historyCapacity() const
{
    return m_state->historyCapacity;
}

quint64 LogHub::lastSequence() const
{
    const std::lock_guard lock(m_state->mutex);
    return m_state->next - 1;
}

quint64 LogHub::oldestSequence() const
{
    const std::lock_guard lock(m_state->mutex);
    return m_state->oldestAllowed(m_state->historyCapacity);
}

LogBatch LogHub::entriesSince(quint64 since, std::size_t maxEntries) const
{
    return m_state->read(since, m_state->historyCapacity, maxEntries);
}

LogSubscription LogHub::subscribe(std::size_t capacity) const
{
    return subscribeAfter(lastSequence(), capacity);
}

LogSubscription LogHub::subscribeAfter(quint64 after, std::size_t capacity) const
{
    {
        const std::lock_guard lock(m_state->mutex);
        ++m_state->subscribers;
    }
    return LogSubscription(m_state, after, std::clamp<std::size_t>(capacity, 1, historyCapacity()));
}

std::size_t LogHub::subscriberCount() const
{
    const std::lock_guard lock(m_state->mutex);
    return m_state->subscribers;
}

} // namespace necrocode
