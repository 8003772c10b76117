// Stands between the engine and the local Task Registry and passes every request on, changing
// what a test asks for: as a registry without final reports would, a status update can lose its
// "artifacts" and "event" on the way (so the registry records the status alone and says so);
// the answers to some requests can come late.
#pragma once

#include <QAbstractHttpServer>
#include <QNetworkAccessManager>
#include <QUrl>

namespace necrocode::test {

class RegistryProxy : public QAbstractHttpServer
{
public:
    explicit RegistryProxy(QUrl registry);

    // Listens on a free loopback port; the proxy's base URL, or an empty URL.
    QUrl start();

    void setStripsFinalReports(bool strips) { m_stripsFinalReports = strips; }
    // Answers to `method` requests whose path ends with `pathSuffix` are held back `delayMs`
    // (the request itself reaches the registry at once).
    void delayAnswers(const QByteArray &method, const QString &pathSuffix, int delayMs);

    int strippedReports() const { return m_strippedReports; }
    int statusUpdatesSeen() const { return m_statusUpdatesSeen; }
    // Status updates that carried an event: final reports.
    int finalReportsSeen() const { return m_finalReportsSeen; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &, QTcpSocket *) override {}

private:
    QUrl m_registry;
    QNetworkAccessManager m_network;
    bool m_stripsFinalReports = false;
    QByteArray m_delayedMethod;
    QString m_delayedSuffix;
    int m_delayMs = 0;
    int m_strippedReports = 0;
    int m_statusUpdatesSeen = 0;
    int m_finalReportsSeen = 0;
};

} // namespace necrocode::test
