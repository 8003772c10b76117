// Any bytes as a scripted-model scenario file (read relative to the demo's scenario, so that its
// content files resolve), followed after the first NUL by a prompt. Loading must not crash or
// hang on any regex, and a loaded scenario must answer every prompt, the same answer each time,
// with a finish reason and, for a code-change answer, a JSON object the runner can read.
#include "llm/ScriptedScenario.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace necrocode;

namespace {

[[noreturn]] void fail(const char *what, const QString &detail)
{
    std::fprintf(stderr, "scenario: %s\n%s\n", what, qPrintable(detail.left(2000)));
    std::abort();
}

// Whether every answer that could carry this rule name is written as an "answer" object (code
// changes), not as raw content, which may be anything on purpose (failure demos). A rule without
// a name is called after its place ("rules[2]"); no name at all is the built-in fallback.
bool writtenAsCodeChanges(const QByteArray &json, const QString &ruleName)
{
    const auto isCodeChanges = [](const QJsonObject &o) {
        return o.value("answer").isObject() && !o.contains("raw_content");
    };
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    if (ruleName.isEmpty() && root.contains("fallback"))
        return false;
    if (const QJsonObject fallback = root.value("fallback").toObject();
        fallback.value("name").toString() == ruleName && !isCodeChanges(fallback))
        return false;
    const QJsonArray rules = root.value("rules").toArray();
    for (qsizetype i = 0; i < rules.size(); ++i) {
        const QJsonObject rule = rules.at(i).toObject();
        if (rule.value("name").toString(QStringLiteral("rules[%1]").arg(i)) == ruleName &&
            !isCodeChanges(rule))
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype split = bytes.indexOf('\0');
    const QByteArray json = split < 0 ? bytes : bytes.left(split);
    const QString prompt = split < 0 ? QString() : QString::fromUtf8(bytes.mid(split + 1));
    static const QString baseDirectory =
        QFileInfo(QStringLiteral(NECROCODE_DEMO_SCENARIO)).absolutePath();
    const Result<ScriptedScenario> scenario = ScriptedScenario::fromJson(json, baseDirectory);
    if (!scenario) {
        if (scenario.errorMessage().isEmpty())
            fail("a scenario was refused without a reason", QString::fromUtf8(json));
        return 0;
    }
    const ScriptedAnswer answer = scenario->answerFor(prompt);
    const ScriptedAnswer again = scenario->answerFor(prompt);
    if (answer.content != again.content || answer.ruleName != again.ruleName ||
        answer.finishReason != again.finishReason)
        fail("the same prompt got two answers", prompt);
    if (answer.finishReason.isEmpty())
        fail("an answer has no finish reason", answer.ruleName);
    if (writtenAsCodeChanges(json, answer.ruleName) &&
        !QJsonDocument::fromJson(answer.content.toUtf8()).isObject())
        fail("a code-change answer is not a JSON object", answer.content);
    return 0;
}
