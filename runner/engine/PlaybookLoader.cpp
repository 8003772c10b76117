#include "engine/PlaybookLoader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <yaml-cpp/yaml.h>

#include <type_traits>

namespace necrocode {

namespace {

// Turns yaml-cpp's nodes into a Playbook; remembers the first problem with its position.
class PlaybookReader
{
public:
    explicit PlaybookReader(QString source) : m_source(std::move(source)) {}

    Result<Playbook> read(const YAML::Node &root)
    {
        Playbook playbook;
        playbook.source = m_source;
        playbook.name = QFileInfo(m_source).completeBaseName();
        if (!root.IsMap())
            return error(root, QStringLiteral("the playbook must be a mapping with 'steps'"));
        for (const auto &entry : root) {
            const std::string key = entry.first.Scalar();
            if (key == "name") {
                if (!text(entry.second, QStringLiteral("name"), playbook.name))
                    return m_error;
            } else if (key == "description") {
                QString ignored;
                if (!text(entry.second, QStringLiteral("description"), ignored))
                    return m_error;
            } else if (key != "steps") {
                return error(entry.first,
                             QStringLiteral("unknown key '%1' (expected name, description, "
                                            "steps)")
                                 .arg(QString::fromStdString(key)));
            }
        }
        const YAML::Node steps = root["steps"];
        if (!steps || !steps.IsSequence())
            return error(root, QStringLiteral("'steps' must be a list of steps"));
        for (const YAML::Node &node : steps) {
            PlaybookStep step;
            if (!readStep(node, step))
                return m_error;
            playbook.steps.append(std::move(step));
        }
        if (const Status valid = playbook.validate(); !valid)
            return valid.error();
        return playbook;
    }

private:
    static int lineOf(const YAML::Node &node) { return node.Mark().line + 1; }

    Error error(const YAML::Node &node, const QString &problem)
    {
        const YAML::Mark mark = node.Mark();
        m_error = makeError(QStringLiteral("%1: line %2, column %3: %4")
                                .arg(m_source)
                                .arg(mark.line + 1)
                                .arg(mark.column + 1)
                                .arg(problem),
                            QStringLiteral("playbook"));
        return m_error;
    }

    bool text(const YAML::Node &node, const QString &key, QString &out)
    {
        if (!node.IsScalar()) {
            error(node, QStringLiteral("'%1' must be text").arg(key));
            return false;
        }
        out = QString::fromStdString(node.Scalar());
        return true;
    }

    template <typename T> bool number(const YAML::Node &node, const QString &key, T &out)
    {
        if (!node.IsScalar() || !YAML::convert<T>::decode(node, out)) {
            error(node, std::is_integral_v<T>
                            ? QStringLiteral("'%1' must be a whole number").arg(key)
                            : QStringLiteral("'%1' must be a number").arg(key));
            return false;
        }
        return true;
    }

    bool flag(const YAML::Node &node, const QString &key, bool &out)
    {
        if (!node.IsScalar() || !YAML::convert<bool>::decode(node, out)) {
            error(node, QStringLiteral("'%1' must be true or false").arg(key));
            return false;
        }
        return true;
    }

    bool readElse(const YAML::Node &node, PlaybookStep &step)
    {
        if (node.IsScalar())
            return text(node, QStringLiteral("else"), step.elseCommand);
        if (!node.IsMap() || !node["command"] || node.size() != 1) {
            error(node, QStringLiteral("'else' must be a command or a mapping with only "
                                       "'command'"));
            return false;
        }
        return text(node["command"], QStringLiteral("else.command"), step.elseCommand);
    }

