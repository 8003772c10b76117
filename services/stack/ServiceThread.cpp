#include "stack/ServiceThread.h"

#include "core/ThreadHandOff.h"

namespace necrocode {

ServiceThread::ServiceThread(const QString &name) : m_context(std::make_unique<QObject>())
{
    m_thread.setObjectName(name);
    m_context->moveToThread(&m_thread);
    m_thread.start();
}

ServiceThread::~ServiceThread()
{
    stop();
}

Result<QUrl> ServiceThread::createService(const Factory &factory)
{
    Result<std::unique_ptr<LocalService>> created = factory();
    if (!created)
        return created.error();
    m_service = std::move(created).value();
    return m_service->baseUrl();
}

Result<QUrl> ServiceThread::start(Factory factory)
{
    Result<QUrl> result = makeError(QStringLiteral("the service thread is not running"));
    if (!m_thread.isRunning())
        return result;
    QMetaObject::invokeMethod(m_context.get(),
                              ThreadHandOff::crossThreadCall([this, &factory, &result] {
                                  result = createService(factory);
                                  ThreadHandOff::handOff(&result);
                              }),
                              Qt::BlockingQueuedConnection);
    ThreadHandOff::takeOver(&result);
    return result;
}

void ServiceThread::startAsync(Factory factory, QObject *receiver,
                               std::function<void(Result<QUrl>)> done)
{
    QPointer<QObject> target(receiver);
    QMetaObject::invokeMethod(
        m_context.get(),
        ThreadHandOff::crossThreadCall([this, factory = std::move(factory), target,
                                        done = std::move(done)] {
            const Result<QUrl> result = createService(factory);
            if (target)
                QMetaObject::invokeMethod(
                    target.data(), ThreadHandOff::crossThreadCall([done, result] { done(result); }),
                    Qt::QueuedConnection);
        }),
        Qt::QueuedConnection);
}

void ServiceThread::stop()
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(m_context.get(),
                              ThreadHandOff::crossThreadCall([this] { m_service.reset(); }),
                              Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_context.reset(); // its thread has finished, so it may be deleted from here
}

} // namespace necrocode
