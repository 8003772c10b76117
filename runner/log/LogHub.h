// The in-process log stream: any thread posts entries cheaply; consumers (the console, the
// /logs endpoint) pull numbered batches on their own schedule from a bounded history.
#pragma once

#include "log/LogBatch.h"
#include "log/LogSink.h"

#include <limits>
#include <memory>

namespace necrocode {

struct LogHubState;

// A consumer's position in the hub. Takes what was posted since the previous take; when the
// consumer falls more than `capacity` entries behind, the oldest are skipped and counted.
// Unsubscribes when destroyed. One consumer thread uses it; the hub may already be gone.
class LogSubscription
{
public:
    LogSubscription() = default;
    LogSubscription(LogSubscription &&other) noexcept;
    LogSubscription &operator=(LogSubscription &&other) noexcept;
    ~LogSubscription();

    bool isValid() const { return m_state != nullptr; }
    std::size_t capacity() const { return m_capacity; }

    // Up to maxEntries of the oldest entries not yet taken; batch.missed counts the entries
    // skipped since the previous take because the subscription was full.
    LogBatch takeBatch(std::size_t maxEntries = 4096);

    quint64 pendingCount() const; // waiting entries, at most capacity()
    quint64 droppedCount() const; // skipped so far, including those the next take will report

private:
    friend class LogHub;
    LogSubscription(std::shared_ptr<LogHubState> state, quint64 lastTaken, std::size_t capacity);
    void release();

    std::shared_ptr<LogHubState> m_state;
    quint64 m_lastTaken = 0; // sequence of the newest entry already taken or skipped
    std::size_t m_capacity = 0;
    quint64 m_dropped = 0;
};

class LogHub final : public LogSink
{
public:
    static constexpr std::size_t kDefaultHistory = 100000;
    static constexpr std::size_t kWholeHistory = std::numeric_limits<std::size_t>::max();

    explicit LogHub(std::size_t historyCapacity = kDefaultHistory);
    ~LogHub() override;

    LogHub(const LogHub &) = delete;
    LogHub &operator=(const LogHub &) = delete;

    // Appends the entry and returns its sequence number (1, 2, 3, ...). Holds the lock only to
    // move the entry into place; never waits for consumers.
    quint64 post(LogEntry entry);
    void write(const LogEntry &entry) override { post(entry); }
    void flush() override {}

    std::size_t historyCapacity() const;
    quint64 lastSequence() const;   // 0 before the first entry
    quint64 oldestSequence() const; // oldest entry still in the history; lastSequence() + 1 if none

    // Entries with a sequence above `since`, oldest first, at most maxEntries: the catch-up of a
    // late consumer. batch.missed counts requested entries that already left the history.
    LogBatch entriesSince(quint64 since, std::size_t maxEntries) const;

    // A subscription that receives entries posted from now on, or after sequence `after`
    // (0: the whole history). Its capacity is at most the history capacity.
    LogSubscription subscribe(std::size_t capacity = kWholeHistory) const;
    LogSubscription subscribeAfter(quint64 after, std::size_t capacity = kWholeHistory) const;
    std::size_t subscriberCount() const;

private:
    std::shared_ptr<LogHubState> m_state;
};

} // namespace necrocode
