"""`python -m samocode.entrypoints.cli`: the same as the `samocode` script."""

from samocode.entrypoints.cli import main

main()
