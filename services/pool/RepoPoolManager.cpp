#include "pool/RepoPoolManager.h"

#include "UtcTimestamp.h"
#include "pool/GitCommand.h"
#include "pool/WorkingCopySteps.h"
#include "workspace/AtomicFileWrite.h"
#include "workspace/GitHardening.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>
#include <QUuid>

namespace necrocode {

namespace {

const QString poolsFileName = QStringLiteral("pools.json");

Error slotError(const QString &message, const char *kind)
{
    return makeError(message, QString::fromLatin1(kind));
}

} // namespace

RepoPoolManager::RepoPoolManager(Settings settings)
    : m_settings(std::move(settings)), m_flusher(std::make_unique<DiskFlusher>()),
      m_context(std::make_unique<QObject>()), m_git(std::make_unique<GitLauncher>(m_context.get()))
{
    m_settings.slotsPerPool = std::max(1, m_settings.slotsPerPool);
    QDir().mkpath(m_settings.directory);
    restorePools();
    auto *leaseTimer = new QTimer(m_context.get());
    QObject::connect(leaseTimer, &QTimer::timeout, m_context.get(), [this] { expireLeases(); });
    leaseTimer->start(std::max(10, m_settings.leaseCheckIntervalMs));
}

RepoPoolManager::~RepoPoolManager() = default;

void RepoPoolManager::allocate(const AllocationRequest &request, AllocationDone done)
{
    if (RepoSlot *earlier = slotAllocatedUnder(request.key, request.requiredBy);
        earlier && earlier->repoUrl == request.repoUrl) {
        done(*earlier);
        return;
    }
    Pool &pool = poolFor(request.repoUrl);
    RepoSlot *free = firstAvailable(pool);
    if (free && pool.waiters.empty()) {
        handOut(*free, request.requiredBy, request.leaseSeconds, request.key);
        done(*free);
        return;
    }
    retryBrokenSlots(pool);
    if (allBroken(pool)) {
        done(slotError(QStringLiteral("no slot of %1 can be prepared: %2")
                           .arg(pool.repoUrl, pool.slots.front().lastError),
                       "unavailable"));
        return;
    }
    if (request.timeoutMs <= 0) {
        done(slotError(QStringLiteral("no free slot for %1").arg(pool.repoUrl), "timeout"));
        return;
    }
    const quint64 id = m_nextWaiterId++;
    pool.waiters.push_back(Waiter{id, request.requiredBy, request.leaseSeconds, request.key,
                                  request.stillWanted, std::move(done)});
    QTimer::singleShot(request.timeoutMs, m_context.get(),
                       [this, name = pool.name, id] { timeOutWaiter(name, id); });
}

Result<std::pair<RepoPoolManager::Pool *, RepoSlot *>>
RepoPoolManager::heldSlot(const QString &slotId, const QString &leaseId, const char *action)
{
    auto [pool, slot] = findSlot(slotId);
    if (!slot)
        return slotError(QStringLiteral("unknown slot '%1'").arg(slotId), "not_found");
    if (slot->state != SlotState::Allocated)
        return slotError(QStringLiteral("slot '%1' is %2, not allocated; it cannot be %3")
                             .arg(slotId, slotStateName(slot->state), QLatin1String(action)),
                         "conflict");
    if (leaseId.isEmpty())
        return slotError(QStringLiteral("slot '%1' cannot be %2 without the lease_id its "
                                        "allocation returned")
                             .arg(slotId, QLatin1String(action)),
                         "lease");
    if (leaseId != slot->leaseId)
        return slotError(QStringLiteral("slot '%1' is held by another allocation: the lease_id "
                                        "does not match (an expired lease was given to someone "
                                        "else)")
                             .arg(slotId),
                         "lease");
    return std::pair{pool, slot};
}

Result<RepoSlot> RepoPoolManager::renew(const QString &slotId, const QString &leaseId,
                                        int leaseSeconds)
{
    const auto held = heldSlot(slotId, leaseId, "renewed");
    if (!held)
        return held.error();
    RepoSlot *slot = held->second;
    const int seconds = leaseSeconds > 0 ? leaseSeconds : m_settings.defaultLeaseSeconds;
    slot->leaseExpiresAtMs = QDateTime::currentMSecsSinceEpoch() + qint64(seconds) * 1000;
    savePools();
    return *slot;
}

Result<RepoSlot> RepoPoolManager::release(const QString &slotId, const QString &leaseId)
{
    const auto held = heldSlot(slotId, leaseId, "released");
    if (!held)
        return held.error();
    auto [pool, slot] = *held;
    const RepoSlot snapshot = freeSlot(pool, slot);
    savePools();
    return snapshot;
}

std::optional<RepoSlot> RepoPoolManager::withdraw(const QString &key)
{
    if (key.isEmpty())
        return std::nullopt;
    std::optional<RepoSlot> released;
    for (const auto &pool : m_pools) {
        std::vector<AllocationDone> withdrawn;
        std::erase_if(pool->waiters, [&](Waiter &waiter) {
            if (waiter.key != key)
                return false;
            withdrawn.push_back(std::move(waiter.done));
            return true;
        });
        for (const AllocationDone &done : withdrawn)
            done(slotError(QStringLiteral("the allocation was withdrawn"), "withdrawn"));
        for (RepoSlot &slot : pool->slots) {
            if (slot.state == SlotState::Allocated && slot.allocationKey == key) {
                released = freeSlot(pool.get(), &slot);
            }
        }
    }
    if (released)
        savePools();
    return released;
}

RepoSlot *RepoPoolManager::slotAllocatedUnder(const QString &key, const QString &requiredBy)
{
    if (key.isEmpty())
        return nullptr;
    for (const auto &pool : m_pools) {
        for (RepoSlot &slot : pool->slots) {
            if (slot.state == SlotState::Allocated && slot.allocationKey == key &&
                slot.allocatedTo == requiredBy)
                return &slot;
        }
    }
    return nullptr;
}

RepoSlot RepoPoolManager::freeSlot(Pool *pool, RepoSlot *slot)
{
    slot->state = SlotState::Cleaning;
    slot->allocatedTo.clear();
    slot->leaseId.clear();
    slot->allocationKey.clear();
    slot->leaseExpiresAtMs = 0;
    slot->releasedAt = isoUtcNow();
    RepoSlot snapshot = *slot;
    // Cleaning starts git and rewrites the slot's control files; the caller answers first.
    QTimer::singleShot(0, m_context.get(), [this, pool, index = size_t(slot - pool->slots.data())] {
        const bool poolKept = std::any_of(m_pools.cbegin(), m_pools.cend(),
                                          [pool](const auto &kept) { return kept.get() == pool; });
        if (poolKept && pool->slots[index].state == SlotState::Cleaning)
            prepareSlot(pool, index);
    });
    return snapshot;
}

void RepoPoolManager::describeSlot(const QString &slotId,
                                   const std::function<void(std::optional<RepoSlot>)> &done)
{
    auto [pool, slot] = findSlot(slotId);
    if (!slot) {
        done(std::nullopt);
        return;
    }
    if (slot->state == SlotState::Cleaning || slot->state == SlotState::Error) {
        done(*slot);
        return;
    }
    const size_t index = size_t(slot - pool->slots.data());
    readHead(*slot, [owner = pool, index, done](const QString &branch, const QString &commit) {
        RepoSlot &current = owner->slots[index];
        if (!commit.isEmpty()) {
            current.branch = branch;
            current.commit = commit;
        }
        done(current);
    });
}

QList<PoolSummary> RepoPoolManager::pools() const
{
    QList<PoolSummary> summaries;
    for (const auto &pool : m_pools) {
        PoolSummary s;
        s.name = pool->name;
        s.repoUrl = pool->repoUrl;
        s.defaultBranch = pool->defaultBranch;
        s.totalSlots = int(pool->slots.size());
        s.waitingRequests = int(pool->waiters.size());
        for (const RepoSlot &slot : pool->slots) {
            switch (slot.state) {
            case SlotState::Available:
                ++s.availableSlots;
                break;
            case SlotState::Allocated:
                ++s.allocatedSlots;
                break;
            case SlotState::Cleaning:
                ++s.cleaningSlots;
                break;
            case SlotState::Error:
                ++s.errorSlots;
                break;
            }
        }
        summaries.append(s);
    }
    return summaries;
}

RepoPoolManager::Pool &RepoPoolManager::poolFor(const QString &repoUrl)
{
    for (const auto &pool : m_pools) {
        if (pool->repoUrl == repoUrl)
            return *pool;
    }
    Pool &pool = addPool(uniquePoolName(repoUrl), repoUrl, {});
    savePools();
    return pool;
}

RepoPoolManager::Pool &RepoPoolManager::addPool(const QString &name, const QString &repoUrl,
                                                const QString &defaultBranch,
                                                const QList<RepoSlot> &held)
{
    auto pool = std::make_unique<Pool>();
    pool->name = name;
    pool->repoUrl = repoUrl;
    pool->directory = QDir(m_settings.directory).filePath(name);
    pool->defaultBranch = defaultBranch;
    for (int n = 1; n <= m_settings.slotsPerPool; ++n) {
        RepoSlot slot;
        slot.number = n;
        slot.id = QStringLiteral("workspace-%1-slot%2").arg(name).arg(n);
        slot.path = QDir(pool->directory).filePath(QStringLiteral("slot%1").arg(n));
        slot.repoUrl = repoUrl;
        slot.poolName = name;
        slot.defaultBranch = defaultBranch;
        slot.state = SlotState::Cleaning;
        for (const RepoSlot &h : held) {
            if (h.id != slot.id || h.leaseId.isEmpty())
                continue;
            slot.state = SlotState::Allocated;
            slot.leaseId = h.leaseId;
            slot.leaseExpiresAtMs = h.leaseExpiresAtMs;
            slot.allocatedTo = h.allocatedTo;
            slot.allocationKey = h.allocationKey;
            slot.allocatedAt = h.allocatedAt;
            slot.allocationCount = h.allocationCount;
        }
        pool->slots.push_back(slot);
    }
    m_pools.push_back(std::move(pool));
    Pool *added = m_pools.back().get();
    for (size_t i = 0; i < added->slots.size(); ++i)
        if (added->slots[i].state != SlotState::Allocated)
            prepareSlot(added, i);
    return *added;
}

QString RepoPoolManager::uniquePoolName(const QString &repoUrl) const
{
    const QString base = repositoryBaseName(repoUrl);
    QString name = base;
    for (int n = 2;; ++n) {
        const bool taken = std::any_of(m_pools.begin(), m_pools.end(),
                                       [&](const auto &pool) { return pool->name == name; });
        if (!taken)
            return name;
        name = QStringLiteral("%1-%2").arg(base).arg(n);
    }
}

void RepoPoolManager::restorePools()
{
    QFile file(QDir(m_settings.directory).filePath(poolsFileName));
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QJsonArray pools =
        QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("pools")).toArray();
    QList<RepoSlot> held;
    for (const auto &value : pools) {
        const QJsonObject o = value.toObject();
        const QString name = o.value(QStringLiteral("name")).toString();
        const QString repoUrl = o.value(QStringLiteral("repo_url")).toString();
        if (name.isEmpty() || repoUrl.isEmpty())
            continue;
        held.clear();
        const QJsonArray allocations = o.value(QStringLiteral("allocations")).toArray();
        for (const auto &a : allocations) {
            const QJsonObject allocation = a.toObject();
            RepoSlot slot;
            slot.id = allocation.value(QStringLiteral("slot_id")).toString();
            slot.leaseId = allocation.value(QStringLiteral("lease_id")).toString();
            slot.leaseExpiresAtMs =
                qint64(allocation.value(QStringLiteral("lease_expires_at_ms")).toDouble());
            slot.allocatedTo = allocation.value(QStringLiteral("allocated_to")).toString();
            slot.allocationKey = allocation.value(QStringLiteral("allocation_key")).toString();
            slot.allocatedAt = allocation.value(QStringLiteral("allocated_at")).toString();
            slot.allocationCount = allocation.value(QStringLiteral("allocation_count")).toInt();
            held.append(slot);
        }
        addPool(name, repoUrl, o.value(QStringLiteral("default_branch")).toString(), held)
            .everReady = true;
    }
}

