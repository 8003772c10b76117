"""Command line: python3 -m calculator "2 * (3 + 4)" prints 14."""

import sys

from calculator.division import CalculatorError
from calculator.expression import evaluate


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print('usage: python3 -m calculator "EXPRESSION"', file=sys.stderr)
        return 2
    try:
        value = evaluate(" ".join(args))
    except CalculatorError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(int(value) if float(value).is_integer() else value)
    return 0


if __name__ == "__main__":
    sys.exit(main())
