import unittest

from calculator.core import multiply, subtract


class SubtractTest(unittest.TestCase):
    def test_subtracts(self):
        self.assertEqual(subtract(7, 10), -3)


class MultiplyTest(unittest.TestCase):
    def test_multiplies(self):
        self.assertEqual(multiply(6, 7), 42)

    def test_multiplying_by_zero_gives_zero(self):
        self.assertEqual(multiply(123, 0), 0)


if __name__ == "__main__":
    unittest.main()
