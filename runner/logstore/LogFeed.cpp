#include "logstore/LogFeed.h"

#include "core/ThreadHandOff.h"

#include <QThread>
#include <QTimer>

#include <vector>

namespace necrocode {

namespace {
constexpr std::size_t kHubBatchEntries = 8192;
}

// The part of the feed that lives on its thread: the subscription, the timer, what is held.
class LogFeedWorker : public QObject
{
public:
    LogFeedWorker(LogSubscription subscription, std::shared_ptr<LogStore> store,
                  std::atomic<quint64> &missed, LogFeed &feed)
        : m_subscription(std::move(subscription)), m_store(std::move(store)), m_missed(missed),
          m_feed(feed)
    {}

    void start()
    {
        m_timer = new QTimer(this);
        m_timer->setInterval(LogFeed::kDrainIntervalMs);
        QObject::connect(m_timer, &QTimer::timeout, this, [this] { drain(); });
        m_timer->start();
        drain();
    }

    void drain()
    {
        std::vector<LogEntry> entries;
        while (entries.size() < LogFeed::kMaxEntriesPerDrain) {
            LogBatch batch = m_subscription.takeBatch(
                std::min(kHubBatchEntries, LogFeed::kMaxEntriesPerDrain - entries.size()));
            m_missed.fetch_add(batch.missed, std::memory_order_relaxed);
            if (batch.isEmpty())
                break;
            if (entries.empty())
                entries = std::move(batch.entries);
            else
                std::move(batch.entries.begin(), batch.entries.end(), std::back_inserter(entries));
        }
        append(entries);
    }

    void append(std::span<const LogEntry> entries)
    {
        if (entries.empty())
            return;
        if (m_held) {
            m_heldEntries.insert(m_heldEntries.end(), entries.begin(), entries.end());
            return;
        }
        m_store->append(entries);
        Q_EMIT m_feed.rowsAppended();
    }

    void hold() { m_held = true; }

    void resume()
    {
        m_held = false;
        std::vector<LogEntry> held = std::move(m_heldEntries);
        m_heldEntries = {};
        append(held);
    }

    void replaceStore(std::shared_ptr<LogStore> store)
    {
        m_store = std::move(store);
        m_heldEntries.clear();
    }

private:
    LogSubscription m_subscription;
    std::shared_ptr<LogStore> m_store;
    std::atomic<quint64> &m_missed;
    LogFeed &m_feed;
    QTimer *m_timer = nullptr;
    bool m_held = false;
    std::vector<LogEntry> m_heldEntries;
};

LogFeed::LogFeed(const LogHub &hub, std::shared_ptr<LogStore> store, QObject *parent)
    : QObject(parent), m_thread(new QThread)
{
    m_thread->setObjectName(QStringLiteral("necrocode-log-feed"));
    m_worker = new LogFeedWorker(hub.subscribeAfter(0), std::move(store), m_missed, *this);
    m_worker->moveToThread(m_thread);
    QObject::connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
    onWorker([](LogFeedWorker &worker) { worker.start(); });
}

LogFeed::~LogFeed()
{
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

void LogFeed::onWorker(const std::function<void(LogFeedWorker &)> &work)
{
    QMetaObject::invokeMethod(m_worker, ThreadHandOff::crossThreadCall([this, &work] {
                                  work(*m_worker);
                                  ThreadHandOff::handOff(&work);
                              }),
                              Qt::BlockingQueuedConnection);
    ThreadHandOff::takeOver(&work);
}

void LogFeed::drainNow()
{
    onWorker([](LogFeedWorker &worker) { worker.drain(); });
}

void LogFeed::append(std::span<const LogEntry> entries)
{
    onWorker([entries](LogFeedWorker &worker) { worker.append(entries); });
}

void LogFeed::hold()
{
    onWorker([](LogFeedWorker &worker) { worker.hold(); });
}

void LogFeed::resume()
{
    onWorker([](LogFeedWorker &worker) { worker.resume(); });
}

void LogFeed::replaceStore(std::shared_ptr<LogStore> store)
{
    onWorker([&store](LogFeedWorker &worker) { worker.replaceStore(std::move(store)); });
}

} // namespace necrocode
