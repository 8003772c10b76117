import unittest

from calculator.division import CalculatorError
from calculator.expression import evaluate


class EvaluateTest(unittest.TestCase):
    def test_multiplication_binds_tighter_than_addition(self):
        self.assertEqual(evaluate("1 + 2 * 3"), 7)

    def test_parentheses(self):
        self.assertEqual(evaluate("(1 + 2) * 3"), 9)

    def test_unary_minus_and_division(self):
        self.assertEqual(evaluate("-4 + 10 / 4"), -1.5)

    def test_division_by_zero(self):
        with self.assertRaises(CalculatorError):
            evaluate("1 / (2 - 2)")

    def test_incomplete_expression(self):
        with self.assertRaises(CalculatorError):
            evaluate("2 +")


if __name__ == "__main__":
    unittest.main()
