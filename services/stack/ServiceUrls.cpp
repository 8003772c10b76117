#include "stack/ServiceUrls.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace necrocode {

QByteArray ServiceUrls::toJsonLine() const
{
    const QJsonObject urls{{QStringLiteral("task_registry"), taskRegistry.toString()},
                           {QStringLiteral("repo_pool"), repoPool.toString()},
                           {QStringLiteral("artifact_store"), artifactStore.toString()},
                           {QStringLiteral("llm"), llm.toString()}};
    return QJsonDocument(urls).toJson(QJsonDocument::Compact);
}

} // namespace necrocode
