// The message part of a LogQuery, prepared for fast tests on UTF-8 message bytes: a byte search
// for plain or ASCII case-insensitive text, Unicode comparison where case folding needs it, or
// the compiled regular expression. Shared by the store's matcher and the streaming `logs`
// scan. Not thread-safe (it keeps a scratch string): one per thread.
#pragma once

#include "logstore/ByteSearch.h"
#include "logstore/LogQuery.h"

#include <QByteArrayView>
#include <QRegularExpression>

#include <optional>

namespace necrocode {

class LogMessageMatcher
{
public:
    explicit LogMessageMatcher(const LogQuery &query);
    LogMessageMatcher(const LogMessageMatcher &) = delete;
    LogMessageMatcher &operator=(const LogMessageMatcher &) = delete;

    bool acceptsAny() const { return m_mode == Mode::Any; }
    // True when the query's regular expression is invalid: nothing matches.
    bool matchesNothing() const { return m_matchesNothing; }
    // `isAscii` says whether `utf8` is all ASCII (the store keeps that per row).
    bool matches(QByteArrayView utf8, bool isAscii) const;

private:
    enum class Mode : quint8 { Any, AsciiIgnoringCase, ExactBytes, UnicodeText, Expression };

    const QString &messageText(QByteArrayView utf8, bool isAscii) const;

    Mode m_mode = Mode::Any;
    bool m_matchesNothing = false;
    std::optional<ByteSearch> m_byteSearch;
    QString m_text;
    Qt::CaseSensitivity m_caseSensitivity;
    QRegularExpression m_expression;
    mutable QString m_messageScratch;
};

} // namespace necrocode