void RepoPoolManager::savePools() const
{
    QJsonArray pools;
    for (const auto &pool : m_pools) {
        QJsonArray allocations;
        for (const RepoSlot &slot : pool->slots) {
            if (slot.state != SlotState::Allocated)
                continue;
            allocations.append(
                QJsonObject{{QStringLiteral("slot_id"), slot.id},
                            {QStringLiteral("lease_id"), slot.leaseId},
                            {QStringLiteral("lease_expires_at_ms"), double(slot.leaseExpiresAtMs)},
                            {QStringLiteral("allocated_to"), slot.allocatedTo},
                            {QStringLiteral("allocation_key"), slot.allocationKey},
                            {QStringLiteral("allocated_at"), slot.allocatedAt},
                            {QStringLiteral("allocation_count"), slot.allocationCount}});
        }
        pools.append(QJsonObject{{QStringLiteral("name"), pool->name},
                                 {QStringLiteral("repo_url"), pool->repoUrl},
                                 {QStringLiteral("default_branch"), pool->defaultBranch},
                                 {QStringLiteral("allocations"), allocations}});
    }
    // Written whole and renamed into place: a crash leaves the old file or the new one. It reaches
    // the disk after the answer (see DiskFlusher).
    const QString path = QDir(m_settings.directory).filePath(poolsFileName);
    const Status written = writeFileAtomically(
        path, QJsonDocument(QJsonObject{{QStringLiteral("pools"), pools}}).toJson());
    if (!written)
        qWarning("repo pool: cannot save its allocations: %s", qPrintable(written.errorMessage()));
    else
        m_flusher->flush(path);
}

