// Reads the model's code-change answer: tolerant where it is safe (fenced JSON, prose around
// the object, unknown keys), strict where it matters (operations and paths).
#pragma once

#include "core/Result.h"
#include "net/CodeChange.h"

namespace necrocode {

class LlmAnswerParser
{
public:
    // Errors have kind "parse" and a message that names the offending change.
    static Result<LlmAnswer> parse(const QString &content);

    // Normalises a relative path ("./a//b" → "a/b") or explains why it is not allowed:
    // absolute, drive-letter, "..", ".git" components, empty.
    static Result<QString> checkRelativePath(const QString &path);

private:
    static QString extractJsonText(const QString &content);
};

} // namespace necrocode
