import unittest

from calculator.core import add


class AddTest(unittest.TestCase):
    def test_adds_integers(self):
        self.assertEqual(add(2, 3), 5)

    def test_adds_floats(self):
        self.assertAlmostEqual(add(0.1, 0.2), 0.3)


if __name__ == "__main__":
    unittest.main()
