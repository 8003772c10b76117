// Drains a LogHub subscription into a LogStore on a thread of its own, so that the thread that
// shows the store (the console's GUI thread) never converts entries. The store has one writer:
// this feed, or, while the feed is held, someone else (a file being loaded); what arrives
// meanwhile is kept and appended on resume. Readers on any thread see the published rows.
#pragma once

#include "log/LogEntry.h"
#include "log/LogHub.h"
#include "logstore/LogStore.h"

#include <QObject>

#include <atomic>
#include <memory>
#include <span>

class QThread;

namespace necrocode {

class LogFeedWorker;

class LogFeed : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDrainIntervalMs = 50;
    static constexpr std::size_t kMaxEntriesPerDrain = 50000;

    // Starts following `hub` (every entry it still holds first) into `store`.
    LogFeed(const LogHub &hub, std::shared_ptr<LogStore> store, QObject *parent = nullptr);
    ~LogFeed() override;

    // Each returns once the feed's thread has done it.
    void drainNow();                                // takes what the hub holds now
    void append(std::span<const LogEntry> entries); // appends as the feed's own
    void hold();   // the feed writes nothing to the store until resume()
    void resume(); // appends what arrived while held
    void replaceStore(std::shared_ptr<LogStore> store); // what was held is dropped

    // Entries the hub dropped because the feed fell behind.
    quint64 missedEntries() const { return m_missed.load(std::memory_order_relaxed); }

Q_SIGNALS:
    // Rows were appended to the store (emitted on the feed's thread).
    void rowsAppended();

private:
    void onWorker(const std::function<void(LogFeedWorker &)> &work);

    QThread *m_thread = nullptr;
    LogFeedWorker *m_worker = nullptr; // lives on m_thread
    std::atomic<quint64> m_missed{0};
};

} // namespace necrocode
