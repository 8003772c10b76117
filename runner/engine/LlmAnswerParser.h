// Reads the model's code-change answer: tolerant where it is safe (fenced JSON, prose around
// the object, unknown keys), strict where it matters (operations and paths).
#pragma once

#include "core/Result.h"
#include "workspace/CodeChange.h"

namespace necrocode {

// The parsed answer: the changes to apply and the model's explanation.
struct LlmAnswer
{
    QList<CodeChange> changes;
    QString explanation;
};

// How much one answer may change: larger answers or changes fail with kind "limits" before
// anything is written.
struct ChangeLimits
{
    qint64 maxAnswerBytes = qint64{4} * 1024 * 1024; // the answer's text, UTF-8
    qint64 maxFileBytes = qint64{1024} * 1024;       // one file's new content
    qint64 maxTotalBytes = qint64{8} * 1024 * 1024;  // every file's new content together
    int maxFiles = 500;
};

class LlmAnswerParser
{
public:
    // Errors have kind "parse" (or "limits") and a message that names the offending change.
    static Result<LlmAnswer> parse(const QString &content, const ChangeLimits &limits = {});

private:
    static QString extractJsonText(const QString &content);
};

} // namespace necrocode
