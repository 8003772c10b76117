"""Exponentiation for the demo calculator."""

from calculator.core import multiply


def power(base, exponent):
    """Return base raised to a non-negative integer exponent."""
    result = 1
    for _ in range(exponent - 1):
        result = multiply(result, base)
    return result
