#include "settings/ConfigSettings.h"

#include <QSettings>

namespace necrocode {

RunnerConfig ConfigSettings::load(RunnerConfig base, QStringList *problems) const
{
    m_settings.beginGroup(QString::fromLatin1(kGroup));
    const QStringList names = m_settings.childKeys();
    for (const QString &name : names) {
        const ConfigKey *key = ConfigLoader::findKey(name);
        if (!key || key->secret)
            continue;
        RunnerConfig candidate = base;
        const Status applied = ConfigLoader::applyText(
            candidate, name, m_settings.value(name).toString(), QString::fromLatin1(kSource));
        if (applied)
            base = std::move(candidate);
        else if (problems)
            problems->append(applied.errorMessage());
    }
    m_settings.endGroup();
    return base;
}

void ConfigSettings::save(const RunnerConfig &config, const QStringList &keys)
{
    m_settings.beginGroup(QString::fromLatin1(kGroup));
    for (const QString &name : keys) {
        const ConfigKey *key = ConfigLoader::findKey(name);
        if (!key || key->secret)
            continue;
        m_settings.setValue(name, textOf(config, *key));
    }
    m_settings.endGroup();
}

QString ConfigSettings::textOf(const RunnerConfig &config, const ConfigKey &key)
{
    const QJsonValue value = key.get(config);
    switch (key.kind) {
    case ConfigKey::Kind::Integer:
        return QString::number(qint64(value.toDouble()));
    case ConfigKey::Kind::Number:
        return QString::number(value.toDouble(), 'g', 15);
    case ConfigKey::Kind::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return value.toString();
    }
}

} // namespace necrocode
