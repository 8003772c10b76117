// Tells ThreadSanitizer about a hand-off between threads that Qt's own synchronisation makes
// safe, such as the result of a blocking queued call. Qt's libraries from Debian are not built
// with ThreadSanitizer, so it cannot see their locks and would report the hand-off as a data race.
// The passing thread calls handOff(token) after its last write, the receiving thread
// takeOver(token) before its first read; `token` is any address both know, usually the data's.
// Outside a ThreadSanitizer build both do nothing.
#pragma once

#if defined(__SANITIZE_THREAD__)
#define NECROCODE_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define NECROCODE_THREAD_SANITIZER 1
#endif
#endif

#ifdef NECROCODE_THREAD_SANITIZER
#include <sanitizer/tsan_interface.h>
#endif

namespace necrocode::ThreadHandOff {

inline void handOff([[maybe_unused]] const void *token)
{
#ifdef NECROCODE_THREAD_SANITIZER
    __tsan_release(const_cast<void *>(token));
#endif
}

inline void takeOver([[maybe_unused]] const void *token)
{
#ifdef NECROCODE_THREAD_SANITIZER
    __tsan_acquire(const_cast<void *>(token));
#endif
}

} // namespace necrocode::ThreadHandOff
