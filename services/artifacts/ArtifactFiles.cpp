#include "artifacts/ArtifactFiles.h"

#include "UtcTimestamp.h"
#include "workspace/AtomicFileWrite.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>

namespace necrocode {

namespace {

Error storageError(const QString &message)
{
    return makeError(message, QStringLiteral("storage"));
}

Error unknownArtifact(const QString &id)
{
    return makeError(QStringLiteral("unknown artifact '%1'").arg(id), QStringLiteral("not_found"));
}

QString newId()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toHex());
}

} // namespace

QJsonObject StoredArtifact::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("type"), type},
        {QStringLiteral("size"), sizeBytes},
        {QStringLiteral("size_bytes"), sizeBytes},
        {QStringLiteral("sha256"), sha256},
        {QStringLiteral("created_at"), createdAt},
        {QStringLiteral("content_type"), QString::fromLatin1(contentType)},
        {QStringLiteral("filename"), fileName},
        {QStringLiteral("metadata"), metadata},
    };
}

StoredArtifact StoredArtifact::fromJson(const QJsonObject &o)
{
    StoredArtifact a;
    a.id = o.value(QStringLiteral("id")).toString();
    a.type = o.value(QStringLiteral("type")).toString();
    a.sizeBytes = o.value(QStringLiteral("size_bytes")).toInteger();
    a.sha256 = o.value(QStringLiteral("sha256")).toString();
    a.createdAt = o.value(QStringLiteral("created_at")).toString();
    a.contentType = o.value(QStringLiteral("content_type")).toString().toLatin1();
    a.fileName = o.value(QStringLiteral("filename")).toString();
    a.metadata = o.value(QStringLiteral("metadata")).toObject();
    return a;
}

ArtifactFiles::ArtifactFiles(QString directory)
    : m_directory(std::move(directory)), m_flusher(std::make_unique<DiskFlusher>())
{
    QDir().mkpath(m_directory);
}

bool ArtifactFiles::isValidId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9a-f]{32}$"));
    return pattern.match(id).hasMatch();
}

QString ArtifactFiles::pathFor(const QString &id, const char *suffix) const
{
    return QDir(m_directory).filePath(id + QLatin1String(suffix));
}

Result<StoredArtifact> ArtifactFiles::store(const QByteArray &bytes, const QString &type,
                                            const QJsonObject &metadata,
                                            const QByteArray &contentType, const QString &fileName)
{
    StoredArtifact artifact;
    artifact.id = newId();
    artifact.type = type;
    artifact.sizeBytes = bytes.size();
    artifact.sha256 =
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    artifact.createdAt = isoUtcNow();
    artifact.contentType =
        contentType.isEmpty() ? QByteArray("application/octet-stream") : contentType;
    artifact.fileName = fileName;
    artifact.metadata = metadata;
    // The content first: the metadata, which makes the artifact known, never names a missing file.
    if (Status written = writeFileAtomically(pathFor(artifact.id, ".bin"), bytes); !written)
        return storageError(written.errorMessage());
    const QByteArray description = QJsonDocument(artifact.toJson()).toJson(QJsonDocument::Indented);
    if (Status written = writeFileAtomically(pathFor(artifact.id, ".json"), description);
        !written) {
        QFile::remove(pathFor(artifact.id, ".bin"));
        return storageError(written.errorMessage());
    }
    m_flusher->flush(pathFor(artifact.id, ".bin"));
    m_flusher->flush(pathFor(artifact.id, ".json"));
    return artifact;
}

Result<StoredArtifact> ArtifactFiles::describe(const QString &id) const
{
    if (!isValidId(id))
        return unknownArtifact(id);
    QFile file(pathFor(id, ".json"));
    if (!file.open(QIODevice::ReadOnly))
        return unknownArtifact(id);
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
    if (!doc.isObject())
        return storageError(QStringLiteral("the metadata of artifact '%1' is damaged").arg(id));
    return StoredArtifact::fromJson(doc.object());
}

Result<QByteArray> ArtifactFiles::read(const QString &id) const
{
    if (!isValidId(id))
        return unknownArtifact(id);
    QFile file(pathFor(id, ".bin"));
    if (!file.open(QIODevice::ReadOnly))
        return unknownArtifact(id);
    return file.readAll();
}

} // namespace necrocode
