#include "http/Router.h"

namespace necrocode {

void Router::routeAsync(Method method, const QString &pattern, AsyncHandler handler)
{
    m_rules.push_back(
        {method, pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts), std::move(handler)});
}

void Router::route(Method method, const QString &pattern, SyncHandler handler)
{
    routeAsync(
        method, pattern,
        [handler = std::move(handler)](const HttpRequestData &request, const PathParams &params,
                                       HttpReply reply) { reply.send(handler(request, params)); });
}

bool Router::matches(const QStringList &pattern, const QStringList &segments, PathParams *params)
{
    if (pattern.size() != segments.size())
        return false;
    PathParams captured;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QString &part = pattern.at(i);
        if (part.startsWith(QLatin1Char('{')) && part.endsWith(QLatin1Char('}')))
            captured.insert(part.mid(1, part.size() - 2), segments.at(i));
        else if (part != segments.at(i))
            return false;
    }
    if (params)
        *params = std::move(captured);
    return true;
}

Router::Lookup Router::lookup(Method method, const QStringList &segments) const
{
    Lookup result;
    for (const Rule &rule : m_rules) {
        PathParams params;
        if (!matches(rule.pattern, segments, &params))
            continue;
        if (rule.method == method) {
            result.outcome = Outcome::Matched;
            result.handler = rule.handler;
            result.params = std::move(params);
            return result;
        }
        result.outcome = Outcome::MethodNotAllowed;
        const QString name = httpMethodName(rule.method);
        if (!result.allowedMethods.contains(name))
            result.allowedMethods.append(name);
    }
    return result;
}

} // namespace necrocode