std::pair<RepoPoolManager::Pool *, RepoSlot *> RepoPoolManager::findSlot(const QString &slotId)
{
    for (const auto &pool : m_pools) {
        for (RepoSlot &slot : pool->slots) {
            if (slot.id == slotId)
                return {pool.get(), &slot};
        }
    }
    return {nullptr, nullptr};
}

void RepoPoolManager::prepareSlot(Pool *pool, size_t index)
{
    RepoSlot &slot = pool->slots[index];
    slot.state = SlotState::Cleaning;
    if (QDir(slot.path).exists(QStringLiteral(".git")))
        cleanSlot(pool, index);
    else
        cloneSlot(pool, index);
}

void RepoPoolManager::cloneSlot(Pool *pool, size_t index)
{
    const RepoSlot &slot = pool->slots[index];
    QDir(slot.path).removeRecursively();
    QDir().mkpath(pool->directory);
    m_git->run(
        {QStringLiteral("clone"), QStringLiteral("--quiet"), QStringLiteral("--"), pool->repoUrl,
         slot.path},
        pool->directory,
        [this, pool, index](const GitOutcome &outcome) {
            if (!outcome.ok()) {
                slotFailed(pool, index, outcome.failureMessage());
                return;
            }
            cleanSlot(pool, index);
        },
        m_settings.gitTimeoutMs);
}

