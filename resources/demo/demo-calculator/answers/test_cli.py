import os
import subprocess
import sys
import unittest

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_calculator(*args):
    return subprocess.run([sys.executable, "-m", "calculator", *args], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=30)


class CommandLineTest(unittest.TestCase):
    def test_prints_the_value(self):
        result = run_calculator("2 * (3 + 4)")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), "14")

    def test_reports_errors_on_stderr(self):
        result = run_calculator("1 / 0")
        self.assertEqual(result.returncode, 1)
        self.assertIn("divide by zero", result.stderr)


if __name__ == "__main__":
    unittest.main()
