"""``python -m malicli``: the same entry point as the console script."""

from malicli import run

run()
