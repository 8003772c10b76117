#include "settings/ApiKeyStore.h"

#include <qt6keychain/keychain.h>

namespace necrocode {

namespace {

QString serviceName()
{
    return QString::fromLatin1(ApiKeyStore::kKeychainService);
}

QString keyName()
{
    return QString::fromLatin1(ApiKeyStore::kKeychainKey);
}

} // namespace

ApiKeyStore::ApiKeyStore(Mode mode, QObject *parent)
    : QObject(parent), m_mode(mode),
      m_storage(mode == Mode::UseKeychain ? Storage::Checking : Storage::SessionOnly)
{}

void ApiKeyStore::setStorage(Storage storage)
{
    if (storage == m_storage)
        return;
    m_storage = storage;
    Q_EMIT storageChanged(storage);
}

void ApiKeyStore::load()
{
    if (m_mode == Mode::SessionOnly) {
        Q_EMIT apiKeyLoaded(m_apiKey);
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(keyName());
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        const QKeychain::Error error = job->error();
        if (error != QKeychain::NoError && error != QKeychain::EntryNotFound) {
            setStorage(Storage::SessionOnly);
        } else if (m_storedWhileChecking) {
            setStorage(Storage::Keychain);
            store(m_apiKey);
        } else {
            if (error == QKeychain::NoError)
                m_apiKey = job->textData();
            setStorage(Storage::Keychain);
        }
        m_storedWhileChecking = false;
        Q_EMIT apiKeyLoaded(m_apiKey);
    });
    job->start();
}

void ApiKeyStore::store(const QString &key)
{
    m_apiKey = key;
    m_storedWhileChecking = m_storage == Storage::Checking;
    if (m_storage != Storage::Keychain)
        return;
    QKeychain::Job *job = nullptr;
    if (key.isEmpty()) {
        job = new QKeychain::DeletePasswordJob(serviceName(), this);
    } else {
        auto *write = new QKeychain::WritePasswordJob(serviceName(), this);
        write->setTextData(key);
        job = write;
    }
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(keyName());
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        const QKeychain::Error error = job->error();
        if (error != QKeychain::NoError && error != QKeychain::EntryNotFound)
            setStorage(Storage::SessionOnly);
    });
    job->start();
}

} // namespace necrocode
