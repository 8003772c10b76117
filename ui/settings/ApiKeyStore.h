// Keeps the LLM API key out of the settings file: in the desktop keychain (QtKeychain) when one
// answers, otherwise only in memory until the console exits.
#pragma once

#include <QObject>
#include <QString>

namespace necrocode {

class ApiKeyStore : public QObject
{
    Q_OBJECT

public:
    enum class Storage { Checking, Keychain, SessionOnly };
    enum class Mode { UseKeychain, SessionOnly };

    static constexpr const char *kKeychainService = "necrocode-console";
    static constexpr const char *kKeychainKey = "llm.api_key";

    explicit ApiKeyStore(Mode mode = Mode::UseKeychain, QObject *parent = nullptr);

    Storage storage() const { return m_storage; }
    QString apiKey() const { return m_apiKey; }

    // Reads the key from the keychain; apiKeyLoaded() follows, also when there is none.
    void load();
    // Keeps `key` (an empty key removes it) in the keychain, or in memory without one.
    void store(const QString &key);

Q_SIGNALS:
    void apiKeyLoaded(const QString &key);
    void storageChanged(necrocode::ApiKeyStore::Storage storage);

private:
    void setStorage(Storage storage);

    Mode m_mode;
    Storage m_storage;
    QString m_apiKey;
    bool m_storedWhileChecking = false; // a key to write once the keychain answers
};

} // namespace necrocode
