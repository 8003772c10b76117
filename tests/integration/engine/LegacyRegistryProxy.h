// Stands in front of the local Task Registry as a registry without final reports would: every
// request is passed on, but a status update loses its "artifacts" and "event" on the way, so the
// registry records the status alone and says so.
#pragma once

#include <QAbstractHttpServer>
#include <QNetworkAccessManager>
#include <QUrl>

namespace necrocode::test {

class LegacyRegistryProxy : public QAbstractHttpServer
{
public:
    explicit LegacyRegistryProxy(QUrl registry);

    // Listens on a free loopback port; the proxy's base URL, or an empty URL.
    QUrl start();
    int strippedReports() const { return m_strippedReports; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &, QTcpSocket *) override {}

private:
    QUrl m_registry;
    QNetworkAccessManager m_network;
    int m_strippedReports = 0;
};

} // namespace necrocode::test
