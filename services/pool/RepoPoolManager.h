// Keeps the pools of git working copies: creates a pool lazily on the first allocation for a
// repository, hands out free slots (waiting requests are served first come, first served) each
// with a lease, cleans released or expired slots before they are handed out again (their hooks
// and .git/config reset to what the pool wrote), and remembers its pools and allocations across
// restarts in <directory>/pools.json, so a restart never cleans or reassigns a slot in use.
// Single-threaded: it lives on the thread that serves it.
#pragma once

#include "core/Result.h"
#include "pool/GitLauncher.h"
#include "pool/RepoSlot.h"
#include "storage/DiskFlusher.h"

#include <QObject>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
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
        int defaultLeaseSeconds = 7200; // for an allocation that asks for no lease length
        int leaseCheckIntervalMs = 1000;
    };

    struct AllocationRequest
    {
        QString repoUrl;
        QString requiredBy;
        int timeoutMs = 0;
        int leaseSeconds = 0; // 0: Settings::defaultLeaseSeconds
        // The request's Idempotency-Key (may be empty). A request whose key already holds a
        // slot for the same requester gets that allocation again instead of a second slot.
        QString key;
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
    // Starts cleaning the slot; errors of kind "not_found", "conflict" (not allocated) or
    // "lease" (no or another allocation's lease id).
    Result<RepoSlot> release(const QString &slotId, const QString &leaseId);
    // Gives up the allocation made under `key`: waiting requests with that key are answered
    // with an error of kind "withdrawn", and a slot it holds is released as by release(). The
    // released slot, or nothing when the key held none (it never got one, or gave it back).
    std::optional<RepoSlot> withdraw(const QString &key);
    // Extends an allocation's lease by `leaseSeconds` (0: the default) from now; the same errors
    // as release.
    Result<RepoSlot> renew(const QString &slotId, const QString &leaseId, int leaseSeconds);
    // The slot with its current branch and commit read from the working copy.
    void describeSlot(const QString &slotId,
                      const std::function<void(std::optional<RepoSlot>)> &done);
    QList<PoolSummary> pools() const;

private:
    struct Waiter
    {
        quint64 id = 0;
        QString requiredBy;
        int leaseSeconds = 0;
        QString key;
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
        bool everReady = false; // a slot was ready once: the repository exists
    };

    Pool &poolFor(const QString &repoUrl);
    // `held`: slots allocated before a restart, kept as they are until released or expired.
    Pool &addPool(const QString &name, const QString &repoUrl, const QString &defaultBranch,
                  const QList<RepoSlot> &held = {});
    QString uniquePoolName(const QString &repoUrl) const;
    void restorePools();
    void savePools() const;
    std::pair<Pool *, RepoSlot *> findSlot(const QString &slotId);
    // The allocated slot that `leaseId` holds, or the error release and renew answer.
    Result<std::pair<Pool *, RepoSlot *>> heldSlot(const QString &slotId, const QString &leaseId,
                                                   const char *action);

    void prepareSlot(Pool *pool, size_t index);
    void cloneSlot(Pool *pool, size_t index);
    void cleanSlot(Pool *pool, size_t index);
    // Writes back the pool's .git/config and an empty hooks directory: nothing a task left in
    // the repository's control files survives into the next allocation or runs in the pool.
    static Status resetRepositoryControl(const QString &slotPath, const QString &repoUrl);
    void expireLeases();
    void runCleaningSteps(Pool *pool, size_t index);
    void readHead(const RepoSlot &slot,
                  const std::function<void(QString branch, QString commit)> &done);
    void slotReady(Pool *pool, size_t index);
    void slotFailed(Pool *pool, size_t index, const QString &error);

    void handOut(RepoSlot &slot, const QString &requiredBy, int leaseSeconds, const QString &key);
    // The slot allocated under `key` to `requiredBy`, if any.
    RepoSlot *slotAllocatedUnder(const QString &key, const QString &requiredBy);
    // Takes the allocation away from an allocated slot; its cleaning starts from the event loop,
    // after the caller has answered. Returns the slot as it was freed.
    RepoSlot freeSlot(Pool *pool, RepoSlot *slot);
    void serveWaiters(Pool &pool);
    void timeOutWaiter(const QString &poolName, quint64 waiterId);
    // Removes a pool none of whose slots could ever be prepared (a refused repo_url).
    void forgetRefused(const QString &name);
    void retryBrokenSlots(Pool &pool);
    static bool allBroken(const Pool &pool);
    static RepoSlot *firstAvailable(Pool &pool);

    Settings m_settings;
    std::unique_ptr<DiskFlusher> m_flusher; // syncs pools.json after the answers
    std::unique_ptr<QObject> m_context;     // receives git's answers; parent of the waiter timers
    std::unique_ptr<GitLauncher> m_git;     // after m_context: destroyed before it
    std::vector<std::unique_ptr<Pool>> m_pools;
    quint64 m_nextWaiterId = 1;
};

} // namespace necrocode