    bool readStep(const YAML::Node &node, PlaybookStep &step)
    {
        step.line = lineOf(node);
        if (!node.IsMap()) {
            error(node, QStringLiteral("a step must be a mapping with 'name' and 'command'"));
            return false;
        }
        const YAML::Node name = node["name"];
        if (!name || !text(name, QStringLiteral("name"), step.name)) {
            if (!name)
                error(node, QStringLiteral("the step has no 'name'"));
            return false;
        }
        bool haveIf = false;
        for (const auto &entry : node) {
            const std::string key = entry.first.Scalar();
            const YAML::Node &value = entry.second;
            bool ok = true;
            if (key == "name") {
                continue;
            } else if (key == "command") {
                ok = text(value, QStringLiteral("command"), step.command);
            } else if (key == "if" || key == "condition") {
                if (haveIf) {
                    error(entry.first, QStringLiteral("step '%1': 'if' and 'condition' are the "
                                                      "same; give one")
                                           .arg(step.name));
                    return false;
                }
                haveIf = true;
                QString condition;
                ok = text(value, QString::fromStdString(key), condition);
                if (ok) {
                    auto parsed = PlaybookCondition::parse(condition);
                    if (!parsed) {
                        error(
                            value,
                            QStringLiteral("step '%1': %2").arg(step.name, parsed.errorMessage()));
                        return false;
                    }
                    step.condition = std::move(parsed).value();
                }
            } else if (key == "else") {
                ok = readElse(value, step);
            } else if (key == "for_each") {
                ok = text(value, QStringLiteral("for_each"), step.forEach);
            } else if (key == "timeout_seconds") {
                int seconds = 0;
                ok = number(value, QStringLiteral("timeout_seconds"), seconds);
                step.timeoutSeconds = seconds;
            } else if (key == "retries") {
                ok = number(value, QStringLiteral("retries"), step.retries);
            } else if (key == "retry_delay_seconds") {
                ok = number(value, QStringLiteral("retry_delay_seconds"), step.retryDelaySeconds);
            } else if (key == "continue_on_error") {
                ok = flag(value, QStringLiteral("continue_on_error"), step.continueOnError);
            } else {
                error(entry.first,
                      QStringLiteral("step '%1': unknown key '%2' (expected name, command, if, "
                                     "else, for_each, timeout_seconds, retries, "
                                     "retry_delay_seconds, continue_on_error)")
                          .arg(step.name, QString::fromStdString(key)));
                return false;
            }
            if (!ok)
                return false;
        }
        if (!step.elseCommand.isEmpty() && !step.condition) {
            error(node, QStringLiteral("step '%1': 'else' needs an 'if'").arg(step.name));
            return false;
        }
        return true;
    }

    QString m_source;
    Error m_error;
};

} // namespace

Result<Playbook> PlaybookLoader::parse(const QByteArray &yaml, const QString &sourceName)
{
    YAML::Node root;
    try {
        root = YAML::Load(yaml.toStdString());
    } catch (const YAML::Exception &e) {
        return makeError(QStringLiteral("%1: line %2, column %3: %4")
                             .arg(sourceName)
                             .arg(e.mark.line + 1)
                             .arg(e.mark.column + 1)
                             .arg(QString::fromStdString(e.msg)),
                         QStringLiteral("playbook"));
    }
    if (!root || root.IsNull())
        return makeError(QStringLiteral("%1: the playbook is empty").arg(sourceName),
                         QStringLiteral("playbook"));
    return PlaybookReader(sourceName).read(root);
}

Result<Playbook> PlaybookLoader::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(
            QStringLiteral("cannot read the playbook %1: %2").arg(path, file.errorString()),
            QStringLiteral("playbook"));
    return parse(file.readAll(), path);
}

Result<Playbook> PlaybookLoader::loadForTask(const TaskContext &task, const QString &workspace,
                                             const QString &configuredPath)
{
    if (!task.playbookPath.isEmpty()) {
        const QString path = QDir::isAbsolutePath(task.playbookPath)
                                 ? task.playbookPath
                                 : QDir(workspace).filePath(task.playbookPath);
        return load(path);
    }
    if (!configuredPath.isEmpty())
        return load(configuredPath);
    return load(defaultPath());
}

} // namespace necrocode
