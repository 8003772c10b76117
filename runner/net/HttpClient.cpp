#include "net/HttpClient.h"

#include "core/RunEventObserver.h"
#include "net/HttpCall.h"

namespace necrocode {

HttpCallHandle::HttpCallHandle(HttpCall *call) : m_call(call) {}

void HttpCallHandle::cancel()
{
    if (m_call)
        m_call->cancel();
}

bool HttpCallHandle::isRunning() const
{
    return !m_call.isNull();
}

HttpClient::HttpClient(QNetworkAccessManager *network, Logger logger, RetryPolicy retry)
    : m_network(network), m_logger(std::move(logger)), m_retry(std::move(retry))
{}

void HttpClient::setRunEventObserver(std::shared_ptr<RunEventObserver> observer)
{
    m_events = std::move(observer);
}

HttpCallHandle HttpClient::send(HttpRequest request, QObject *context, HttpCallback done)
{
    RetryPolicy retry = request.retryOverride ? RetryPolicy(*request.retryOverride) : m_retry;
    auto *call = new HttpCall(m_network, std::move(request), std::move(retry), m_logger, m_events,
                              std::move(done), context);
    call->start();
    return HttpCallHandle(call);
}

} // namespace necrocode
