// Any bytes as the model's answer: with the first byte odd, a whole Chat Completions body read by
// LlmClient::parseCompletion whose content then goes on; otherwise the answer's text itself. The
// answer parser must not crash, and whatever it accepts must be safe to apply: every path stays
// inside the workspace and out of .git, no file is changed twice, and the limits (made from the
// second byte) hold.
#include "engine/LlmAnswerParser.h"
#include "net/LlmClient.h"

#include <QDir>
#include <QSet>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace necrocode;

namespace {

[[noreturn]] void fail(const char *what, const QString &path)
{
    std::fprintf(stderr, "LlmAnswerParser accepted %s: '%s'\n", what, qPrintable(path));
    std::abort();
}

// Written out here on purpose rather than calling the parser's own check: an oracle that
// shares the code under test cannot catch its mistakes.
bool isGitLike(QString part)
{
    while (part.endsWith(QLatin1Char(' ')) || part.endsWith(QLatin1Char('.')))
        part.chop(1);
    return part.compare(QLatin1String(".git"), Qt::CaseInsensitive) == 0 ||
           part.compare(QLatin1String("git~1"), Qt::CaseInsensitive) == 0;
}

void checkPath(const QString &path)
{
    const QString workspace = QStringLiteral("/workspace");
    const QString resolved = QDir::cleanPath(workspace + QLatin1Char('/') + path);
    if (!resolved.startsWith(workspace + QLatin1Char('/')))
        fail("a path outside the workspace", path);
    if (path.contains(QLatin1Char('\\')) || path.contains(QChar(0)))
        fail("a path with a backslash or NUL", path);
    for (const QString &part : path.split(QLatin1Char('/'))) {
        if (part.isEmpty() || part == QLatin1String(".") || part == QLatin1String(".."))
            fail("a path that is not normalised", path);
        if (isGitLike(part))
            fail("a path inside .git", path);
    }
}

void checkAnswer(const QString &content, const ChangeLimits &limits)
{
    const Result<LlmAnswer> answer = LlmAnswerParser::parse(content, limits);
    if (!answer)
        return;
    if (answer->changes.size() > limits.maxFiles)
        fail("more files than the limit", QString::number(answer->changes.size()));
    QSet<QString> seen;
    qint64 total = 0;
    for (const CodeChange &change : answer->changes) {
        checkPath(change.filePath);
        if (seen.contains(change.filePath))
            fail("the same file twice", change.filePath);
        seen.insert(change.filePath);
        const qint64 bytes = change.content.toUtf8().size();
        if (bytes > limits.maxFileBytes)
            fail("a file over the limit", change.filePath);
        total += bytes;
    }
    if (total > limits.maxTotalBytes)
        fail("changes over the total limit", QString::number(total));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 2)
        return 0;
    ChangeLimits limits;
    limits.maxAnswerBytes = 64 * 1024;
    limits.maxFileBytes = 1 + qint64(data[1]) * 8;
    limits.maxTotalBytes = 2 * limits.maxFileBytes;
    limits.maxFiles = 1 + data[1] % 8;
    const QByteArray bytes(reinterpret_cast<const char *>(data) + 2, qsizetype(size - 2));
    if (data[0] % 2 == 1) {
        const Result<ChatResponse> response = LlmClient::parseCompletion(bytes);
        if (response)
            checkAnswer(response->content, limits);
        return 0;
    }
    checkAnswer(QString::fromUtf8(bytes), limits);
    return 0;
}
