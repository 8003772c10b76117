// A value or an error message: the result type used across threads instead of exceptions.
#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace necrocode {

struct Error
{
    QString message;
    QString kind; // a short class such as "parse", "config", "timeout"; may be empty

    friend bool operator==(const Error &, const Error &) = default;
};

template <typename T> class [[nodiscard]] Result
{
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_state); }
    T &value() & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const { return std::get<Error>(m_state); }
    QString errorMessage() const { return ok() ? QString() : error().message; }

private:
    std::variant<T, Error> m_state;
};

// Result<void>: success or an error.
struct Ok
{
};
using Status = Result<Ok>;

inline Error makeError(QString message, QString kind = {})
{
    return Error{std::move(message), std::move(kind)};
}

} // namespace necrocode

// Assigns the value of a Result expression to `target`, or returns its error from the enclosing
// function (which must return a Result).
#define NECRO_TRY_ASSIGN(target, expr)                                                             \
    do {                                                                                           \
        auto necroTryResult_ = (expr);                                                             \
        if (!necroTryResult_)                                                                      \
            return necroTryResult_.error();                                                        \
        (target) = std::move(necroTryResult_).value();                                             \
    } while (false)
