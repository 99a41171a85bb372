"""Launch-day load harness (issue 13): a Bot API emulator and simulated citizens in one asyncio process.

How to run it and what the figures mean: bench/load/__main__.py. This package is imported by the
stack launcher on the Rasa side's Python 3.10 too (bench/load/stack.py): keep this file empty.
"""
