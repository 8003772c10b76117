// Any bytes as a YAML playbook, followed after the first NUL by a task title the model or a task
// author chose. The loader must not crash, and a playbook it accepts must expand every step for
// that task: each {{title}} becomes exactly one shell word that reads back as the title, so no
// title can add a command to a step.
#include "engine/PlaybookLoader.h"
#include "engine/PlaybookVariables.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>

using namespace necrocode;

namespace {

[[noreturn]] void fail(const char *what, const QString &detail)
{
    std::fprintf(stderr, "%s: %s\n", what, qPrintable(detail));
    std::abort();
}

// The words a POSIX shell makes of a line of plain words, 'single-quoted' parts and
// backslash-escaped characters; nullopt when the line holds anything else the shell would
// interpret ($, `, ", ;, |, &, <, >, (, ), *, ?, [, ~, #, a newline, an open quote).
std::optional<QStringList> plainShellWords(const QString &line)
{
    static const QString special = QStringLiteral("$`\";|&<>()*?[~#{}\n\r\t");
    QStringList words;
    QString word;
    bool inWord = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (c == QLatin1Char(' ')) {
            if (inWord)
                words.append(word);
            word.clear();
            inWord = false;
        } else if (c == QLatin1Char('\'')) {
            const qsizetype close = line.indexOf(QLatin1Char('\''), i + 1);
            if (close < 0)
                return std::nullopt;
            word += line.mid(i + 1, close - i - 1);
            inWord = true;
            i = close;
        } else if (c == QLatin1Char('\\')) {
            if (i + 1 >= line.size())
                return std::nullopt;
            word += line.at(++i);
            inWord = true;
        } else if (special.contains(c)) {
            return std::nullopt;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord)
        words.append(word);
    return words;
}

void checkTitleQuoting(const PlaybookVariables &variables, const QString &title)
{
    const Result<QString> line =
        variables.expand(QStringLiteral("echo {{ title }}"), PlaybookVariables::Quoting::Shell);
    if (!line)
        fail("{{title}} does not expand", line.errorMessage());
    const std::optional<QStringList> words = plainShellWords(*line);
    if (!words || words->size() != 2 || words->at(1) != title)
        fail("a title is not one quoted shell word", *line);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype nul = bytes.indexOf('\0');
    const QByteArray yaml = nul < 0 ? bytes : bytes.left(nul);
    TaskContext task;
    task.taskId = QStringLiteral("1.1");
    task.specName = QStringLiteral("fuzz");
    task.title = nul < 0 ? QStringLiteral("Add a feature") : QString::fromUtf8(bytes.mid(nul + 1));
    task.title.remove(QChar(0));
    task.relatedFiles = {QStringLiteral("a b.py"), task.title};
    const QStringList tests{QStringLiteral("python3 -m unittest"), QStringLiteral("make check")};
    PlaybookVariables variables = PlaybookVariables::forTask(task, QStringLiteral("/workspace"),
                                                             tests, QStringLiteral("main"));
    checkTitleQuoting(variables, task.title);

    const Result<Playbook> playbook = PlaybookLoader::parse(yaml, QStringLiteral("fuzz.yaml"));
    if (!playbook)
        return 0;
    for (const PlaybookStep &step : playbook->steps) {
        PlaybookVariables stepVariables = variables;
        if (!step.forEach.isEmpty())
            stepVariables.bindItem(step.forEach, variables.list(step.forEach).value(0));
        for (const QString &command : {step.command, step.elseCommand}) {
            const Result<QString> expanded =
                stepVariables.expand(command, PlaybookVariables::Quoting::Shell);
            if (!expanded)
                fail("a step of a valid playbook does not expand", expanded.errorMessage());
        }
        if (step.condition) {
            const Result<bool> holds =
                step.condition->evaluate(stepVariables, QStringLiteral("/nonexistent-workspace"));
            if (!holds)
                fail("a condition of a valid playbook cannot be evaluated", holds.errorMessage());
        }
    }
    return 0;
}
