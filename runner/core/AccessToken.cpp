#include "core/AccessToken.h"

#include <QFile>

namespace necrocode {

bool bearerTokenMatches(QByteArrayView authorization, QByteArrayView token)
{
    constexpr QByteArrayView scheme("Bearer ");
    if (token.isEmpty() || authorization.size() != scheme.size() + token.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < scheme.size(); ++i) // the scheme is case-insensitive (RFC 6750)
        difference |= (authorization[i] | 0x20) ^ (scheme[i] | 0x20);
    for (qsizetype i = 0; i < token.size(); ++i)
        difference |= authorization[scheme.size() + i] ^ token[i];
    return difference == 0;
}

QByteArray bearerAuthorization(QByteArrayView token)
{
    return QByteArrayLiteral("Bearer ") + token;
}

QByteArray bearerChallenge()
{
    return QByteArrayLiteral("Bearer realm=\"necrocode\"");
}

Result<QString> readTokenFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(
            QStringLiteral("cannot read the token file %1: %2").arg(path, file.errorString()),
            QStringLiteral("config"));
    const QString token = QString::fromUtf8(file.read(qint64{64} * 1024)).trimmed();
    if (token.isEmpty())
        return makeError(QStringLiteral("the token file %1 is empty").arg(path),
                         QStringLiteral("config"));
    return token;
}

Status requireTokenOffLoopback(const QString &address, bool loopback, const QString &token,
                               const QString &what, const QString &howToSet)
{
    if (!token.isEmpty() || loopback)
        return Ok{};
    return makeError(QStringLiteral("refusing to serve %1 on %2 without a token: anyone who can "
                                    "reach that address could use it. %3, or bind to 127.0.0.1")
                         .arg(what, address, howToSet),
                     QStringLiteral("config"));
}

} // namespace necrocode
