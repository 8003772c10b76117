// The Artifact Store's files: each artifact is <id>.bin plus <id>.json (metadata) in one
// directory, written atomically. Ids are 32 random hex digits.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

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

private:
    QString pathFor(const QString &id, const char *suffix) const;

    QString m_directory;
};

} // namespace necrocode
