// Runs one local service on a thread of its own: the service (its QHttpServer, its SQLite
// connection, its git processes) is created, serves and is destroyed on that thread.
#pragma once

#include "LocalService.h"

#include <QPointer>
#include <QThread>

#include <functional>
#include <memory>

namespace necrocode {

class ServiceThread
{
public:
    // Creates the service and makes it listen; runs on the service thread.
    using Factory = std::function<Result<std::unique_ptr<LocalService>>()>;

    explicit ServiceThread(const QString &name);
    ~ServiceThread();
    ServiceThread(const ServiceThread &) = delete;
    ServiceThread &operator=(const ServiceThread &) = delete;

    // Blocks until the service listens (or failed); returns its base URL.
    Result<QUrl> start(Factory factory);
    // Returns at once; `done` runs on `receiver`'s thread, not at all if it is gone by then.
    void startAsync(Factory factory, QObject *receiver, std::function<void(Result<QUrl>)> done);
    // Destroys the service on its thread and ends the thread. Safe to call twice.
    void stop();

private:
    Result<QUrl> createService(const Factory &factory);

    QThread m_thread;
    std::unique_ptr<QObject> m_context; // lives on m_thread
    std::unique_ptr<LocalService> m_service;
};

} // namespace necrocode
