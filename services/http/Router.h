// Maps a method and a decoded path to a handler. Patterns are written like
// "/specs/{spec}/tasks/{id}": a "{name}" segment captures one path segment.
#pragma once

#include "http/HttpReply.h"
#include "http/HttpRequestData.h"

#include <QHash>

#include <functional>
#include <vector>

namespace necrocode {

using PathParams = QHash<QString, QString>;

class Router
{
public:
    using Method = QHttpServerRequest::Method;
    using AsyncHandler =
        std::function<void(const HttpRequestData &, const PathParams &, HttpReply)>;
    using SyncHandler = std::function<HttpResponse(const HttpRequestData &, const PathParams &)>;

    // A handler that answers through the reply, now or later.
    void routeAsync(Method method, const QString &pattern, AsyncHandler handler);
    // A handler that answers at once with its return value.
    void route(Method method, const QString &pattern, SyncHandler handler);

    enum class Outcome { Matched, NotFound, MethodNotAllowed };
    struct Lookup
    {
        Outcome outcome = Outcome::NotFound;
        AsyncHandler handler;
        PathParams params;
        QStringList allowedMethods; // for MethodNotAllowed
    };
    Lookup lookup(Method method, const QStringList &segments) const;

private:
    struct Rule
    {
        Method method;
        QStringList pattern;
        AsyncHandler handler;
    };
    static bool matches(const QStringList &pattern, const QStringList &segments,
                        PathParams *params);

    std::vector<Rule> m_rules;
};

} // namespace necrocode
