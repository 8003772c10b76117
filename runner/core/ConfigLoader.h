// Loads a RunnerConfig from a file (JSON or INI), the environment and command-line overrides, in
// that order of precedence (the command line wins), validating each value as it is applied.
#pragma once

#include "core/RunnerConfig.h"

#include <QJsonValue>
#include <QProcessEnvironment>

#include <functional>

namespace necrocode {

struct ConfigKey
{
    // SecretFile: the value is the path of a file whose content (trimmed) is the secret, e.g. a
    // mounted Kubernetes Secret; it sets the same field as the key without "_file".
    enum class Kind { String, Url, Integer, Number, Bool, Level, Choice, SecretFile };
    QString name; // dotted, e.g. "llm.base_url"
    Kind kind = Kind::String;
    bool secret = false;
    double minimum = 0;
    double maximum = 0;  // minimum == maximum: no range check
    QStringList choices; // Kind::Choice: the values allowed
    std::function<void(RunnerConfig &, const QJsonValue &)> set;
    std::function<QJsonValue(const RunnerConfig &)> get;

    // NECROCODE_LLM_BASE_URL for "llm.base_url".
    QString environmentName() const;
};

struct ConfigSources
{
    QString filePath; // empty: none
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QList<QPair<QString, QString>> overrides; // (key, value) from the command line, in order
};

class ConfigLoader
{
public:
    static const QList<ConfigKey> &keys();
    static const ConfigKey *findKey(const QString &name);

    static Result<RunnerConfig> load(const ConfigSources &sources);

    // Each apply* validates and names the key, the source and the bad value on error.
    static Status applyFile(RunnerConfig &config, const QString &path);
    static Status applyJson(RunnerConfig &config, const QJsonObject &object, const QString &source);
    static Status applyEnvironment(RunnerConfig &config, const QProcessEnvironment &environment);
    static Status applyText(RunnerConfig &config, const QString &key, const QString &text,
                            const QString &source);
    static Status applyValue(RunnerConfig &config, const ConfigKey &key, const QJsonValue &value,
                             const QString &source);
    // Checks that hold across keys (e.g. URLs are http or https).
    static Status validate(const RunnerConfig &config);
};

} // namespace necrocode
