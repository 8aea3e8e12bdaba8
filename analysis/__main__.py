"""`python -m analysis` runs the framing CLI."""

from analysis.cli import main

main()
