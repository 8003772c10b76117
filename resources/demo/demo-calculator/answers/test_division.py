import unittest

from calculator.division import CalculatorError, divide


class DivideTest(unittest.TestCase):
    def test_divides(self):
        self.assertEqual(divide(9, 4), 2.25)

    def test_dividing_by_zero_is_a_calculator_error(self):
        with self.assertRaisesRegex(CalculatorError, "divide by zero"):
            divide(1, 0)


if __name__ == "__main__":
    unittest.main()
