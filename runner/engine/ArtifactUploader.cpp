#include "engine/ArtifactUploader.h"

#include <QCryptographicHash>

namespace necrocode {

ArtifactUploader::ArtifactUploader(ArtifactStoreClient &store, TaskRegistryClient &registry,
                                   int maxInFlight, QObject *parent)
    : QObject(parent), m_store(store), m_registry(registry), m_maxInFlight(std::max(1, maxInFlight))
{}

void ArtifactUploader::upload(QString spec, QString taskId, QList<ArtifactUpload> artifacts,
                              Done done)
{
    ++m_generation;
    m_spec = std::move(spec);
    m_taskId = std::move(taskId);
    m_slots = std::vector<Slot>(std::size_t(artifacts.size()));
    m_remaining = m_slots.size();
    m_done = std::move(done);
    if (m_remaining == 0) {
        if (auto finished = std::exchange(m_done, nullptr))
            finished({}, std::nullopt);
        return;
    }
    m_waiting = std::move(artifacts);
    m_started = 0;
    for (int i = 0; i < m_maxInFlight; ++i)
        startNext();
}

void ArtifactUploader::startNext()
{
    if (m_waiting.isEmpty())
        return;
    const std::size_t index = m_started++;
    start(index, m_waiting.takeFirst());
}

void ArtifactUploader::cancel()
{
    ++m_generation;
    for (Slot &slot : m_slots)
        slot.call.cancel();
    m_slots.clear();
    m_waiting.clear();
    m_remaining = 0;
    m_done = nullptr;
}

void ArtifactUploader::start(std::size_t index, ArtifactUpload artifact)
{
    artifact.metadata.insert(
        QStringLiteral("sha256"),
        QString::fromLatin1(
            QCryptographicHash::hash(artifact.content, QCryptographicHash::Sha256).toHex()));
    artifact.metadata.insert(QStringLiteral("task_id"), m_taskId);
    artifact.metadata.insert(QStringLiteral("spec_name"), m_spec);
    ArtifactRecord pending{artifact.type, QString(), artifact.content.size(), artifact.metadata};
    const quint64 generation = m_generation;
    m_slots[index].call = m_store.upload(
        artifact, this, [this, index, generation, pending](Result<QString> uri) mutable {
            if (generation != m_generation)
                return;
            if (!uri) {
                m_slots[index].error = uri.error();
                finish(index);
                return;
            }
            pending.uri = uri.value();
            m_store.http().logger().info(QStringLiteral("artifact uploaded: %1").arg(pending.type),
                                         {{QStringLiteral("artifact_type"), pending.type},
                                          {QStringLiteral("size_bytes"), pending.sizeBytes},
                                          {QStringLiteral("uri"), pending.uri}});
            if (m_recording == Recording::ByCaller) {
                m_slots[index].recorded = pending;
                return finish(index);
            }
            m_slots[index].call = m_registry.addArtifact(
                m_spec, m_taskId, pending, this,
                [this, index, generation, pending](const Result<Ok> &recorded) {
                    if (generation != m_generation)
                        return;
                    if (!recorded)
                        m_slots[index].error = recorded.error();
                    m_slots[index].recorded = pending;
                    finish(index);
                });
        });
}

void ArtifactUploader::finish(std::size_t index)
{
    Slot &slot = m_slots[index];
    if (slot.finished)
        return;
    slot.finished = true;
    if (--m_remaining > 0) {
        startNext();
        return;
    }
    QList<ArtifactRecord> uploaded;
    std::optional<Error> firstError;
    for (const Slot &s : m_slots) {
        if (s.recorded)
            uploaded.append(*s.recorded);
        if (s.error && !firstError)
            firstError = s.error;
    }
    if (auto done = std::exchange(m_done, nullptr))
        done(uploaded, firstError);
}

} // namespace necrocode
