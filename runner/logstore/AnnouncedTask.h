// QtConcurrent::run for a task whose input and result ThreadSanitizer must see handed over (see
// core/ThreadHandOff.h): the task's captures are announced to the pool thread, and its result is
// announced at `receiver` once it is in the future's store. takeAnnouncedResult() takes it over
// there. Outside a ThreadSanitizer build these are QtConcurrent::run and QFuture::takeResult.
#pragma once

#include "core/ThreadHandOff.h"

#include <QFuture>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>

namespace necrocode {

template <typename Function>
auto runAnnounced(QThreadPool *pool, const void *receiver, Function function)
{
    using Value = std::invoke_result_t<Function &>;
    // A task that fills a QPromise: a returned value would be stored by Qt after the function
    // has returned, too late to be announced.
    return QtConcurrent::run(
        pool, ThreadHandOff::crossThreadCall<QPromise<Value> &>(
                  [receiver, function = std::move(function)](QPromise<Value> &promise) mutable {
                      promise.addResult(function());
                      ThreadHandOff::handOff(receiver);
                  }));
}

template <typename Value> Value takeAnnouncedResult(QFuture<Value> future, const void *receiver)
{
    future.waitForFinished();
    ThreadHandOff::takeOver(receiver);
    return future.takeResult();
}

} // namespace necrocode
