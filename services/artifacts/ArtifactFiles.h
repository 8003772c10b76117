// The Artifact Store's files: each artifact is <id>.bin plus <id>.json (metadata) in one
// directory, each written whole and renamed into place, then synced to the disk by a DiskFlusher
// after the store has answered. Ids are 32 random hex digits. store() may run on several threads.
#pragma once

#include "core/Result.h"
#include "storage/DiskFlusher.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>

namespace necrocode {

struct StoredArtifact
{
    QString id;
    QString type;
    qint64 sizeBytes = 0;
    QString sha256; // lower-case hex
    QString createdAt;
    QByteArray contentType;
    QString fileName;
    QJsonObject metadata; // as uploaded

    // type, size, size_bytes, sha256, created_at, content_type, filename, metadata (+ id).
    QJsonObject toJson() const;
    static StoredArtifact fromJson(const QJsonObject &object);
};

class ArtifactFiles
{
public:
    explicit ArtifactFiles(QString directory);

    Result<StoredArtifact> store(const QByteArray &bytes, const QString &type,
                                 const QJsonObject &metadata, const QByteArray &contentType,
                                 const QString &fileName);
    // Errors of kind "not_found" for unknown or malformed ids.
    Result<StoredArtifact> describe(const QString &id) const;
    Result<QByteArray> read(const QString &id) const;

    static bool isValidId(const QString &id);
    // Files synced to the disk so far.
    quint64 syncedFiles() const { return m_flusher->syncedFiles(); }
    // Blocks until every file stored so far is on the disk.
    void waitUntilSynced() { m_flusher->waitForDone(); }

private:
    QString pathFor(const QString &id, const char *suffix) const;

    QString m_directory;
    std::unique_ptr<DiskFlusher> m_flusher; // last: its destructor waits for the syncs
};

} // namespace necrocode
