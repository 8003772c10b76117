"""Arithmetic building blocks of the demo calculator."""


def add(a, b):
    """Return the sum of a and b."""
    return a + b
