// Bearer-token access to the HTTP endpoints this project serves (the four services and a
// process's health server): the comparison of an Authorization header with the configured token
// in constant time, the 401 answer's WWW-Authenticate value, reading a token from a file (a
// mounted secret), and the rule that an endpoint reachable from other machines needs a token.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>

namespace necrocode {

// Whether `authorization` (the header's value) is "Bearer <token>". The time it takes depends
// on the lengths only, not on where the bytes differ. An empty token matches nothing.
bool bearerTokenMatches(QByteArrayView authorization, QByteArrayView token);

// The Authorization value that carries `token`: "Bearer <token>".
QByteArray bearerAuthorization(QByteArrayView token);

// The WWW-Authenticate value of a 401: Bearer realm="necrocode".
QByteArray bearerChallenge();

// The token in `path`, without surrounding white space; an unreadable or empty file is an error
// that names the file (never the content).
Result<QString> readTokenFile(const QString &path);

// An error when a server on `address` (not `loopback`: 0.0.0.0, :: and every address but
// 127.0.0.0/8 and ::1 can be reached from other machines) would answer without a token to anyone
// who can reach it; `what` names the server and `howToSet` says how to give it one.
Status requireTokenOffLoopback(const QString &address, bool loopback, const QString &token,
                               const QString &what, const QString &howToSet);

} // namespace necrocode
