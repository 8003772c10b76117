// Linked into every program of the `tsan` preset only: calls glibc's clone() directly, past
// ThreadSanitizer's interceptor.
//
// QProcess (Qt 6.4 on Linux) starts a child with clone(CLONE_VM | CLONE_VFORK): the child runs
// in the parent's memory, on the parent thread's thread-local storage, until it calls exec.
// GCC 12's ThreadSanitizer intercepts clone() and, in such a child, runs its after-fork
// handling for a multi-threaded process, which turns on "ignore memory accesses",
// "ignore synchronisation" and "ignore interceptors" for the calling thread and marks the whole
// process as forked. Since the memory is shared, that lands on the parent: every thread that
// ever started a process became partly blind to ThreadSanitizer (its mutexes stopped ordering
// anything, so correctly locked code was reported as racing, and real races went unseen).
//
// The child only runs Qt's own set-up (whose C-library calls ThreadSanitizer already ignores)
// and the product's child-process modifier, then calls exec; it needs none of the
// interceptor's bookkeeping.
#include <cstdarg>
#include <dlfcn.h>
#include <sys/types.h>

#if defined(__SANITIZE_THREAD__)
extern "C" int clone(int (*function)(void *), void *stack, int flags, void *argument, ...)
{
    using GlibcClone = int (*)(int (*)(void *), void *, int, void *, pid_t *, void *, pid_t *);
    static const GlibcClone glibcClone = [] {
        void *libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
        return reinterpret_cast<GlibcClone>(libc ? dlsym(libc, "clone") : nullptr);
    }();
    va_list rest;
    va_start(rest, argument);
    pid_t *parentTid = va_arg(rest, pid_t *);
    void *tls = va_arg(rest, void *);
    pid_t *childTid = va_arg(rest, pid_t *);
    va_end(rest);
    return glibcClone(function, stack, flags, argument, parentTid, tls, childTid);
}
#endif