void RepoPoolManager::cleanSlot(Pool *pool, size_t index)
{
    if (const Status reset = resetRepositoryControl(pool->slots[index].path, pool->repoUrl);
        !reset) {
        slotFailed(pool, index, reset.errorMessage());
        return;
    }
    m_git->run(
        {QStringLiteral("symbolic-ref"), QStringLiteral("--short"),
         QStringLiteral("refs/remotes/origin/HEAD")},
        pool->slots[index].path,
        [this, pool, index](const GitOutcome &outcome) {
            const QString remoteHead = outcome.firstOutputLine();
            if (outcome.ok() && remoteHead.startsWith(QLatin1String("origin/"))) {
                const QString branch = remoteHead.mid(7);
                if (branch != pool->defaultBranch) {
                    pool->defaultBranch = branch;
                    savePools();
                }
            }
            runCleaningSteps(pool, index);
        },
        m_settings.gitTimeoutMs);
}

void RepoPoolManager::runCleaningSteps(Pool *pool, size_t index)
{
    RepoSlot &slot = pool->slots[index];
    const QString branch =
        pool->defaultBranch.isEmpty() ? QStringLiteral("main") : pool->defaultBranch;
    slot.defaultBranch = branch;
    const QList<GitStep> steps = cleaningSteps(slot.path, branch);
    m_git->runSteps(
        steps, slot.path,
        [this, pool, index](const Status &status) {
            if (!status) {
                slotFailed(pool, index, status.errorMessage());
                return;
            }
            readHead(pool->slots[index],
                     [this, pool, index](const QString &branch, const QString &commit) {
                         pool->slots[index].branch = branch;
                         pool->slots[index].commit = commit;
                         slotReady(pool, index);
                     });
        },
        m_settings.gitTimeoutMs);
}

