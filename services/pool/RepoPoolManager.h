// Keeps the pools of git working copies: creates a pool lazily on the first allocation for a
// repository, hands out free slots (waiting requests are served first come, first served),
// cleans released slots before they are handed out again, and remembers its pools across
// restarts in <directory>/pools.json. Single-threaded: it lives on the thread that serves it.
#pragma once

#include "core/Result.h"
#include "pool/RepoSlot.h"

#include <QObject>

#include <deque>
#include <functional>
#include <memory>
#include <vector>

namespace necrocode {

class RepoPoolManager
{
public:
    struct Settings
    {
        QString directory;
        int slotsPerPool = 2;
        int gitTimeoutMs = 120000;
    };

    struct AllocationRequest
    {
        QString repoUrl;
        QString requiredBy;
        int timeoutMs = 0;
        // False once the requester went away: it is then skipped instead of served.
        std::function<bool()> stillWanted;
    };
    // Called exactly once: with the allocated slot, or with an error of kind "timeout" (no slot
    // became free in time) or "unavailable" (every slot of the pool is broken; the message holds
    // git's error).
    using AllocationDone = std::function<void(const Result<RepoSlot> &)>;

    explicit RepoPoolManager(Settings settings);
    ~RepoPoolManager();
    RepoPoolManager(const RepoPoolManager &) = delete;
    RepoPoolManager &operator=(const RepoPoolManager &) = delete;

    void allocate(const AllocationRequest &request, AllocationDone done);
    // Starts cleaning the slot; errors of kind "not_found" or "conflict" (not allocated).
    Result<RepoSlot> release(const QString &slotId);
    // The slot with its current branch and commit read from the working copy.
    void describeSlot(const QString &slotId, std::function<void(std::optional<RepoSlot>)> done);
    QList<PoolSummary> pools() const;

private:
    struct Waiter
    {
        quint64 id = 0;
        QString requiredBy;
        std::function<bool()> stillWanted;
        AllocationDone done;
    };
    struct Pool
    {
        QString name;
        QString repoUrl;
        QString directory;
        QString defaultBranch;
        std::vector<RepoSlot> slots;
        std::deque<Waiter> waiters;
    };

    Pool &poolFor(const QString &repoUrl);
    Pool &addPool(const QString &name, const QString &repoUrl, const QString &defaultBranch);
    QString uniquePoolName(const QString &repoUrl) const;
    void restorePools();
    void savePools() const;
    std::pair<Pool *, RepoSlot *> findSlot(const QString &slotId);

    void prepareSlot(Pool *pool, size_t index);
    void cloneSlot(Pool *pool, size_t index);
    void ensureCommitIdentity(Pool *pool, size_t index);
    void cleanSlot(Pool *pool, size_t index);
    void runCleaningSteps(Pool *pool, size_t index);
    void readHead(const RepoSlot &slot, std::function<void(QString branch, QString commit)> done);
    void slotReady(Pool *pool, size_t index);
    void slotFailed(Pool *pool, size_t index, const QString &error);

    void handOut(RepoSlot &slot, const QString &requiredBy);
    void serveWaiters(Pool &pool);
    void timeOutWaiter(Pool *pool, quint64 waiterId);
    void retryBrokenSlots(Pool &pool);
    static bool allBroken(const Pool &pool);
    static RepoSlot *firstAvailable(Pool &pool);

    Settings m_settings;
    std::unique_ptr<QObject> m_context; // parent of git processes and waiter timers
    std::vector<std::unique_ptr<Pool>> m_pools;
    quint64 m_nextWaiterId = 1;
};

} // namespace necrocode
