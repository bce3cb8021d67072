"""malicli: an offline reference on the Mali War (2012 to today)."""

__version__ = "0.1.0"


def run() -> None:
    """The console script: Ctrl-C at any point once malicli runs exits 130 without a traceback.

    Nothing is imported before the ``try``: the command line and its libraries load inside it,
    so an interrupt while they load is handled like one during the command.
    """
    try:
        from .cli import main

        main()
    except KeyboardInterrupt:
        import sys

        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