void RepoPoolManager::readHead(const RepoSlot &slot,
                               const std::function<void(QString branch, QString commit)> &done)
{
    m_git->run(
        {QStringLiteral("rev-parse"), QStringLiteral("HEAD"), QStringLiteral("--abbrev-ref"),
         QStringLiteral("HEAD")},
        slot.path,
        [done](const GitOutcome &outcome) {
            const QStringList lines = QString::fromUtf8(outcome.standardOutput)
                                          .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            if (!outcome.ok() || lines.size() < 2) {
                done({}, {});
                return;
            }
            done(lines.at(1).trimmed(), lines.at(0).trimmed());
        },
        m_settings.gitTimeoutMs);
}

void RepoPoolManager::slotReady(Pool *pool, size_t index)
{
    RepoSlot &slot = pool->slots[index];
    slot.state = SlotState::Available;
    slot.lastError.clear();
    pool->everReady = true;
    serveWaiters(*pool);
}

void RepoPoolManager::slotFailed(Pool *pool, size_t index, const QString &error)
{
    RepoSlot &slot = pool->slots[index];
    slot.state = SlotState::Error;
    slot.lastError = error;
    serveWaiters(*pool);
}

void RepoPoolManager::handOut(RepoSlot &slot, const QString &requiredBy, int leaseSeconds,
                              const QString &key)
{
    slot.state = SlotState::Allocated;
    slot.allocatedTo = requiredBy;
    slot.allocationKey = key;
    slot.allocatedAt = isoUtcNow();
    slot.leaseId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const int seconds = leaseSeconds > 0 ? leaseSeconds : m_settings.defaultLeaseSeconds;
    slot.leaseExpiresAtMs = QDateTime::currentMSecsSinceEpoch() + qint64(seconds) * 1000;
    ++slot.allocationCount;
    savePools();
}

void RepoPoolManager::expireLeases()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    bool changed = false;
    for (const auto &pool : m_pools) {
        for (size_t i = 0; i < pool->slots.size(); ++i) {
            RepoSlot &slot = pool->slots[i];
            if (slot.state != SlotState::Allocated || slot.leaseExpiresAtMs <= 0 ||
                slot.leaseExpiresAtMs > now)
                continue;
            qWarning("repo pool: the lease of slot %s held by '%s' expired; cleaning it",
                     qPrintable(slot.id), qPrintable(slot.allocatedTo));
            freeSlot(pool.get(), &slot);
            changed = true;
        }
    }
    if (changed)
        savePools();
}

