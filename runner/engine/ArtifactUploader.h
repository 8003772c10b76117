// Uploads a run's artifacts to the Artifact Store and records each in the Task Registry (SPEC §1
// step 8). Up to `maxInFlight` artifacts travel at the same time, each recorded as soon as it is
// stored (or, with Recording::ByCaller, only stored: the caller records them, e.g. with the
// run's final status); a failed artifact does not stop the others, and the first error (in the
// order given) is reported.
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

    enum class Recording { EachInRegistry, ByCaller };

    ArtifactUploader(ArtifactStoreClient &store, TaskRegistryClient &registry, int maxInFlight = 2,
                     QObject *parent = nullptr);

    void setRecording(Recording recording) { m_recording = recording; }

    void upload(QString spec, QString taskId, QList<ArtifactUpload> artifacts, Done done);
    void cancel();

private:
    // One artifact on its way: stored, then recorded (unless the caller records it).
    struct Slot
    {
        std::optional<ArtifactRecord> recorded;
        std::optional<Error> error;
        HttpCallHandle call;
        bool finished = false;
    };

    void startNext();
    void start(std::size_t index, ArtifactUpload artifact);
    void finish(std::size_t index);

    ArtifactStoreClient &m_store;
    TaskRegistryClient &m_registry;
    QString m_spec;
    QString m_taskId;
    int m_maxInFlight;
    Recording m_recording = Recording::EachInRegistry;
    std::vector<Slot> m_slots;
    QList<ArtifactUpload> m_waiting; // not started yet, in order
    std::size_t m_started = 0;
    std::size_t m_remaining = 0;
    quint64 m_generation = 0; // answers of an earlier, cancelled upload are ignored
    Done m_done;
};

} // namespace necrocode
