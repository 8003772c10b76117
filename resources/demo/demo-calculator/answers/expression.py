"""Evaluates arithmetic expressions such as "2 * (3 + 4) / 7"."""

import re

from calculator.core import add, multiply, subtract
from calculator.division import CalculatorError, divide

_TOKEN = re.compile(r"\s*(?:(\d+\.?\d*|\.\d+)|(.))")
_OPERATORS = {"+": add, "-": subtract, "*": multiply, "/": divide}


def _tokens(text):
    tokens = []
    for number, symbol in _TOKEN.findall(text):
        if number:
            tokens.append(float(number) if "." in number else int(number))
        elif symbol.strip():
            if symbol not in "+-*/()":
                raise CalculatorError(f"unexpected character {symbol!r}")
            tokens.append(symbol)
    return tokens


class _Parser:
    def __init__(self, tokens):
        self._tokens = tokens
        self._position = 0

    def parse(self):
        value = self._expression()
        if self._position != len(self._tokens):
            raise CalculatorError(f"unexpected {self._tokens[self._position]!r}")
        return value

    def _peek(self):
        return self._tokens[self._position] if self._position < len(self._tokens) else None

    def _take(self):
        token = self._peek()
        self._position += 1
        return token

    def _expression(self):
        value = self._term()
        while self._peek() in ("+", "-"):
            value = _OPERATORS[self._take()](value, self._term())
        return value

    def _term(self):
        value = self._factor()
        while self._peek() in ("*", "/"):
            value = _OPERATORS[self._take()](value, self._factor())
        return value

    def _factor(self):
        token = self._take()
        if token == "-":
            return -self._factor()
        if token == "(":
            value = self._expression()
            if self._take() != ")":
                raise CalculatorError("missing closing parenthesis")
            return value
        if isinstance(token, (int, float)):
            return token
        raise CalculatorError("expected a number" if token is None else f"unexpected {token!r}")


def evaluate(text):
    """Return the value of an arithmetic expression; errors raise CalculatorError."""
    return _Parser(_tokens(text)).parse()
