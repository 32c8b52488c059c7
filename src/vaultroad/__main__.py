"""`python -m vaultroad` runs the command line."""

from .cli import main

main()
