#include "engine/ArtifactUploader.h"

#include <QCryptographicHash>

namespace necrocode {

ArtifactUploader::ArtifactUploader(ArtifactStoreClient &store, TaskRegistryClient &registry,
                                   QObject *parent)
    : QObject(parent), m_store(store), m_registry(registry)
{}

void ArtifactUploader::upload(QString spec, QString taskId, QList<ArtifactUpload> artifacts,
                              Done done)
{
    m_spec = std::move(spec);
    m_taskId = std::move(taskId);
    m_pending = std::move(artifacts);
    m_uploaded.clear();
    m_firstError.reset();
    m_done = std::move(done);
    next();
}

void ArtifactUploader::cancel()
{
    m_pending.clear();
    m_current.cancel();
}

void ArtifactUploader::next()
{
    if (m_pending.isEmpty()) {
        if (auto done = std::exchange(m_done, nullptr))
            done(m_uploaded, m_firstError);
        return;
    }
    ArtifactUpload artifact = m_pending.takeFirst();
    artifact.metadata.insert(
        QStringLiteral("sha256"),
        QString::fromLatin1(
            QCryptographicHash::hash(artifact.content, QCryptographicHash::Sha256).toHex()));
    artifact.metadata.insert(QStringLiteral("task_id"), m_taskId);
    artifact.metadata.insert(QStringLiteral("spec_name"), m_spec);
    ArtifactRecord pending{artifact.type, QString(), artifact.content.size(), artifact.metadata};
    m_current = m_store.upload(artifact, this, [this, pending](Result<QString> uri) mutable {
        if (!uri) {
            if (!m_firstError)
                m_firstError = uri.error();
            next();
            return;
        }
        pending.uri = uri.value();
        m_store.http().logger().info(QStringLiteral("artifact uploaded: %1").arg(pending.type),
                                     {{QStringLiteral("artifact_type"), pending.type},
                                      {QStringLiteral("size_bytes"), pending.sizeBytes},
                                      {QStringLiteral("uri"), pending.uri}});
        m_current = m_registry.addArtifact(m_spec, m_taskId, pending, this,
                                           [this, pending](Result<Ok> recorded) {
                                               if (!recorded && !m_firstError)
                                                   m_firstError = recorded.error();
                                               m_uploaded.append(pending);
                                               next();
                                           });
    });
}

} // namespace necrocode
