// Replaces secrets in log text with "***" before an entry leaves the process: known secrets from
// configuration and the usual credential shapes (bearer tokens, API keys, passwords in URLs, ...).
#pragma once

#include "log/LogEntry.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QStringMatcher>

#include <optional>
#include <vector>

namespace necrocode {

class SecretMasker
{
public:
    // Known secrets shorter than this (ignoring surrounding blanks) are ignored: masking "abc"
    // everywhere would destroy the log without protecting anything.
    static constexpr qsizetype kMinimumSecretLength = 4;

    static QLatin1StringView maskText() { return QLatin1StringView("***"); }

    // Adds a secret (API key, token, password) that is masked wherever it appears verbatim, URL
    // percent-encoded or JSON-escaped. Short and duplicate secrets are ignored.
    void addKnownSecret(const QString &secret);
    void addKnownSecrets(const QStringList &secrets);
    qsizetype knownSecretCount() const { return m_knownSecretCount; }

    // Returns `text` with every secret replaced by "***"; returns `text` itself (no copy) when
    // nothing in it can be a secret.
    QString mask(const QString &text) const;

    // Replaces only the known secrets (exact values and their encoded forms), never a shape:
    // for committed content such as a diff, which must stay the code that was pushed.
    QString maskKnownSecrets(const QString &text) const;

    // Masks the message, the exception and every string inside `extra`; keys stay as they are.
    void maskEntry(LogEntry &entry) const;

    // Masks every string value, recursively. Values under a sensitive key (`api_key`,
    // `password`, `authorization`, ...) are replaced as a whole, numbers included.
    QJsonObject maskJsonObject(const QJsonObject &object) const;
    QJsonValue maskJsonValue(const QJsonValue &value) const;

    // True for keys whose values are credentials: names ending in api_key, access_key, token,
    // password, secret, authorization, credentials, ... (case, '_' and '-' ignored).
    static bool isSensitiveKey(QStringView key);

private:
    std::optional<QJsonValue> maskedValue(const QJsonValue &value, bool sensitive) const;
    std::optional<QJsonObject> maskedObject(const QJsonObject &object, bool sensitive) const;

    std::vector<QStringMatcher> m_knownSecretForms;
    qsizetype m_knownSecretCount = 0;
};

} // namespace necrocode
