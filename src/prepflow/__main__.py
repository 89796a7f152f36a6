"""``python -m prepflow``: the same as the ``prepflow`` command."""

from prepflow.cli import main

main()
