// An append-only table of chunk addresses: one writer adds chunks while other threads read the
// chunks already published, without locks. Replaced tables stay alive until destruction, so a
// reader holding an older table still finds every chunk it may ask for.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

namespace necrocode {

template <typename T> class ChunkDirectory
{
public:
    ChunkDirectory() { grow(kInitialCapacity); }
    ChunkDirectory(const ChunkDirectory &) = delete;
    ChunkDirectory &operator=(const ChunkDirectory &) = delete;

    // Any thread: a chunk whose index was published (release/acquire) after push() returned.
    T *at(std::size_t index) const
    {
        return m_current.load(std::memory_order_acquire)->slots[index];
    }

    // Writer thread only.
    std::size_t size() const { return m_size; }
    void push(T *chunk)
    {
        if (m_size == m_tables.back()->capacity)
            grow(m_tables.back()->capacity * 2);
        m_tables.back()->slots[m_size++] = chunk;
    }

    // Writer thread only.
    std::size_t bytesUsed() const
    {
        std::size_t bytes = 0;
        for (const auto &table : m_tables)
            bytes += sizeof(Table) + table->capacity * sizeof(T *);
        return bytes;
    }

private:
    static constexpr std::size_t kInitialCapacity = 16;

    struct Table
    {
        std::size_t capacity;
        std::unique_ptr<T *[]> slots;
    };

    void grow(std::size_t capacity)
    {
        auto table = std::make_unique<Table>(Table{capacity, std::make_unique<T *[]>(capacity)});
        if (!m_tables.empty())
            std::copy_n(m_tables.back()->slots.get(), m_size, table->slots.get());
        m_current.store(table.get(), std::memory_order_release);
        m_tables.push_back(std::move(table));
    }

    std::vector<std::unique_ptr<Table>> m_tables;
    std::atomic<Table *> m_current{nullptr};
    std::size_t m_size = 0;
};

} // namespace necrocode
