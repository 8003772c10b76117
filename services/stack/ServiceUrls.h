// The base URLs of the four local services, as the runner's configuration needs them.
#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QUrl>

namespace necrocode {

struct ServiceUrls
{
    QUrl taskRegistry;
    QUrl repoPool;
    QUrl artifactStore;
    QUrl llm; // ends in /v1

    // {"task_registry":URL,"repo_pool":URL,"artifact_store":URL,"llm":URL} and no newline.
    QByteArray toJsonLine() const;

    friend bool operator==(const ServiceUrls &, const ServiceUrls &) = default;
};

} // namespace necrocode

Q_DECLARE_METATYPE(necrocode::ServiceUrls)
