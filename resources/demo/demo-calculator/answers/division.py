"""Division that reports a clear error instead of a bare ZeroDivisionError."""


class CalculatorError(ValueError):
    """An input the calculator cannot compute."""


def divide(a, b):
    """Return a / b; dividing by zero raises CalculatorError."""
    if b == 0:
        raise CalculatorError("cannot divide by zero")
    return a / b
