#include "net/HttpTypes.h"

namespace necrocode {

bool HttpRequest::isRetrySafe() const
{
    if (method == "POST" || method == "PATCH")
        return !idempotencyKey.isEmpty();
    return true;
}

QByteArray HttpOutcome::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

} // namespace necrocode
