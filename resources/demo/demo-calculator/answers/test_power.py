import unittest

from calculator.power import power


class PowerTest(unittest.TestCase):
    def test_cube(self):
        self.assertEqual(power(2, 3), 8)

    def test_zero_exponent(self):
        self.assertEqual(power(5, 0), 1)


if __name__ == "__main__":
    unittest.main()