Status RepoPoolManager::resetRepositoryControl(const QString &slotPath, const QString &repoUrl)
{
    const QDir gitDir(QDir(slotPath).filePath(QStringLiteral(".git")));
    QDir hooks(gitDir.filePath(QStringLiteral("hooks")));
    if ((hooks.exists() && !hooks.removeRecursively()) || !gitDir.mkpath(QStringLiteral("hooks")))
        return makeError(QStringLiteral("cannot empty %1").arg(hooks.path()),
                         QStringLiteral("git"));
    QFile::remove(gitDir.filePath(QStringLiteral("info/attributes")));
    if (Status written = writeFileAtomically(gitDir.filePath(QStringLiteral("config")),
                                             pristineSlotConfig(repoUrl));
        !written)
        return makeError(written.errorMessage(), QStringLiteral("git"));
    return Ok{};
}

void RepoPoolManager::serveWaiters(Pool &pool)
{
    while (!pool.waiters.empty()) {
        RepoSlot *slot = firstAvailable(pool);
        if (!slot)
            break;
        Waiter waiter = std::move(pool.waiters.front());
        pool.waiters.pop_front();
        if (waiter.stillWanted && !waiter.stillWanted())
            continue;
        handOut(*slot, waiter.requiredBy, waiter.leaseSeconds, waiter.key);
        waiter.done(*slot);
    }
    if (pool.waiters.empty() || !allBroken(pool))
        return;
    const Error error = slotError(QStringLiteral("no slot of %1 can be prepared: %2")
                                      .arg(pool.repoUrl, pool.slots.front().lastError),
                                  "unavailable");
    std::deque<Waiter> failed;
    failed.swap(pool.waiters);
    for (Waiter &waiter : failed)
        waiter.done(error);
    // A repository that could never be cloned leaves no pool behind: later, once it exists, it
    // gets a fresh one. Deferred, because the caller still holds the pool.
    if (!pool.everReady)
        QTimer::singleShot(0, m_context.get(), [this, name = pool.name] { forgetRefused(name); });
}

void RepoPoolManager::forgetRefused(const QString &name)
{
    const auto it = std::find_if(m_pools.begin(), m_pools.end(),
                                 [&name](const auto &pool) { return pool->name == name; });
    if (it == m_pools.end() || (*it)->everReady || !allBroken(**it) || !(*it)->waiters.empty())
        return;
    QDir((*it)->directory).removeRecursively();
    m_pools.erase(it);
    savePools();
}

void RepoPoolManager::timeOutWaiter(const QString &poolName, quint64 waiterId)
{
    const auto found = std::find_if(m_pools.begin(), m_pools.end(),
                                    [&poolName](const auto &p) { return p->name == poolName; });
    if (found == m_pools.end())
        return;
    Pool *pool = found->get();
    const auto it = std::find_if(pool->waiters.begin(), pool->waiters.end(),
                                 [waiterId](const Waiter &w) { return w.id == waiterId; });
    if (it == pool->waiters.end())
        return;
    const AllocationDone done = std::move(it->done);
    pool->waiters.erase(it);
    done(slotError(QStringLiteral("no slot of %1 became free in time").arg(pool->repoUrl),
                   "timeout"));
}

void RepoPoolManager::retryBrokenSlots(Pool &pool)
{
    for (size_t i = 0; i < pool.slots.size(); ++i) {
        if (pool.slots[i].state == SlotState::Error)
            prepareSlot(&pool, i);
    }
}

bool RepoPoolManager::allBroken(const Pool &pool)
{
    return std::all_of(pool.slots.begin(), pool.slots.end(),
                       [](const RepoSlot &slot) { return slot.state == SlotState::Error; });
}

RepoSlot *RepoPoolManager::firstAvailable(Pool &pool)
{
    for (RepoSlot &slot : pool.slots) {
        if (slot.state == SlotState::Available)
            return &slot;
    }
    return nullptr;
}

} // namespace necrocode
