"""malicli: an offline reference on the Mali War (2012 to today)."""

__version__ = "0.1.0"


def run() -> None:
    """The console script: Ctrl-C even during start-up exits 130 without a traceback."""
    import sys

    try:
        from .cli import main
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
    main()
