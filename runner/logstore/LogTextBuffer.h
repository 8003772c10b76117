// A growable byte buffer that can hand its memory over to the log store's arena without a copy:
// the text of a whole batch of entries becomes one arena chunk.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>

namespace necrocode {

class LogTextBuffer
{
public:
    LogTextBuffer() = default;
    explicit LogTextBuffer(std::size_t capacity) { reserve(capacity); }

    const char *data() const { return m_data.get(); }
    char *data() { return m_data.get(); }
    std::size_t size() const { return m_size; }
    std::size_t capacity() const { return m_capacity; }

    // Room for `bytes` more bytes; returns where they go. Call commit() with what was written.
    char *prepare(std::size_t bytes)
    {
        if (m_size + bytes > m_capacity)
            reserve(std::max(m_size + bytes, m_capacity + m_capacity / 2));
        return m_data.get() + m_size;
    }
    void commit(std::size_t bytes) { m_size += bytes; }
    void clear() { m_size = 0; } // keeps the capacity

    void reserve(std::size_t capacity)
    {
        if (capacity <= m_capacity)
            return;
        resizeStorage(capacity);
    }

    // Gives back unused capacity; large buffers shrink in place.
    void shrinkToFit()
    {
        if (m_size < m_capacity && m_size > 0)
            resizeStorage(m_size);
    }

private:
    struct Free
    {
        void operator()(char *p) const { std::free(p); }
    };

    void resizeStorage(std::size_t capacity)
    {
        char *grown = static_cast<char *>(std::realloc(m_data.get(), capacity));
        if (!grown)
            throw std::bad_alloc();
        (void)m_data.release();
        m_data.reset(grown);
        m_capacity = capacity;
    }

    std::unique_ptr<char, Free> m_data;
    std::size_t m_size = 0;
    std::size_t m_capacity = 0;
};

} // namespace necrocode
