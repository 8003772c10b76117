// Watches the bytes of one service connection before the HTTP server parses them, so that a
// request is refused before its body is ever buffered: a body over the limit (413), conflicting,
// negative or non-numeric Content-Length, Content-Length together with Transfer-Encoding (400),
// a chunked body (411: our services take a Content-Length), or headers over the limit (431).
// It also closes a keep-alive connection that stayed idle with no request in progress.
#pragma once

#include "http/RequestLimits.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

class QTcpSocket;

namespace necrocode {

class RequestGuard : public QObject
{
public:
    // Must be attached before anything else reads from the socket; the guard is its child.
    static void attach(QTcpSocket *socket, const RequestLimits &limits);

    // "" when the header block (request line and headers, without the final blank line) frames
    // a body this guard can follow, else why not; `bodyBytes` gets the body's length.
    struct Verdict
    {
        int status = 0; // 0: accepted
        QString message;
        qint64 bodyBytes = 0;
    };
    static Verdict judge(const QByteArray &headerBlock, const RequestLimits &limits);

    // Marks one more answer on the socket (HttpReply calls it), so idleness can be told apart
    // from a request still waiting for its answer.
    static void countAnswer(QTcpSocket *socket);

private:
    RequestGuard(QTcpSocket *socket, const RequestLimits &limits);
    void onReadyRead();
    void refuse(int status, const QString &message);
    void onIdle();

    QTcpSocket *m_socket;
    RequestLimits m_limits;
    QByteArray m_header;
    qint64 m_bodyRemaining = 0;
    qint64 m_requests = 0;
    bool m_refused = false;
    QTimer m_idle;
};

} // namespace necrocode
