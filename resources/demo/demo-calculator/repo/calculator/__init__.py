"""The demo calculator package."""
