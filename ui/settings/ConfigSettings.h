// Keeps the console's runner settings in QSettings under "config/", one value per ConfigLoader
// key name ("config/llm.base_url"), read back through ConfigLoader so they validate exactly like
// the headless runner's. Secret keys (tokens, the API key) are never written.
#pragma once

#include "core/ConfigLoader.h"

#include <QStringList>

class QSettings;

namespace necrocode {

class ConfigSettings
{
public:
    static constexpr const char *kGroup = "config";
    static constexpr const char *kSource = "console settings";

    explicit ConfigSettings(QSettings &settings) : m_settings(settings) {}

    // `base` with the stored values applied; a stored value that does not validate is skipped
    // and its message added to `problems`.
    RunnerConfig load(RunnerConfig base, QStringList *problems = nullptr) const;
    // Writes the values of `keys` from `config`, skipping secret keys.
    void save(const RunnerConfig &config, const QStringList &keys);

    // A key's value as ConfigLoader::applyText reads it back.
    static QString textOf(const RunnerConfig &config, const ConfigKey &key);

private:
    QSettings &m_settings;
};

} // namespace necrocode
