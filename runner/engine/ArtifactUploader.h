// Uploads a run's artifacts one after the other to the Artifact Store and records each in the
// Task Registry (SPEC §1 step 8). Keeps going after a failed artifact so that the others still
// arrive, and reports the first error.
#pragma once

#include "core/RunResults.h"
#include "net/ArtifactStoreClient.h"
#include "net/TaskRegistryClient.h"

#include <QObject>

namespace necrocode {

class ArtifactUploader : public QObject
{
    Q_OBJECT

public:
    using Done =
        std::function<void(QList<ArtifactRecord> uploaded, std::optional<Error> firstError)>;

    ArtifactUploader(ArtifactStoreClient &store, TaskRegistryClient &registry,
                     QObject *parent = nullptr);

    void upload(QString spec, QString taskId, QList<ArtifactUpload> artifacts, Done done);
    void cancel();

private:
    void next();

    ArtifactStoreClient &m_store;
    TaskRegistryClient &m_registry;
    QString m_spec;
    QString m_taskId;
    QList<ArtifactUpload> m_pending;
    QList<ArtifactRecord> m_uploaded;
    std::optional<Error> m_firstError;
    HttpCallHandle m_current;
    Done m_done;
};

} // namespace necrocode
