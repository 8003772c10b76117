// Tells ThreadSanitizer about hand-offs between threads that Qt's own synchronisation makes safe:
// a call queued into another thread's event loop and the result of a blocking queued call. Qt's
// libraries from Debian are not built with ThreadSanitizer, so it cannot see their locks and
// would report such a hand-off as a data race. The passing thread calls handOff(token) after its
// last write, the receiving thread takeOver(token) before its first read; `token` is any address
// both know, usually the data's. crossThreadCall() wraps a functor for QMetaObject::invokeMethod
// so that its captures are announced to the thread that runs it. Outside a ThreadSanitizer build
// all of this does nothing.
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

#include <utility>

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

// Takes over what was announced at `from` before anything else of the object is made: a base
// class is built before the members.
struct TakenOver
{
    explicit TakenOver(const void *from)
    {
        if (from)
            takeOver(from);
    }
};

// A functor queued into another thread or run on a thread pool. Qt moves it into its own call
// object inside invokeMethod or QtConcurrent::run; each copy or move takes over its source and
// announces itself, and the call takes that over before it reads a capture. Whatever the call did
// is announced in turn to the thread that destroys it.
template <typename Function, typename... Args> class CrossThreadCall : private TakenOver
{
public:
    explicit CrossThreadCall(Function function)
        : TakenOver(nullptr), m_function(std::move(function))
    {
        handOff(this);
    }
    CrossThreadCall(const CrossThreadCall &other) : TakenOver(&other), m_function(other.m_function)
    {
        handOff(this);
    }
    CrossThreadCall(CrossThreadCall &&other) noexcept
        : TakenOver(&other), m_function(std::move(other.m_function))
    {
        handOff(this);
    }
    CrossThreadCall &operator=(const CrossThreadCall &) = delete;
    CrossThreadCall &operator=(CrossThreadCall &&) = delete;
    ~CrossThreadCall() { takeOver(this); }

    auto operator()(Args... args)
    {
        takeOver(this);
        const AnnounceOnExit done(this);
        return m_function(std::forward<Args>(args)...);
    }

private:
    struct AnnounceOnExit
    {
        explicit AnnounceOnExit(const void *announced) : token(announced) {}
        AnnounceOnExit(const AnnounceOnExit &) = delete;
        AnnounceOnExit &operator=(const AnnounceOnExit &) = delete;
        ~AnnounceOnExit() { handOff(token); }
        const void *token;
    };

    Function m_function;
};

// `Args` are the parameters the call is made with: none for invokeMethod.
template <typename... Args, typename Function>
CrossThreadCall<Function, Args...> crossThreadCall(Function function)
{
    return CrossThreadCall<Function, Args...>(std::move(function));
}

} // namespace necrocode::ThreadHandOff
